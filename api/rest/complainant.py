"""The complainant's steps: follow the case, rate the reply, ask for a review, add files.

Either the caller proves to be the complainant with the receipt code and the tracking
`secret` (no token needed), or a token with the `grievances:intake` scope acts on their
behalf on a case it can see (a hotline system relaying a call, an app's backend). Wrong
secrets are counted per client address, together with the portal's, and lock the address out
for a while."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.auth import request_token
from api.models import Scope
from api.rest import inputs
from api.rest.base import (
    CODE_PARAM,
    RETRY_AFTER,
    ApiView,
    detail_response,
    scoped_grievance,
    valid_code,
)
from api.rest.parsers import LimitedMultiPartParser
from api.rest.schema import TOKEN_OR_NONE, errors
from api.rest.serializers import AttachmentsSerializer, GrievanceDetailSerializer
from grievances import intake, lifecycle
from grievances.attachments import add_attachments
from grievances.models import Grievance
from minsheng import throttle

# Compared against when the code does not exist, so that a wrong code costs the same hash
# computation as a wrong secret (as on the portal). No secret hashes to this.
_NO_SUCH_HASH = "0" * 40


def _with_secret(request: Request, code: str, secret: str) -> Grievance:
    address = throttle.client_address(request._request)
    wait = throttle.locked_for(address)
    if wait:
        raise exceptions.Throttled(
            wait=wait, detail=_("Too many unsuccessful attempts from your connection.")
        )
    code = valid_code(code)
    g = Grievance.objects.filter(code=code).first()
    candidate = g if g is not None and g.secret_hash else Grievance(code=code)
    if candidate is not g:
        candidate.secret_hash = _NO_SUCH_HASH
    if intake.secret_matches(candidate, inputs.normalise_secret(secret)) and candidate is g:
        return g
    throttle.record_failure(address)
    # One message for a wrong code and a wrong secret, as on the portal.
    raise exceptions.NotFound(_("The receipt code and secret do not match any case."))


def complainant_case(request: Request, code: str, secret: str) -> tuple[Grievance, User | None]:
    """The case and who acts: None for the complainant (proved by the secret), else the
    token's user."""
    if secret:
        return _with_secret(request, code, secret), None
    token = request_token(request)
    if token is None:
        if request.user and request.user.is_authenticated:
            raise exceptions.PermissionDenied(
                _(
                    "Give the tracking secret. Staff record a rating taken by phone with the"
                    " callback action."
                )
            )
        raise exceptions.NotAuthenticated(
            _(
                "Give the tracking secret, or call with a token that has the “grievances:"
                "intake” scope."
            )
        )
    if not token.has_scope(Scope.INTAKE):
        raise exceptions.PermissionDenied(
            _("This token does not have the “%(scope)s” scope.") % {"scope": Scope.INTAKE}
        )
    return scoped_grievance(request, code), token.user


def _describe(what: str) -> str:
    return (
        f"{what} With the tracking `secret` (no token needed), or with a token that has the"
        " `grievances:intake` scope, acting for the complainant. Wrong secrets are counted per"
        " address; too many answer 429."
    )


class TrackView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="grievances_track",
        summary="Follow a case with its receipt code and secret",
        description=_describe(
            "The case as its complainant sees it: state, deadlines, public timeline, replies."
            " A POST so that the secret stays out of addresses and logs; it changes nothing."
        ),
        request=inputs.TrackInput,
        examples=[OpenApiExample("track", value={"secret": "H7K2M9QX"}, request_only=True)],
        parameters=[CODE_PARAM, RETRY_AFTER],
        responses={200: GrievanceDetailSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
        auth=TOKEN_OR_NONE,
        tags=["complainant"],
    )
    def post(self, request: Request, code: str) -> Response:
        body = inputs.TrackInput(data=request.data)
        body.is_valid(raise_exception=True)
        g, _by = complainant_case(request, code, body.validated_data.get("secret", ""))
        return detail_response(g, promised=True)


class FeedbackView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="grievances_feedback",
        summary="Rate the reply",
        description=_describe("The complainant's rating of the reply; closes a replied case."),
        request=inputs.FeedbackInput,
        examples=[
            OpenApiExample(
                "feedback",
                value={"rating": "basic", "comment": "基本满意。", "secret": "H7K2M9QX"},
                request_only=True,
            )
        ],
        parameters=[CODE_PARAM, RETRY_AFTER],
        responses={200: GrievanceDetailSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
        auth=TOKEN_OR_NONE,
        tags=["complainant"],
    )
    def post(self, request: Request, code: str) -> Response:
        body = inputs.FeedbackInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        g, by = complainant_case(request, code, d.get("secret", ""))
        lifecycle.rate(g, rating=d["rating"], comment=d["comment"], by=by)
        return detail_response(g, promised=True)


class ReviewView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="grievances_review",
        summary="Ask for a review",
        description=_describe(
            "The complainant's right to a review (复查), then a re-review (复核), within the"
            " window after a reply. The unit above the one that answered decides."
        ),
        request=inputs.ReviewInput,
        examples=[
            OpenApiExample(
                "review",
                value={"reason": "补发金额与考勤记录不符。", "secret": "H7K2M9QX"},
                request_only=True,
            )
        ],
        parameters=[CODE_PARAM, RETRY_AFTER],
        responses={200: GrievanceDetailSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
        auth=TOKEN_OR_NONE,
        tags=["complainant"],
    )
    def post(self, request: Request, code: str) -> Response:
        body = inputs.ReviewInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        g, by = complainant_case(request, code, d.get("secret", ""))
        lifecycle.request_review(g, reason=d["reason"], by=by)
        return detail_response(g, promised=True)


class AttachmentsView(ApiView):
    permission_classes = [AllowAny]
    parser_classes = [LimitedMultiPartParser]

    @extend_schema(
        operation_id="grievances_attachments",
        summary="Add files to a case",
        description=_describe(
            "multipart/form-data with one or more `files`, while the case is open: the same"
            " types and size limit as the portal, and at most as many files from the"
            " complainant in all as the portal takes at once."
        ),
        request={"multipart/form-data": inputs.AttachmentsInput},
        parameters=[CODE_PARAM, RETRY_AFTER],
        responses={201: AttachmentsSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
        auth=TOKEN_OR_NONE,
        tags=["complainant"],
    )
    def post(self, request: Request, code: str) -> Response:
        body = inputs.AttachmentsInput(data=request.data)
        body.is_valid(raise_exception=True)
        d: dict[str, Any] = dict(body.validated_data)
        g, by = complainant_case(request, code, d.get("secret", ""))
        stored = add_attachments(g, d["files"], by=by)
        return Response(AttachmentsSerializer({"attachments": stored}).data, status=201)
