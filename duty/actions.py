"""The duty module's actions, declared once: the roster's steps (`duty.roster_actions`) and
the incident reports' steps (`duty.incident_actions`). The console's forms and the API's
bodies are built from their fields (`minsheng.forms.form_field`,
`api.rest.inputs.fields_input`), and both doors call the same step functions."""

from __future__ import annotations

from duty.incident_actions import (
    INCIDENT_ACTIONS,
    INITIAL_FIELDS,
    IncidentAction,
    incident_action,
)
from duty.roster_actions import (
    GENERATE_ROTATION,
    ROSTER_ACTIONS,
    ROSTER_BY_NAME,
    RosterAction,
    plan_rotation,
)

__all__ = [
    "GENERATE_ROTATION",
    "INCIDENT_ACTIONS",
    "INITIAL_FIELDS",
    "ROSTER_ACTIONS",
    "ROSTER_BY_NAME",
    "IncidentAction",
    "RosterAction",
    "incident_action",
    "plan_rotation",
]
