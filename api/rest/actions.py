"""The staff's lifecycle actions, POST /api/v1/grievances/{code}/{action}/. Each parses its
body, calls the same lifecycle function as the console, and answers with the case as it now
is. The token needs the `act` scope; the user's roles decide the rest, as in the console.

There is no "close" action: a case closes when the complainant rates the reply (`feedback`),
when staff record a rating from a callback (`callback`), or when the feedback window ends.
Declining closes a case that is not taken up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.rest import inputs
from api.rest.base import CODE_PARAM, RETRY_AFTER, ApiView, detail_response, scoped_grievance
from api.rest.permissions import ActScope
from api.rest.schema import errors
from api.rest.serializers import GrievanceDetailSerializer
from grievances import lifecycle
from grievances.models import ExtensionState, Grievance
from minsheng.errors import DomainError
from orgs.scoping import scope_for

Call = Callable[[Grievance, dict[str, Any], Any], object]


@dataclass(frozen=True)
class Action:
    path: str
    body: type[serializers.Serializer]
    call: Call
    summary: str
    description: str
    example: dict[str, Any]


def _pending_extension(g: Grievance) -> Any:
    ext = g.extensions.filter(state=ExtensionState.PENDING).first()
    if ext is None:
        raise DomainError(_("This case has no extension request waiting for a decision."))
    return ext


ACTIONS = [
    Action(
        "accept",
        inputs.AcceptInput,
        lambda g, d, u: lifecycle.accept(g, by=u, reasons=d["reasons"], version=d.get("version")),
        "Accept a case",
        "Take the case up (受理), with optional reasons. Starts the reply deadline.",
        {"reasons": "属于本单位职责范围，予以受理。"},
    ),
    Action(
        "decline",
        inputs.ReasonsInput,
        lambda g, d, u: lifecycle.decline(g, by=u, reasons=d["reasons"], version=d.get("version")),
        "Decline a case",
        "Do not take it up (不予受理), with reasons the complainant reads. Closes the case.",
        {"reasons": "该事项已由人民法院受理，请通过诉讼渠道解决。"},
    ),
    Action(
        "assign",
        inputs.AssignInput,
        lambda g, d, u: lifecycle.assign(
            g, by=u, owner=d["owner"], handler=d["handler"], version=d.get("version")
        ),
        "Give the case an owner and a handler",
        "The owner (包案领导) is a leader of the unit or a unit above; the handler works in"
        " the unit.",
        {"owner": "leader", "handler": "handler"},
    ),
    Action(
        "contact",
        inputs.ContactInput,
        lambda g, d, u: lifecycle.log_contact(
            g,
            by=u,
            kind=d["kind"],
            summary=d["summary"],
            when=d.get("date"),
            place=d["place"],
            participants=d.get("participants"),
            version=d.get("version"),
        ),
        "Log a visit, appointment, dialogue or note",
        "Outreach (下访, 约访, 座谈) on the case's timeline; a note stays internal.",
        {
            "kind": "visit",
            "summary": "到三车间走访，与工人座谈。",
            "place": "三车间",
            "participants": 12,
        },
    ),
    Action(
        "transfer",
        inputs.TransferInput,
        lambda g, d, u: lifecycle.transfer(
            g, by=u, to_unit=d["to_unit"], reasons=d["reasons"], version=d.get("version")
        ),
        "Transfer a case",
        "Send it to the unit that should handle it; that unit assigns it anew.",
        {"to_unit": "B", "reasons": "该车间隶属二分公司管理。"},
    ),
    Action(
        "return",
        inputs.ReasonsInput,
        lambda g, d, u: lifecycle.return_case(
            g, by=u, reasons=d["reasons"], version=d.get("version")
        ),
        "Return a misrouted case",
        "Back to the unit that dispatched it; after the policy's returns, the unit above decides.",
        {"reasons": "该事项不属于本单位职责范围。"},
    ),
    Action(
        "extend",
        inputs.ExtendInput,
        lambda g, d, u: lifecycle.request_extension(
            g, by=u, days=d["days"], reason=d["reason"], version=d.get("version")
        ),
        "Ask for an extension",
        "Ask for more days to reply; a unit head other than the asker decides.",
        {"days": 15, "reason": "需要核对三个月的考勤记录。"},
    ),
    Action(
        "decide-extension",
        inputs.DecideExtensionInput,
        lambda g, d, u: lifecycle.decide_extension(
            _pending_extension(g), by=u, approve=d["approve"], note=d["note"]
        ),
        "Decide the pending extension",
        "Approve or refuse the case's pending extension request. Takes no `version`.",
        {"approve": True, "note": "同意延期十五天。"},
    ),
    Action(
        "reply",
        inputs.ReplyInput,
        lambda g, d, u: lifecycle.reply(
            g,
            by=u,
            facts=d["facts"],
            decision=d["decision"],
            reasons=d["reasons"],
            policy=d["policy"],
            version=d.get("version"),
        ),
        "Reply",
        "The written reply (答复意见): facts found, decision, reasons, the policy applied.",
        {
            "facts": "经查，十月份加班费未按时发放。",
            "decision": "十一月十日前补发。",
            "reasons": "依照公司薪酬制度第十二条。",
            "policy": "《薪酬管理制度》第十二条",
        },
    ),
    Action(
        "callback",
        inputs.CallbackInput,
        lambda g, d, u: lifecycle.rate(
            g,
            rating=d["rating"],
            comment=d["notes"],
            by=u,
            via_callback=True,
            version=d.get("version"),
        ),
        "Record a rating from a callback",
        "The complainant's rating taken by phone (回访). Closes a replied case.",
        {"rating": "satisfied", "notes": "电话回访，表示满意。"},
    ),
    Action(
        "decide-review",
        inputs.DecideReviewInput,
        lambda g, d, u: lifecycle.decide_review(
            g, by=u, upheld=d["upheld"], opinion=d["opinion"], version=d.get("version")
        ),
        "Decide a review",
        "By a leader of the reviewing unit: uphold (the opinion is the new reply) or send the"
        " case back to be handled again.",
        {"upheld": True, "opinion": "原答复认定事实清楚，维持原答复。"},
    ),
]


def action_view(action: Action) -> type[ApiView]:
    class View(ApiView):
        permission_classes = [ActScope]

        @extend_schema(
            operation_id=f"grievances_{action.path.replace('-', '_')}",
            summary=action.summary,
            description=action.description
            + " Needs the `act` scope; the user's roles decide, as in the console.",
            request=action.body,
            examples=[OpenApiExample(action.path, value=action.example, request_only=True)],
            parameters=[CODE_PARAM, RETRY_AFTER],
            responses={
                200: GrievanceDetailSerializer,
                **errors(400, 401, 403, 404, 409, 413, 415, 429),
            },
            tags=["actions"],
        )
        def post(self, request: Request, code: str) -> Response:
            g = scoped_grievance(request, code)
            if scope_for(request.user).read_only:
                # An auditor reads everything and changes nothing, whatever the state.
                raise PermissionDenied
            body = action.body(data=request.data)
            body.is_valid(raise_exception=True)
            action.call(g, dict(body.validated_data), request.user)
            return detail_response(g)

    View.__name__ = View.__qualname__ = (
        "".join(part.capitalize() for part in action.path.split("-")) + "View"
    )
    return View
