"""The staff's lifecycle actions, POST /api/v1/grievances/{code}/{action}/: one endpoint for
each action declared in `grievances.actions` (the list the console is built from too). Each
parses its body (built from the action's declared fields), makes the declared call, and
answers with the case as it now is. The token needs the `grievances:act` scope; the user's
roles decide the rest, as in the console.

There is no "close" action: a case closes when the complainant rates the reply (`feedback`),
when staff record a rating from a callback (`callback`), or when the feedback window ends.
Declining closes a case that is not taken up."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from api.rest.base import CODE_PARAM, RETRY_AFTER, ApiView, detail_response, scoped_grievance
from api.rest.inputs import action_input
from api.rest.permissions import ActScope
from api.rest.schema import errors
from api.rest.serializers import GrievanceDetailSerializer
from api.scoping import api_grievances
from grievances import lifecycle
from grievances.actions import STAFF_ACTIONS, Action, Caller

ACTIONS: tuple[Action, ...] = STAFF_ACTIONS


def action_view(action: Action) -> type[ApiView]:
    body = action_input(action)

    class View(ApiView):
        permission_classes = [ActScope]

        @extend_schema(
            operation_id=f"grievances_{action.name.replace('-', '_')}",
            summary=action.summary,
            description=action.description
            + " Needs the `grievances:act` scope; the user's roles decide, as in the console.",
            request=body,
            examples=[OpenApiExample(action.name, value=action.example, request_only=True)],
            parameters=[CODE_PARAM, RETRY_AFTER],
            responses={
                200: GrievanceDetailSerializer,
                **errors(400, 401, 403, 404, 409, 413, 415, 429),
            },
            tags=["actions"],
        )
        def post(self, request: Request, code: str) -> Response:
            g = scoped_grievance(request, code)
            user: Any = request.user  # authenticated: ActScope let the call through
            if not lifecycle.may_act(user):
                # An auditor reads everything and changes nothing, whatever the state.
                raise PermissionDenied
            parsed = body(data=request.data)
            parsed.is_valid(raise_exception=True)
            assert action.call is not None
            action.call(g, dict(parsed.validated_data), Caller(user, api_grievances(request)))
            return detail_response(g)

    View.__name__ = View.__qualname__ = (
        "".join(part.capitalize() for part in action.name.split("-")) + "View"
    )
    return View
