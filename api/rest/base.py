"""What every REST view shares: parsers with size limits, throttles, the receipt-code path
parameter, and the one way a case is fetched and shown."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.auth import request_token
from api.rest.parsers import LimitedJSONParser
from api.rest.renderers import SafeJSONRenderer
from api.rest.serializers import GrievanceDetailSerializer
from api.rest.throttling import THROTTLES
from api.scoping import api_grievances
from grievances.intake import normalise_code
from grievances.models import Grievance
from orgs import scoping as orgs_scoping
from orgs.models import Unit

CODE_PATTERN = r"^[A-Za-z0-9-]{1,30}$"
_CODE = re.compile(CODE_PATTERN)

CODE_PARAM = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The receipt code (dashes and case do not matter).",
    pattern=CODE_PATTERN,
    examples=[OpenApiExample("code", value="ABCD-EFGH-JKMN")],
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    description="Seconds to wait before trying again.",
    response=[429],
)


class ApiView(APIView):
    # OPTIONS is not part of the API (no browser calls it across origins): a 405 like any
    # other method an endpoint does not take, rather than an undocumented description.
    metadata_class = None
    parser_classes = [LimitedJSONParser]
    renderer_classes = [SafeJSONRenderer]
    throttle_classes = THROTTLES


def valid_code(code: str) -> str:
    """The normalised receipt code; 404 for anything that cannot be one (without a query)."""
    if not _CODE.match(code):
        raise Http404
    return normalise_code(code)


def scoped_grievance(request: Request, code: str) -> Grievance:
    """The case if the caller may see it (console scope ∩ the token's unit subtree); 404
    otherwise, the same as for a case that does not exist."""
    try:
        return api_grievances(request).get(code=valid_code(code))
    except Grievance.DoesNotExist as exc:
        raise Http404 from exc


def detail_response(
    g: Grievance, status: int = 200, *, promised: bool = False, **headers: Any
) -> Response:
    """The case as GrievanceDetailSerializer says it. `promised`: for the complainant, whose
    next deadline is the one promised to them, never an internal supervision date."""
    fresh = Grievance.objects.select_related("unit", "category", "merged_into").get(pk=g.pk)
    data = GrievanceDetailSerializer(fresh, context={"promised": promised}).data
    return Response(data, status=status, headers=headers)


def visible_units(request: Request) -> QuerySet[Unit]:
    """A token's unit subtree; a console user's units; for the public, every unit (the
    portal offers them all too)."""
    token = request_token(request)
    if token is not None:
        return orgs_scoping.subtree(token.unit)
    if request.user and request.user.is_authenticated:
        return orgs_scoping.visible_units(request.user)
    return Unit.objects.all()
