"""GET /api/v1/: what the API has, with links, so that the address the README gives leads
somewhere. Public, like the schema it points to."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.rest.base import RETRY_AFTER, ApiView
from api.rest.schema import errors

_PART = inline_serializer(
    "ApiPart",
    fields={
        "name": serializers.CharField(),
        "url": serializers.URLField(),
        "description": serializers.CharField(),
    },
)

IndexSerializer = inline_serializer(
    "ApiIndex",
    fields={
        "name": serializers.CharField(),
        "version": serializers.CharField(),
        "schema": serializers.URLField(
            help_text="The OpenAPI 3 schema (YAML; JSON with ?format=json)."
        ),
        "docs": serializers.URLField(help_text="The documentation page (Swagger UI)."),
        "parts": serializers.ListField(child=_PART),
        "open311": serializers.URLField(help_text="The Open311 GeoReport v2 discovery."),
    },
)


class IndexView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="api_index",
        summary="What the API has",
        description=(
            "The parts of the API with their addresses, and links to this schema and to the"
            " documentation page. Needs no credentials."
        ),
        parameters=[RETRY_AFTER],
        responses={200: IndexSerializer, **errors(429)},
        tags=["reference"],
    )
    def get(self, request: Request) -> Response:
        def link(name: str) -> str:
            return request.build_absolute_uri(reverse(name))

        parts = [
            (
                "grievances",
                "api-grievances",
                _(
                    "Bring a grievance in, list and read cases, take the staff's actions on a"
                    " case and the complainant's steps (track, rate, ask for a review, add files)."
                ),
            ),
            ("units", "api-units", _("The units a grievance may be brought to.")),
            ("categories", "api-categories", _("The categories of grievances.")),
        ]
        return Response(
            {
                "name": _("Minsheng API"),
                "version": "1",
                "schema": link("api-schema"),
                "docs": link("api-docs"),
                "parts": [
                    {"name": name, "url": link(url), "description": text}
                    for name, url, text in parts
                ],
                "open311": link("open311:discovery"),
            }
        )
