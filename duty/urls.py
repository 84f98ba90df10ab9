"""The duty module's console pages, under /console/duty/ (namespace `duty`)."""

from __future__ import annotations

from django.urls import path

from duty.views import incidents, roster

app_name = "duty"

urlpatterns = [
    # ---- roster ----
    path("", roster.now, name="now"),
    path("roster/", roster.month_roster, name="roster"),
    path("roster/shift/", roster.add_shift, name="add_shift"),
    path("roster/generate/", roster.generate, name="generate"),
    path("coverage/", roster.coverage, name="coverage"),
    path("mine/", roster.mine, name="mine"),
    path("mine/phone/", roster.phone, name="phone"),
    path("heightened/", roster.heightened, name="heightened"),
    path("act/<slug:name>/<int:pk>/", roster.act, name="act"),
    # ---- incidents ----
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/<str:code>/", incidents.incident_page, name="incident"),
    path("incidents/<str:code>/<str:action>/", incidents.incident_act, name="incident_act"),
]
