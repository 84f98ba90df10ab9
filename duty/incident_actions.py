"""The duty module's actions, declared once: the console's forms and the API's bodies are
built from these (`minsheng.forms.form_field`, `api.rest.inputs.fields_input`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# ---- roster ----
# ---- incidents ----
from duty import escalation, incidents
from duty.models import (
    Alert,
    Incident,
    IncidentKind,
    Report,
    Severity,
)
from minsheng.actions import Field, StrOrPromise


@dataclass(frozen=True, eq=False)
class IncidentAction:
    """One step on an incident: `call(incident, data, user)` does it."""

    name: str
    label: StrOrPromise
    fields: tuple[Field, ...]
    call: Callable[[Incident, dict[str, Any], Any], object]
    versioned: bool = True
    summary: str = ""
    description: str = ""
    example: dict[str, Any] = field(default_factory=dict)


SEVERITY_CHOICES = tuple((str(v), label) for v, label in Severity.choices)


def _facts(required: bool, what_required: bool = True) -> tuple[Field, ...]:
    return (
        Field(
            "what_happened",
            _("What happened"),
            "text",
            rows=4,
            required=what_required,
            hint=_("The event: what, where, how many, what was done; never who took part."),
            help="The event: what, where, how many, what was done; never who took part.",
        ),
        Field(
            "severity",
            _("Severity"),
            "choice",
            choices=SEVERITY_CHOICES,
            required=required,
            help="1 (I, particularly serious) to 4 (IV, ordinary).",
        ),
        Field("place", _("Place"), "line", max_length=300, required=required),
        Field(
            "occurred_at",
            _("When it happened"),
            "datetime",
            required=required,
            hint=_("Your local time."),
        ),
        Field("known_at", _("When it became known"), "datetime", required=required),
        Field(
            "people_affected",
            _("People affected (a number)"),
            "number",
            min_value=0,
            max_value=incidents.PEOPLE_MAX,
            required=False,
            hint=_("How many people, never who."),
        ),
        Field("actions_taken", _("What was done"), "text", required=False),
        Field("needs", _("What is needed"), "text", required=False),
    )


INITIAL_FIELDS: tuple[Field, ...] = (
    Field("unit", _("Unit"), "unit", help="The unit's code."),
    Field("title", _("Short title"), "line", max_length=incidents.TITLE_MAX),
    Field("kind", _("Type"), "choice", choices=tuple(IncidentKind.choices)),
    *_facts(required=True),
)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "version"}


def _initial(data: dict[str, Any], user: Any) -> Incident:
    return incidents.file_initial(by=user, **data)


def _follow_up(i: Incident, d: dict[str, Any], user: Any) -> object:
    return incidents.file_follow_up(i, by=user, version=d.get("version"), **_clean(d))


def _final(i: Incident, d: dict[str, Any], user: Any) -> object:
    return incidents.file_final(i, by=user, version=d.get("version"), **_clean(d))


def _correct(i: Incident, d: dict[str, Any], user: Any) -> object:
    d = dict(d)
    sequence = d.pop("report")
    from minsheng.errors import DomainError

    report = Report.objects.filter(incident=i, sequence=sequence).order_by("-version").first()
    if report is None:
        raise DomainError(_("This incident has no report with that number."))
    return incidents.correct(
        report, by=user, reason=d.pop("reason", ""), version=d.get("version"), **_clean(d)
    )


def _acknowledge(i: Incident, d: dict[str, Any], user: Any) -> object:
    from minsheng.errors import DomainError

    alert = Alert.objects.filter(incident=i, acknowledged_at__isnull=True).order_by("-opened_at")
    first = alert.first()
    if first is None:
        raise DomainError(_("No alert of this incident is waiting for acknowledgement."))
    return escalation.acknowledge(first, by=user)


def _link(i: Incident, d: dict[str, Any], user: Any) -> object:
    return incidents.link_grievance(i, by=user, code=d["grievance"])


def _unlink(i: Incident, d: dict[str, Any], user: Any) -> object:
    incidents.unlink_grievance(i, by=user, code=d["grievance"])
    return i


GRIEVANCE = Field("grievance", _("Grievance receipt code"), "line", max_length=30)
EXAMPLE_FACTS = {"what_happened": "水已退去，道路恢复通行。", "people_affected": 12}

INCIDENT_ACTIONS: tuple[IncidentAction, ...] = (
    IncidentAction(
        "acknowledge",
        _("Acknowledge"),
        (),
        _acknowledge,
        versioned=False,
        summary="Acknowledge the incident's alert",
        description="Stops the escalation chain of the newest alert nobody has acknowledged.",
    ),
    IncidentAction(
        "follow-up",
        _("File a follow-up report"),
        _facts(required=False),
        _follow_up,
        summary="File a follow-up report",
        description=(
            "Facts not given carry over from the latest report; `what_happened` is required."
            " The time of the report is the server's."
        ),
        example={**EXAMPLE_FACTS, "version": 2},
    ),
    IncidentAction(
        "final",
        _("File the final report"),
        _facts(required=False),
        _final,
        summary="File the final report",
        description="Closes the incident. Late when filed after the final report's deadline.",
        example={**EXAMPLE_FACTS, "version": 3},
    ),
    IncidentAction(
        "correct",
        _("Correct a report"),
        (
            Field(
                "report",
                _("Report number"),
                "number",
                min_value=1,
                max_value=1000,
                help="The report's number within the incident (1 is the initial report).",
            ),
            Field("reason", _("Reason for the correction"), "text", max_length=2000),
            *_facts(required=False, what_required=False),
        ),
        _correct,
        summary="Correct a report",
        description=(
            "Files a new version of the report's newest version, with the reason; the old"
            " version stays readable, marked corrected. Facts not given stay as they were."
        ),
        example={"report": 1, "reason": "受影响人数核实有误", "people_affected": 15, "version": 2},
    ),
    IncidentAction(
        "link",
        _("Link a grievance"),
        (GRIEVANCE,),
        _link,
        versioned=False,
        summary="Link a grievance to the incident",
        example={"grievance": "ABCD-EFGH-JKMN"},
    ),
    IncidentAction(
        "unlink",
        _("Unlink a grievance"),
        (GRIEVANCE,),
        _unlink,
        versioned=False,
        summary="Unlink a grievance from the incident",
        example={"grievance": "ABCD-EFGH-JKMN"},
    ),
)


def incident_action(name: str) -> IncidentAction | None:
    return next((a for a in INCIDENT_ACTIONS if a.name == name), None)
