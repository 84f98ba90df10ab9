"""Hardship assistance in the REST API, under /api/v1/assistance/ (scopes `assistance:read`,
`assistance:act`): households (staff only, scoped), programmes, applications, one POST
endpoint per declared step (`assistance.actions.HOUSEHOLD_ACTIONS` and
`APPLICATION_ACTIONS`, bodies built from the declared fields), registering a household
(`REGISTER_FIELDS`, with its members), and the public notices (anonymous). Errors in the
one JSON shape.

Personal data: lists carry the masked name only (张*明). A household's detail carries the
head's name, ID number, phone and address in `personal` exactly when the console's
household page shows them (`assistance.identity.reveal`: staff acting at its unit and heads
above, never auditors), and each such read is in the audit log, as on that page. The public
notices carry the name as published, the unit, the programme and the amount: nothing that
is read from a household's encrypted fields."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.auth import request_token
from api.rest.base import RETRY_AFTER, ApiView
from api.rest.fields import StrictSerializer
from api.rest.inputs import fields_input
from api.rest.pagination import MAX_LIMIT, GrievanceCursor
from api.rest.permissions import AssistanceActScope, AssistanceReadScope
from api.rest.schema import TOKEN_OR_NONE, TOKEN_OR_SESSION, errors
from assistance import identity, lifecycle, public
from assistance.actions import (
    APPLICATION_ACTIONS,
    APPLY_FIELDS,
    HOUSEHOLD_ACTIONS,
    MEMBER_FIELDS,
    REGISTER_FIELDS,
    HouseholdAction,
    Step,
    member_input,
)
from assistance.models import (
    Application,
    AppState,
    Household,
    HouseholdStatus,
    Programme,
    ProgrammeKind,
)
from assistance.scoping import visible_applications, visible_households
from minsheng.errors import DomainError, NotAllowed
from minsheng.workdays import local_date
from orgs.models import Unit
from orgs.scoping import scope_for, subtree_ids

CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The household's or application's code, e.g. JZ-20261206-0001.",
    pattern=r"^[A-Za-z0-9-]{1,24}$",
)
ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The programme's id.")


# ---- the one door, narrowed to the token's units ------------------------------------------


def _token_units(request: Any) -> list[int] | None:
    token = request_token(request)
    if token is None:
        return None
    ids = subtree_ids(token.unit)
    return ids if len(ids) < Unit.objects.count() else None


def api_households(request: Any) -> QuerySet[Household]:
    """The console's scope of the acting user, narrowed to the token's unit subtree."""
    qs = visible_households(request.user)
    ids = _token_units(request)
    return qs if ids is None else qs.filter(unit_id__in=ids)


def api_applications(request: Any) -> QuerySet[Application]:
    qs = visible_applications(request.user)
    ids = _token_units(request)
    return qs if ids is None else qs.filter(household__unit_id__in=ids)


def _get(qs: QuerySet[Any], code: str) -> Any:
    try:
        return qs.get(code=code.upper())
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc


def _programmes(request: Any) -> QuerySet[Programme]:
    """Active programmes, for staff (any console user of a unit, auditors too)."""
    if not scope_for(request.user).is_staff_member:
        return Programme.objects.none()
    return Programme.objects.filter(active=True).prefetch_related("units")


class CreatedCursor(GrievanceCursor):
    ordering = ("-created", "-id")


# ---- what the API says ----------------------------------------------------------------------


class EventSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    at = serializers.DateTimeField(source="created")
    by = serializers.CharField(source="actor.username", allow_null=True, default=None)
    text = serializers.CharField()


class HouseholdSummarySerializer(serializers.ModelSerializer[Household]):
    unit = serializers.CharField(source="unit.code")
    masked_name = serializers.SerializerMethodField(
        help_text="The head of household's name, masked (张*明)."
    )

    class Meta:
        model = Household
        fields = ["code", "unit", "masked_name", "hardship_types", "status", "created", "version"]

    def get_masked_name(self, h: Household) -> str:
        return identity.masked(h)


class MemberSerializer(serializers.Serializer[Any]):
    relation = serializers.CharField()
    birth_year = serializers.IntegerField()
    health = serializers.CharField()
    disability = serializers.BooleanField()
    employment = serializers.CharField()
    income = serializers.DictField(
        child=serializers.CharField(), help_text="Monthly income in yuan by source."
    )
    monthly_income = serializers.DecimalField(max_digits=12, decimal_places=2)


class HouseholdPersonalSerializer(serializers.Serializer[Any]):
    """The head of household's personal data: staff acting at the household's unit only,
    each read audited."""

    head_name = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()


class ApplicationBriefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    programme = serializers.IntegerField(source="programme_id")
    state = serializers.CharField()


class HouseholdDetailSerializer(HouseholdSummarySerializer):
    personal = serializers.SerializerMethodField(
        help_text=(
            "The head's name, ID number, phone and address: only for staff acting at the"
            " household's unit or heads above (null for others); each read is audited."
        )
    )
    members = MemberSerializer(many=True, read_only=True)
    applications = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta(HouseholdSummarySerializer.Meta):
        fields = [
            *HouseholdSummarySerializer.Meta.fields,
            "closed_reason",
            "consent",
            "consent_at",
            "personal",
            "members",
            "applications",
            "events",
        ]

    @extend_schema_field(HouseholdPersonalSerializer(allow_null=True))
    def get_personal(self, h: Household) -> dict[str, Any] | None:
        # `reveal` writes the audit record, exactly as the console's household page does.
        if not identity.reveal(self.context["user"], h):
            return None
        return dict(HouseholdPersonalSerializer(h).data)

    def get_applications(self, h: Household) -> list[dict[str, Any]]:
        return list(ApplicationBriefSerializer(h.applications.all(), many=True).data)

    def get_events(self, h: Household) -> list[dict[str, Any]]:
        return list(EventSerializer(h.events.select_related("actor"), many=True).data)


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    units = serializers.SerializerMethodField(
        help_text="The codes of the units covered (with everything below them)."
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "kind",
            "budget",
            "budget_period",
            "eligibility",
            "benefit",
            "units",
            "reverify",
            "notice_days",
        ]

    def get_units(self, p: Programme) -> list[str]:
        return [u.code for u in p.units.all()]


class ProgrammeDetailSerializer(ProgrammeSerializer):
    spent = serializers.SerializerMethodField(help_text="Yuan paid in the current budget period.")

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "spent"]

    def get_spent(self, p: Programme) -> str:
        return f"{lifecycle.spent(p, local_date(timezone.now())):.2f}"


class ApplicationSummarySerializer(serializers.ModelSerializer[Application]):
    household = serializers.CharField(source="household.code")
    unit = serializers.CharField(source="household.unit.code")
    masked_name = serializers.SerializerMethodField(
        help_text="The head of household's name, masked (张*明)."
    )
    programme = serializers.IntegerField(source="programme_id")

    class Meta:
        model = Application
        fields = [
            "code",
            "household",
            "unit",
            "masked_name",
            "programme",
            "channel",
            "state",
            "amount",
            "created",
            "notice_ends",
            "decided_at",
            "next_check",
            "version",
        ]

    def get_masked_name(self, a: Application) -> str:
        return identity.masked(a.household)


class VisitSerializer(serializers.Serializer[Any]):
    visited_on = serializers.DateField()
    findings = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    recorded_at = serializers.DateTimeField()


class ReviewSerializer(serializers.Serializer[Any]):
    members = serializers.CharField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    decision = serializers.CharField()
    reasons = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    recorded_at = serializers.DateTimeField()


class ObjectionSerializer(serializers.Serializer[Any]):
    """An objection without the objector's name or contact: those stay in the console."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    lodged_at = serializers.DateTimeField()
    answer = serializers.CharField()
    upheld = serializers.BooleanField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class PaymentSerializer(serializers.Serializer[Any]):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid_on = serializers.DateField()
    method = serializers.CharField()
    reference = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    recorded_at = serializers.DateTimeField()


class ApplicationDetailSerializer(ApplicationSummarySerializer):
    grievance = serializers.SerializerMethodField(
        help_text="The receipt code of the grievance it was referred from, if the caller sees it."
    )
    visits = VisitSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    objections = ObjectionSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()

    class Meta(ApplicationSummarySerializer.Meta):
        fields = [
            *ApplicationSummarySerializer.Meta.fields,
            "reason",
            "notice_starts",
            "notice_name",
            "grievance",
            "visits",
            "reviews",
            "objections",
            "payments",
            "events",
        ]

    def get_grievance(self, a: Application) -> str | None:
        from grievances.scoping import visible_grievances

        if a.grievance_id is None:
            return None
        g = visible_grievances(self.context["user"]).filter(pk=a.grievance_id).first()
        return g.code if g is not None else None

    def get_events(self, a: Application) -> list[dict[str, Any]]:
        return list(EventSerializer(a.events.select_related("actor"), many=True).data)


class NoticeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="The application's code (to object on the portal).")
    name = serializers.CharField(help_text="The name as published, masked (张*明).")
    unit = serializers.CharField(help_text="The unit's name.")
    programme = serializers.CharField(help_text="The programme's name.")
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    ends = serializers.DateTimeField(help_text="When the notice period ends.")


class NoticeList(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    results = NoticeSerializer(many=True)


def household_detail(request: Any, h: Household) -> Response:
    fresh = Household.objects.select_related("unit").prefetch_related("members").get(pk=h.pk)
    return Response(HouseholdDetailSerializer(fresh, context={"user": request.user}).data)


def application_detail(request: Any, a: Application) -> Response:
    fresh = (
        Application.objects.select_related("household__unit", "programme")
        .prefetch_related(
            "visits__recorded_by", "reviews__recorded_by", "objections", "payments__recorded_by"
        )
        .get(pk=a.pk)
    )
    return Response(ApplicationDetailSerializer(fresh, context={"user": request.user}).data)


# ---- queries --------------------------------------------------------------------------------


class Paging(StrictSerializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)
    cursor = serializers.CharField(required=False, max_length=1000)


class HouseholdQuery(Paging):
    unit = serializers.CharField(required=False, max_length=32, help_text="A unit code.")
    status = serializers.ChoiceField(choices=HouseholdStatus.choices, required=False)


class ApplicationQuery(Paging):
    unit = serializers.CharField(required=False, max_length=32, help_text="A unit code.")
    state = serializers.ChoiceField(choices=AppState.choices, required=False)
    programme = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    household = serializers.CharField(required=False, max_length=24)


class HouseholdPage(serializers.Serializer[Any]):
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = HouseholdSummarySerializer(many=True)


class ApplicationPage(serializers.Serializer[Any]):
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = ApplicationSummarySerializer(many=True)


class ProgrammeList(serializers.Serializer[Any]):
    results = ProgrammeSerializer(many=True)


# ---- the endpoints --------------------------------------------------------------------------

TAGS = ["assistance"]


MAX_MEMBERS = 30

NewMemberInput = fields_input("household-new-member", MEMBER_FIELDS)
RegisterInput = type(
    "HouseholdRegisterInput",
    (fields_input("household-register", REGISTER_FIELDS),),
    {
        "members": serializers.ListField(
            child=NewMemberInput(),
            required=False,
            max_length=MAX_MEMBERS,
            help_text="The household's members, the head included (each as `member` takes).",
        )
    },
)


class HouseholdsView(ApiView):
    def get_permissions(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [AssistanceActScope()]
        return [AssistanceReadScope()]

    @extend_schema(
        operation_id="assistance_households_list",
        summary="List households",
        description=(
            "The households in the register that the caller may see (the units of the"
            " token's user, within the token's unit subtree), newest first. Masked names"
            " only: no personal data in lists. Needs the `assistance:read` scope."
        ),
        parameters=[HouseholdQuery, RETRY_AFTER],
        responses={200: HouseholdPage, **errors(400, 401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = HouseholdQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        qs = api_households(request).select_related("unit")
        if d.get("unit"):
            qs = qs.filter(unit__code=d["unit"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        paginator = CreatedCursor()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(HouseholdSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="assistance_households_create",
        summary="Register a household",
        description=(
            "Registers a household in hardship at a unit the caller acts at (within the"
            " token's unit subtree), with the consent it gave and its members. The head's"
            " name, ID number, phone and address are encrypted at rest. Refused, with nothing"
            " registered, when a household with the same ID number is already registered."
            " Needs the `assistance:act` scope."
        ),
        request=RegisterInput,
        examples=[
            OpenApiExample(
                "register",
                request_only=True,
                value={
                    "unit": "A1",
                    "head_name": "王建国",
                    "id_number": "110101197501011234",
                    "phone": "13900001111",
                    "address": "一车间宿舍3栋201",
                    "hardship_types": ["illness"],
                    "consent": "户主书面同意登记家庭信息用于帮扶",
                    "members": [
                        {
                            "relation": "head",
                            "birth_year": 1975,
                            "health": "serious",
                            "employment": "unable",
                            "pension": "800.00",
                        },
                        {"relation": "child", "birth_year": 2014, "employment": "student"},
                    ],
                },
            )
        ],
        parameters=[RETRY_AFTER],
        responses={201: HouseholdDetailSerializer, **errors(400, 401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        body = RegisterInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        ids = _token_units(request)
        if ids is not None and d["unit"].pk not in ids:
            raise NotAllowed(_("You may act only on households of a unit you work in."))
        user: Any = request.user  # authenticated: the scope let the call through
        h = lifecycle.register_household(
            by=user,
            unit=d["unit"],
            head_name=d["head_name"],
            id_number=d["id_number"],
            hardship_types=d["hardship_types"],
            consent=d["consent"],
            phone=d["phone"],
            address=d["address"],
            members=[member_input(m) for m in d.get("members", [])],
        )
        response = household_detail(request, h)
        response.status_code = 201
        return response


class HouseholdView(ApiView):
    permission_classes = [AssistanceReadScope]

    @extend_schema(
        operation_id="assistance_households_read",
        summary="One household",
        description=(
            "The household with its members, applications and timeline. `personal` holds"
            " the head's name, ID number, phone and address for staff acting at its unit"
            " and heads above (null for auditors and others), and each such read is"
            " recorded in the audit log, as in the console. Needs the `assistance:read`"
            " scope."
        ),
        parameters=[CODE, RETRY_AFTER],
        responses={200: HouseholdDetailSerializer, **errors(401, 403, 404, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def get(self, request: Request, code: str) -> Response:
        return household_detail(request, _get(api_households(request), code))


class ProgrammesView(ApiView):
    permission_classes = [AssistanceReadScope]

    @extend_schema(
        operation_id="assistance_programmes_list",
        summary="List programmes",
        description=(
            "The active programmes: budget per period, rules, the units covered (and"
            " everything below them). Staff only. Needs the `assistance:read` scope."
        ),
        parameters=[RETRY_AFTER],
        responses={200: ProgrammeList, **errors(401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response({"results": ProgrammeSerializer(_programmes(request), many=True).data})


class ProgrammeView(ApiView):
    permission_classes = [AssistanceReadScope]

    @extend_schema(
        operation_id="assistance_programmes_read",
        summary="One programme",
        description=(
            "An active programme and what it has paid in the current budget period. Needs"
            " the `assistance:read` scope."
        ),
        parameters=[ID, RETRY_AFTER],
        responses={200: ProgrammeDetailSerializer, **errors(401, 403, 404, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def get(self, request: Request, id: int) -> Response:
        p = _programmes(request).filter(pk=id).first()
        if p is None:
            raise Http404
        return Response(ProgrammeDetailSerializer(p).data)


ApplyInput = fields_input("application-apply", APPLY_FIELDS)


class ApplicationsView(ApiView):
    def get_permissions(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [AssistanceActScope()]
        return [AssistanceReadScope()]

    @extend_schema(
        operation_id="assistance_applications_list",
        summary="List applications",
        description=(
            "The applications of the households the caller may see, newest first, with the"
            " masked name. Needs the `assistance:read` scope."
        ),
        parameters=[ApplicationQuery, RETRY_AFTER],
        responses={200: ApplicationPage, **errors(400, 401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = ApplicationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        qs = api_applications(request).select_related("household__unit")
        if d.get("unit"):
            qs = qs.filter(household__unit__code=d["unit"])
        if d.get("state"):
            qs = qs.filter(state=d["state"])
        if d.get("programme"):
            qs = qs.filter(programme_id=d["programme"])
        if d.get("household"):
            qs = qs.filter(household__code=d["household"].upper())
        paginator = CreatedCursor()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(ApplicationSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="assistance_applications_create",
        summary="Open an application",
        description=(
            "A registered household of the caller's units applies to an active programme"
            " covering its unit, by the household or by staff. Refused for a closed"
            " household, a programme not open to its unit, or an application to the same"
            " programme still open. Needs the `assistance:act` scope."
        ),
        request=ApplyInput,
        examples=[
            OpenApiExample(
                "apply",
                request_only=True,
                value={
                    "household": "KN-20261206-0001",
                    "programme": 1,
                    "channel": "staff",
                    "reason": "户主重病住院，家庭收入骤减。",
                },
            )
        ],
        parameters=[RETRY_AFTER],
        responses={201: ApplicationDetailSerializer, **errors(400, 401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        body = ApplyInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        h = api_households(request).select_related("unit").filter(code=d["household"].upper())
        household = h.first()
        if household is None:
            raise DomainError(_("No household with this code is in your register."))
        programme = Programme.objects.filter(pk=d["programme"], active=True).first()
        if programme is None:
            raise DomainError(_("No active programme has this id."))
        user: Any = request.user  # authenticated: the scope let the call through
        a = lifecycle.apply(household, programme, by=user, channel=d["channel"], reason=d["reason"])
        response = application_detail(request, a)
        response.status_code = 201
        return response


class ApplicationView(ApiView):
    permission_classes = [AssistanceReadScope]

    @extend_schema(
        operation_id="assistance_applications_read",
        summary="One application",
        description=(
            "The application with its visits, committee reviews, objections (without the"
            " objector's name or contact), payments and timeline. Needs the"
            " `assistance:read` scope."
        ),
        parameters=[CODE, RETRY_AFTER],
        responses={200: ApplicationDetailSerializer, **errors(401, 403, 404, 429)},
        auth=TOKEN_OR_SESSION,
        tags=TAGS,
    )
    def get(self, request: Request, code: str) -> Response:
        return application_detail(request, _get(api_applications(request), code))


@dataclass(frozen=True)
class _Rows:
    """What the step endpoints on one kind of row share: its path, its one door and its
    detail."""

    kind: str  # "household", "application"
    rows: Callable[[Any], QuerySet[Any]]
    detail: Callable[[Any, Any], Response]
    serializer: type[serializers.Serializer[Any]]


def _rows(action: Step[Any]) -> _Rows:
    if isinstance(action, HouseholdAction):
        return _Rows(
            "household",
            lambda r: api_households(r).select_related("unit"),
            household_detail,
            HouseholdDetailSerializer,
        )
    return _Rows(
        "application",
        lambda r: api_applications(r).select_related("household__unit", "programme"),
        application_detail,
        ApplicationDetailSerializer,
    )


@functools.cache
def action_view(action: Step[Any]) -> type[ApiView]:
    """The endpoint `POST {households|applications}/{code}/{action}/` of a declared step."""
    rows = _rows(action)
    body = fields_input(f"{rows.kind}-{action.name}", action.fields, versioned=action.versioned)

    class View(ApiView):
        permission_classes = [AssistanceActScope]

        @extend_schema(
            operation_id=f"assistance_{rows.kind}s_{action.name.replace('-', '_')}",
            summary=action.summary,
            description=action.description
            + " Needs the `assistance:act` scope; the user's roles decide, as in the console.",
            request=body,
            examples=[OpenApiExample(action.name, value=action.example, request_only=True)]
            if action.example
            else None,
            parameters=[CODE, RETRY_AFTER],
            responses={200: rows.serializer, **errors(400, 401, 403, 404, 409, 429)},
            auth=TOKEN_OR_SESSION,
            tags=TAGS,
        )
        def post(self, request: Request, code: str) -> Response:
            row = _get(rows.rows(request), code)
            parsed = body(data=request.data)
            parsed.is_valid(raise_exception=True)
            data = dict(parsed.validated_data)
            if action.partial:
                data = {k: v for k, v in data.items() if k in request.data}
            action.call(row, data, request.user)
            return rows.detail(request, row)

    View.__name__ = View.__qualname__ = rows.kind.capitalize() + action.name.capitalize() + "View"
    return View


APPLICATION_ACTION_VIEWS = [(a, action_view(a)) for a in APPLICATION_ACTIONS]
HOUSEHOLD_ACTION_VIEWS = [(a, action_view(a)) for a in HOUSEHOLD_ACTIONS]


class NoticesView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="assistance_notices_list",
        summary="Public notices",
        description=(
            "What is on public notice now (公示), as on the portal's /notices/: the name as"
            " published (masked, 张*明), the unit, the programme and the amount, never a"
            " phone, an ID number, an address or a full name. Anyone may read it, without"
            " credentials."
        ),
        parameters=[RETRY_AFTER],
        responses={200: NoticeList, **errors(401, 429)},
        auth=TOKEN_OR_NONE,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        results = public.entries(labels=False)
        data = NoticeSerializer(results, many=True).data
        return Response({"count": len(results), "results": data})
