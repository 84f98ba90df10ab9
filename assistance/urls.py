"""The assistance module's console pages, under /console/assistance/ (namespace `assistance`)."""

from __future__ import annotations

from django.urls import path

from assistance import views

app_name = "assistance"

urlpatterns = [
    path("", views.households, name="households"),
    path("register/", views.register, name="register"),
    path("households/<str:code>/", views.household, name="household"),
    path("households/<str:code>/<slug:step>/", views.household_act, name="household_act"),
    path("refer/<str:code>/", views.refer, name="refer"),
    path("refer/<str:code>/register/", views.refer_register, name="refer_register"),
    path("reports/", views.report, name="reports"),
    path("applications/", views.applications, name="applications"),
    path("programmes/", views.programmes, name="programmes"),
    path("reverification/", views.reverification, name="reverification"),
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/festival/", views.festival_pay, name="festival_pay"),
    path("programmes/<int:pk>/roster/", views.festival_roster, name="festival_roster"),
    path("applications/<str:code>/", views.application, name="application"),
    path("applications/<str:code>/<slug:step>/", views.application_act, name="application_act"),
]
