"""Grievances (list, create, read), units and categories."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from api import errors as api_errors
from api.auth import request_token
from api.rest import idempotency
from api.rest.base import (
    CODE_PARAM,
    RETRY_AFTER,
    ApiView,
    detail_response,
    scoped_grievance,
    visible_units,
)
from api.rest.filters import ListQuery
from api.rest.inputs import PERSONAL_FIELDS, GrievanceInput
from api.rest.pagination import GrievanceCursor
from api.rest.permissions import IntakeOrPublic, ReadScope
from api.rest.schema import TOKEN_OR_NONE, TOKEN_OR_SESSION, errors
from api.rest.serializers import (
    CategorySerializer,
    CreatedSerializer,
    GrievanceDetailSerializer,
    GrievancePageSerializer,
    GrievanceSummarySerializer,
    UnitSerializer,
    deadlines,
)
from api.scoping import api_grievances
from grievances import intake
from grievances.models import Category, Channel, Grievance
from minsheng.errors import DomainError
from orgs.models import root_unit

# What a list row shows: the description (up to 5000 characters) stays in the table.
SUMMARY_COLUMNS = (
    "code",
    "subject",
    "state",
    "kind",
    "channel",
    "received_at",
    "headcount",
    "is_collective",
    "is_skip_level",
    "review_level",
    "rating",
    "version",
    "accept_due",
    "resolve_due",
    "feedback_due",
    "review_window_due",
    "review_due",
    "next_due",
    "next_due_kind",
    "unit__code",
    "category__code",
)

IDEMPOTENCY_PARAM = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    description=(
        "Makes a retry safe: the same key with the same body returns the first response"
        " again (201, header `Idempotent-Replayed: true`); with a different body, 422."
        " Needs a token. 1 to 200 visible ASCII characters."
    ),
    pattern=r"^[!-~]{1,200}$",
)

CREATE_EXAMPLE = OpenApiExample(
    "A named complaint",
    value={
        "kind": "complaint",
        "category": "wages",
        "unit": "A1",
        "subject": "三车间加班费未按时发放",
        "description": "十月份的加班费到现在还没有发，车间里约四十名工人都受影响。",
        "headcount": 40,
        "identity_mode": "confidential",
        "name": "张晓明",
        "phone": "13812345678",
    },
    request_only=True,
)


class GrievancesView(ApiView):
    def get_permissions(self) -> list[BasePermission]:
        if self.request is not None and self.request.method == "POST":
            return [IntakeOrPublic()]
        return [ReadScope()]

    @extend_schema(
        operation_id="grievances_list",
        summary="List cases",
        description=(
            "The cases the caller may see (the console scope of the token's user, within the"
            " token's unit subtree), newest first, a page at a time. Needs the"
            " `grievances:read` scope."
        ),
        parameters=[ListQuery, RETRY_AFTER],
        responses={200: GrievancePageSerializer, **errors(400, 401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=["grievances"],
    )
    def get(self, request: Request) -> Response:
        query = ListQuery(data=request.query_params, context={"units": visible_units(request)})
        query.is_valid(raise_exception=True)
        qs = (
            query.apply(api_grievances(request))
            .select_related("unit", "category")
            .only(*SUMMARY_COLUMNS)
        )
        paginator = GrievanceCursor()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        data = GrievanceSummarySerializer(page, many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="grievances_create",
        summary="Bring a grievance in",
        description=(
            "With a token that has the `grievances:intake` scope, the case goes to a unit in the"
            " token's subtree (default: the token's unit). Without a token, it is public intake"
            " as on the portal (default unit: the one at the top). A case brought to the unit at"
            " the top is sent on by the routing rules, or to the intake desk when no rule"
            " applies; `unit` in the answer says where it went. The tracking `secret` is in"
            " this response only. Personal details are stored encrypted and never returned."
        ),
        request=GrievanceInput,
        parameters=[IDEMPOTENCY_PARAM, RETRY_AFTER],
        responses={201: CreatedSerializer, **errors(400, 401, 403, 413, 415, 422, 429)},
        examples=[CREATE_EXAMPLE],
        auth=TOKEN_OR_NONE,
        tags=["grievances"],
    )
    def post(self, request: Request) -> Response:
        token = request_token(request)
        key = idempotency.header_key(request, has_token=token is not None)
        ser = GrievanceInput(data=request.data, context={"units": visible_units(request)})

        def create() -> tuple[Grievance, dict[str, Any]]:
            ser.is_valid(raise_exception=True)
            d = dict(ser.validated_data)
            unit = d.pop("unit", None) or (token.unit if token is not None else root_unit())
            if unit is None:
                raise DomainError(_("No unit is set up to receive grievances yet."))
            person = intake.Person(**{k: d.pop(k, "") for k in PERSONAL_FIELDS})
            g, secret = intake.submit(
                channel=Channel.API,
                by=token.user if token is not None else None,
                unit=unit,
                person=person,
                route=True,
                **d,
            )
            body = CreatedSerializer(
                {
                    "code": g.code,
                    "secret": secret,
                    "state": g.state,
                    "unit": g.unit.code,
                    "received_at": g.received_at,
                    "deadlines": deadlines(g),
                }
            ).data
            return g, dict(body)

        return idempotency.create_once(token, key, request.data, create)


class GrievanceView(ApiView):
    permission_classes = [ReadScope]

    @extend_schema(
        operation_id="grievances_read",
        summary="Read a case",
        description=(
            "The case with its public timeline and its replies. Never the complainant's"
            " personal details. Needs the `grievances:read` scope; a case outside the caller's"
            " scope is a 404."
        ),
        parameters=[CODE_PARAM, RETRY_AFTER],
        responses={200: GrievanceDetailSerializer, **errors(401, 403, 404, 429)},
        auth=TOKEN_OR_SESSION,
        tags=["grievances"],
    )
    def get(self, request: Request, code: str) -> Response:
        return detail_response(scoped_grievance(request, code))


class UnitsView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="units_list",
        summary="List units",
        description=(
            "The units a grievance may be brought to or filtered by: a token's unit subtree,"
            " a console user's units, or for the public every unit."
        ),
        parameters=[RETRY_AFTER],
        responses={200: UnitSerializer(many=True), **errors(401, 429)},
        tags=["reference"],
    )
    def get(self, request: Request) -> Response:
        units = visible_units(request).select_related("parent").order_by("path")
        return Response(UnitSerializer(units, many=True).data)


class CategoriesView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="categories_list",
        summary="List categories",
        description="The active categories of grievances.",
        parameters=[RETRY_AFTER],
        responses={200: CategorySerializer(many=True), **errors(401, 429)},
        tags=["reference"],
    )
    def get(self, request: Request) -> Response:
        categories = Category.objects.filter(active=True).select_related("parent")
        return Response(CategorySerializer(categories, many=True).data)


@csrf_exempt
def not_found(request: HttpRequest, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/v1/: a 404 in the error shape, not an HTML page. Exempt
    from the CSRF check, as every API view is: a POST to a path the API does not have is a
    404 whoever sends it, not Django's HTML 403 page."""
    body = api_errors.error_body(
        "not_found",
        _("There is no such endpoint. Paths end with a slash: /api/v1/grievances/."),
    )
    return JsonResponse(body, status=404)
