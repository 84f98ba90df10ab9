"""The duty module's REST endpoints, under /api/v1/duty/ (scopes `duty:read`, `duty:act`).
Each path starts with "duty/" (`api/rest/urls.py` lists them under /api/v1/); names start
with "api-duty-"."""

from __future__ import annotations

from django.urls import URLPattern, path

from duty import api as duty_api
from duty import api_incidents as inc
from duty.actions import ROSTER_BY_NAME

urlpatterns: list[URLPattern] = [
    # ---- roster ----
    path("duty/now/", duty_api.DutyNowView.as_view(), name="api-duty-now"),
    path("duty/shifts/", duty_api.ShiftsView.as_view(), name="api-duty-shifts"),
    path("duty/rotations/", duty_api.RotationView.as_view(), name="api-duty-rotations"),
    *(
        path(
            f"duty/{target}/<int:id>/{name}/",
            duty_api.action_view(ROSTER_BY_NAME[name], label).as_view(),
            name=f"api-duty-{name}",
        )
        for target, label, name in (
            ("shifts", "shift", "request-swap"),
            ("swaps", "swap request", "decide-swap"),
            ("shifts", "shift", "write-handover"),
            ("handovers", "handover note", "acknowledge-handover"),
        )
    ),
    # ---- incidents ----
    path("duty/incidents/", inc.IncidentsView.as_view(), name="api-duty-incidents"),
    path("duty/incidents/<str:code>/", inc.IncidentView.as_view(), name="api-duty-incident"),
    *(
        path(
            f"duty/incidents/<str:code>/{a.name}/",
            view.as_view(),
            name=f"api-duty-incident-{a.name}",
        )
        for a, view in inc.INCIDENT_ACTION_VIEWS
    ),
]
