"""OpenAPI pieces shared by every endpoint: the token security scheme, the one error shape
as a component, and the error responses each operation documents."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.TokenAuthentication"
    name = "TokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Authorization: Token <key>` (or `Bearer <key>`). Keys are created by an"
                " administrator; each acts as one user, within one unit's subtree, with the"
                " scopes per module: grievances:read, grievances:intake and grievances:act."
            ),
        }


# Security requirements for `extend_schema(auth=…)` (typed there as names, used as objects).
TOKEN_OR_SESSION: Any = [{"TokenAuth": []}, {"cookieAuth": []}]
TOKEN_OR_NONE: Any = [{"TokenAuth": []}, {}]


class ErrorSerializer(serializers.Serializer):
    """{"error": {"code": "invalid", "message": "…", "fields": {"subject": ["…"]}}}"""

    error = inline_serializer(
        "ErrorBody",
        fields={
            "code": serializers.CharField(help_text="A stable, machine-readable code."),
            "message": serializers.CharField(help_text="A message for people, translated."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text="For invalid input: the messages for each field.",
            ),
        },
    )


MEANINGS = {
    400: "Invalid input (see `fields`), or an action the rules refuse (`refused`).",
    401: "No credentials, or a bad or revoked token.",
    403: "The token lacks the scope, or the user's role does not allow the action.",
    404: "No such case, or one outside the caller's scope.",
    409: "The case changed since the given `version` (`conflict`).",
    413: "The request body is larger than the limit (`too_large`).",
    415: "The body is not of a supported media type.",
    422: "The Idempotency-Key was used before with a different body.",
    429: "Too many requests: wait for the number of seconds in `Retry-After`.",
}

_EXAMPLES = {
    400: OpenApiExample(
        "invalid",
        value={
            "error": {
                "code": "invalid",
                "message": "The request has invalid fields.",
                "fields": {"subject": ["This field is required."]},
            }
        },
        response_only=True,
        status_codes=["400"],
    ),
    429: OpenApiExample(
        "throttled",
        value={
            "error": {
                "code": "throttled",
                "message": "Request was throttled. Expected available in 12 seconds.",
            }
        },
        response_only=True,
        status_codes=["429"],
    ),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses for `extend_schema(responses=…)`, all in the one error shape."""
    out = {}
    for code in codes:
        example = _EXAMPLES.get(code)
        out[code] = OpenApiResponse(
            ErrorSerializer,
            description=MEANINGS[code],
            examples=[example] if example else None,
        )
    return out
