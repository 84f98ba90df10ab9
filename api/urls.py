from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("api.rest.urls")),
    path("open311/v2/", include("api.open311.urls")),
]
