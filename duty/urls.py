"""The duty module's console pages, under /console/duty/ (namespace `duty`)."""

from __future__ import annotations

from django.urls import path

from duty.views import incidents, roster

app_name = "duty"

urlpatterns = [
    # ---- roster ----
    path("", roster.now, name="now"),
    # ---- incidents ----
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/<str:code>/", incidents.incident_page, name="incident"),
    path("incidents/<str:code>/<str:action>/", incidents.incident_act, name="incident_act"),
]
