"""The assistance module's REST endpoints, under /api/v1/assistance/ (scopes
`assistance:read`, `assistance:act`; the notices are public). Each path starts with
"assistance/" (`api/rest/urls.py` lists them under /api/v1/); names start with
"api-assistance-"."""

from __future__ import annotations

from django.urls import URLPattern, path

from assistance import api

urlpatterns: list[URLPattern] = [
    path(
        "assistance/households/",
        api.HouseholdsView.as_view(),
        name="api-assistance-households",
    ),
    path(
        "assistance/households/<str:code>/",
        api.HouseholdView.as_view(),
        name="api-assistance-household",
    ),
    *(
        path(
            f"assistance/households/<str:code>/{a.name}/",
            view.as_view(),
            name=f"api-assistance-household-{a.name}",
        )
        for a, view in api.HOUSEHOLD_ACTION_VIEWS
    ),
    path(
        "assistance/programmes/",
        api.ProgrammesView.as_view(),
        name="api-assistance-programmes",
    ),
    path(
        "assistance/programmes/<int:id>/",
        api.ProgrammeView.as_view(),
        name="api-assistance-programme",
    ),
    path(
        "assistance/applications/",
        api.ApplicationsView.as_view(),
        name="api-assistance-applications",
    ),
    path(
        "assistance/applications/<str:code>/",
        api.ApplicationView.as_view(),
        name="api-assistance-application",
    ),
    *(
        path(
            f"assistance/applications/<str:code>/{a.name}/",
            view.as_view(),
            name=f"api-assistance-application-{a.name}",
        )
        for a, view in api.APPLICATION_ACTION_VIEWS
    ),
    path("assistance/notices/", api.NoticesView.as_view(), name="api-assistance-notices"),
]
