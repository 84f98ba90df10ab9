"""The duty module's REST endpoints, under /api/v1/duty/ (scopes `duty:read`, `duty:act`).
Each path starts with "duty/" (`api/rest/urls.py` lists them under /api/v1/); names start
with "api-duty-"."""

from __future__ import annotations

from django.urls import URLPattern, path

from duty import api_incidents as inc

urlpatterns: list[URLPattern] = [
    # ---- roster ----
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
