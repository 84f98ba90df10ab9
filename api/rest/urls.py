from __future__ import annotations

from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.rest import complainant, index, views
from api.rest.actions import ACTIONS, action_view
from assistance import api_urls as assistance_api
from duty import api_urls as duty_api

urlpatterns: list[URLPattern] = [
    path("", index.IndexView.as_view(), name="api-index"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (?script), not inline: the CSP
    # allows scripts from this site only.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("grievances/", views.GrievancesView.as_view(), name="api-grievances"),
    path("grievances/<str:code>/", views.GrievanceView.as_view(), name="api-grievance"),
    path("grievances/<str:code>/track/", complainant.TrackView.as_view(), name="api-track"),
    path(
        "grievances/<str:code>/feedback/",
        complainant.FeedbackView.as_view(),
        name="api-feedback",
    ),
    path("grievances/<str:code>/review/", complainant.ReviewView.as_view(), name="api-review"),
    path(
        "grievances/<str:code>/attachments/",
        complainant.AttachmentsView.as_view(),
        name="api-attachments",
    ),
    *(
        path(
            f"grievances/<str:code>/{a.name}/",
            action_view(a).as_view(),
            name=f"api-{a.name}",
        )
        for a in ACTIONS
    ),
    path("units/", views.UnitsView.as_view(), name="api-units"),
    path("categories/", views.CategoriesView.as_view(), name="api-categories"),
    # Each other module lists its own endpoints, their paths starting with its name.
    *duty_api.urlpatterns,
    *assistance_api.urlpatterns,
    # Last: anything else under /api/v1/ is a 404 in the error shape.
    re_path(r"^.*$", views.not_found, name="api-not-found"),
]
