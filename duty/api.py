"""The duty module's REST endpoints under /api/v1/duty/ (scopes `duty:read`, `duty:act`).

# ---- roster ----
`GET duty/now/`, `GET duty/shifts/`, and one POST endpoint per declared roster action
(`duty.actions.ROSTER_ACTIONS`), each body built from the action's fields with
`api.rest.inputs.fields_input`. A token acts as its service user, within its unit's subtree;
the user's roles decide, exactly as in the console. Duty phone numbers (`duty_phone`) are
given to callers whose user is staff (every caller that gets this far is: `duty_units` is
empty for anyone else), never to the public.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.auth import request_token
from api.rest.base import RETRY_AFTER, ApiView
from api.rest.inputs import fields_input
from api.rest.permissions import DutyActScope, DutyReadScope
from api.rest.schema import TOKEN_OR_SESSION, errors
from duty import roster
from duty.actions import ROSTER_ACTIONS, RosterAction
from duty.models import Shift
from duty.scoping import duty_units, get_in, handovers_among, swaps_among, visible_shifts
from minsheng.names import person_name
from orgs import scoping as orgs_scoping
from orgs.models import Unit

# ---- roster ----

MAX_RANGE_DAYS = 92


def api_units(request: Request) -> QuerySet[Unit]:
    """The units the caller's user sees, within a token's unit subtree."""
    units = duty_units(request.user)
    token = request_token(request)
    if token is not None:
        units = units.filter(pk__in=orgs_scoping.subtree(token.unit).values("pk"))
    return units


def api_shifts(request: Request) -> QuerySet[Shift]:
    return visible_shifts(request.user).filter(unit__in=api_units(request))


def _person(user: Any, phones: dict[int, str]) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "username": user.get_username(),
        "display_name": person_name(user),
        "duty_phone": phones.get(user.pk, ""),
    }


def shift_data(s: Shift, phones: dict[int, str]) -> dict[str, Any]:
    return {
        "id": s.pk,
        "unit": s.unit.code,
        "starts": timezone.localtime(s.starts).isoformat(),
        "ends": timezone.localtime(s.ends).isoformat(),
        "officer": _person(s.officer, phones),
        "leader": _person(s.leader, phones),
        "note": s.note,
    }


PERSON = inline_serializer(
    "DutyPerson",
    fields={
        "username": serializers.CharField(),
        "display_name": serializers.CharField(),
        "duty_phone": serializers.CharField(help_text="The duty phone, for staff callers."),
    },
    allow_null=True,
)


class ShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null in a rotation's preview.")
    unit = serializers.CharField(help_text="The unit's code.")
    starts = serializers.DateTimeField()
    ends = serializers.DateTimeField()
    officer = PERSON
    leader = PERSON
    note = serializers.CharField()


class NowSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="The unit's code.")
    unit_name = serializers.CharField()
    shift = ShiftSerializer(allow_null=True, help_text="null: nobody is on duty.")


class DoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField(required=False)
    shifts = ShiftSerializer(many=True, required=False)


@functools.cache
def _body(action: RosterAction) -> Any:
    return fields_input(f"duty-{action.name}", action.fields)


class DutyNowView(ApiView):
    permission_classes = [DutyReadScope]

    @extend_schema(
        operation_id="duty_now",
        summary="Who is on duty now, per unit",
        description="Every unit the caller sees (a token: within its unit's subtree), with the"
        " shift covering this moment or null. Needs `duty:read`.",
        responses={200: NowSerializer(many=True), **errors(401, 403, 429)},
        parameters=[RETRY_AFTER],
        auth=TOKEN_OR_SESSION,
        tags=["duty"],
    )
    def get(self, request: Request) -> Response:
        units = list(api_units(request).order_by("path"))
        shifts = roster.on_duty_at(units)
        phones = roster.phones_of(
            i for s in shifts.values() for i in (s.officer_id, s.leader_id) if i
        )
        data = []
        for u in units:
            s = shifts.get(u.pk)
            if s is not None:
                s.unit = u
            data.append(
                {
                    "unit": u.code,
                    "unit_name": u.display_name,
                    "shift": shift_data(s, phones) if s else None,
                }
            )
        return Response(data)


def _moment(value: str, name: str) -> datetime | None:
    if not value:
        return None
    refused = ValidationError({name: [_("Enter a date (YYYY-MM-DD) or a date and time.")]})
    try:
        # Django's parsers raise ValueError for a well-formed impossible date (2026-13-01).
        moment = parse_datetime(value)
        day = parse_date(value) if moment is None else None
    except ValueError:
        raise refused from None
    if moment is None and day is None:
        raise refused
    if moment is None:
        assert day is not None
        moment = datetime.combine(day, datetime.min.time())
    # A range reaches up to MAX_RANGE_DAYS on either side: keep clear of the calendar's ends.
    if not 2 <= moment.year <= 9998:
        raise refused
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ShiftsView(ApiView):
    def get_permissions(self) -> list[Any]:
        return [DutyActScope()] if self.request.method == "POST" else [DutyReadScope()]

    @extend_schema(
        operation_id="duty_shifts",
        summary="The roster: shifts of the units the caller sees",
        description=f"Shifts that reach into [from, to) (default: today for 30 days; at most"
        f" {MAX_RANGE_DAYS} days), optionally of one unit. Needs `duty:read`.",
        parameters=[
            OpenApiParameter("unit", str, description="A unit's code."),
            OpenApiParameter("from", str, description="A date or date-time (ISO 8601)."),
            OpenApiParameter("to", str, description="A date or date-time (ISO 8601)."),
            RETRY_AFTER,
        ],
        responses={200: ShiftSerializer(many=True), **errors(400, 401, 403, 404, 429)},
        auth=TOKEN_OR_SESSION,
        tags=["duty"],
    )
    def get(self, request: Request) -> Response:
        start = _moment(request.query_params.get("from", ""), "from") or roster.local_start(
            timezone.localdate()
        )
        end = _moment(request.query_params.get("to", ""), "to") or start + timedelta(days=30)
        if end <= start:
            raise ValidationError({"to": [_("The end must come after the start.")]})
        if end - start > timedelta(days=MAX_RANGE_DAYS):
            raise ValidationError(
                {"to": [_("At most %(n)d days at a time.") % {"n": MAX_RANGE_DAYS}]}
            )
        shifts = api_shifts(request).filter(starts__lt=end, ends__gt=start)
        code = request.query_params.get("unit", "")
        if code:
            unit = api_units(request).filter(code=code).first()
            if unit is None:
                raise Http404
            shifts = shifts.filter(unit=unit)
        rows = list(shifts.select_related("unit", "officer", "leader").order_by("unit", "starts"))
        phones = roster.phones_of(i for s in rows for i in (s.officer_id, s.leader_id) if i)
        return Response([shift_data(s, phones) for s in rows])

    @extend_schema(
        operation_id="duty_create_shift",
        summary=ROSTER_ACTIONS[0].summary,
        description=ROSTER_ACTIONS[0].description + " Needs `duty:act`.",
        request=_body(ROSTER_ACTIONS[0]),
        examples=[
            OpenApiExample("create-shift", value=ROSTER_ACTIONS[0].example, request_only=True)
        ],
        parameters=[RETRY_AFTER],
        responses={201: ShiftSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
        auth=TOKEN_OR_SESSION,
        tags=["duty"],
    )
    def post(self, request: Request) -> Response:
        return _run(request, ROSTER_ACTIONS[0], None)


def _target(request: Request, action: RosterAction, pk: int | None, data: dict[str, Any]) -> Any:
    """The unit, shift, swap or note the action is about, within the caller's reach (404)."""
    if action.target == "unit":
        unit = api_units(request).filter(pk=data["unit"].pk).first()
        if unit is None:
            raise Http404
        return unit
    shifts = api_shifts(request)
    if action.target == "shift":
        return get_in(shifts.select_related("unit"), pk)
    if action.target == "swap":
        return get_in(swaps_among(shifts), pk)
    return get_in(handovers_among(shifts), pk)


def _run(request: Request, action: RosterAction, pk: int | None) -> Response:
    body = _body(action)
    request.data  # noqa: B018  a body that is not JSON text is a 400 before anything else
    if action.target != "unit":
        _target(request, action, pk, {})  # 404 before looking at the body
    parsed = body(data=request.data)
    parsed.is_valid(raise_exception=True)
    data = dict(parsed.validated_data)
    target = _target(request, action, pk, data)
    result = action.call(target, data, request.user)
    if isinstance(result, Shift):
        fresh = Shift.objects.select_related("unit", "officer", "leader").get(pk=result.pk)
        phones = roster.phones_of([fresh.officer_id, fresh.leader_id or 0])
        return Response(shift_data(fresh, phones), status=201)
    if isinstance(result, list):  # a rotation: planned (preview) or saved
        phones = roster.phones_of(
            i for p in result for i in (p.officer.pk, getattr(p.leader, "pk", 0))
        )
        out = []
        for p in result:
            out.append(
                {
                    "id": getattr(p, "pk", None),
                    "unit": target.code,
                    "starts": timezone.localtime(p.starts).isoformat(),
                    "ends": timezone.localtime(p.ends).isoformat(),
                    "officer": _person(p.officer, phones),
                    "leader": _person(p.leader, phones),
                    "note": p.note,
                }
            )
        saved = bool(result) and isinstance(result[0], Shift)
        return Response({"saved": saved, "shifts": out}, status=201 if saved else 200)
    return Response({"id": result.pk, "state": getattr(result, "state", "")})


def action_view(action: RosterAction, path_name: str) -> type[ApiView]:
    """`POST duty/<target>s/{id}/<name>/` for a roster action on a shift, swap or note."""

    class View(ApiView):
        permission_classes = [DutyActScope]

        @extend_schema(
            operation_id=f"duty_{action.name.replace('-', '_')}",
            summary=action.summary,
            description=action.description + " Needs `duty:act`.",
            request=_body(action),
            examples=[OpenApiExample(action.name, value=action.example, request_only=True)],
            parameters=[
                OpenApiParameter(
                    "id", int, OpenApiParameter.PATH, description=f"The {path_name}'s id."
                ),
                RETRY_AFTER,
            ],
            responses={200: DoneSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
            auth=TOKEN_OR_SESSION,
            tags=["duty"],
        )
        def post(self, request: Request, id: int) -> Response:
            return _run(request, action, id)

    View.__name__ = View.__qualname__ = (
        "".join(p.capitalize() for p in action.name.split("-")) + "View"
    )
    return View


class RotationView(ApiView):
    permission_classes = [DutyActScope]
    action = ROSTER_ACTIONS[1]

    @extend_schema(
        operation_id="duty_generate_rotation",
        summary=ROSTER_ACTIONS[1].summary,
        description=ROSTER_ACTIONS[1].description + " Needs `duty:act`.",
        request=_body(ROSTER_ACTIONS[1]),
        examples=[
            OpenApiExample("generate-rotation", value=ROSTER_ACTIONS[1].example, request_only=True)
        ],
        parameters=[RETRY_AFTER],
        responses={
            200: inline_serializer(
                "RotationPlan",
                fields={"saved": serializers.BooleanField(), "shifts": ShiftSerializer(many=True)},
            ),
            201: inline_serializer(
                "RotationSaved",
                fields={"saved": serializers.BooleanField(), "shifts": ShiftSerializer(many=True)},
            ),
            **errors(400, 401, 403, 404, 413, 415, 429),
        },
        auth=TOKEN_OR_SESSION,
        tags=["duty"],
    )
    def post(self, request: Request) -> Response:
        return _run(request, ROSTER_ACTIONS[1], None)


# ---- incidents ----
