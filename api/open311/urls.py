"""GeoReport v2 under /open311/v2/. The suffix (.json or .xml) names the format; every other
path under the prefix answers 404 in the specification's error shape."""

from __future__ import annotations

from django.urls import URLPattern, re_path

from api.open311 import views

app_name = "open311"

FMT = r"(?:\.(?P<fmt>(?i:json|xml)))?/?"

urlpatterns: list[URLPattern] = [
    re_path(r"^$", views.discovery, name="root"),
    re_path(rf"^discovery{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}$", views.service_list, name="services"),
    re_path(rf"^services/(?P<service_code>[^/]+?){FMT}$", views.service_definition, name="service"),
    re_path(rf"^requests{FMT}$", views.requests, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+?){FMT}$", views.service_request, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}$", views.token, name="token"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
