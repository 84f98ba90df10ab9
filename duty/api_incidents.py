"""Incident reports in the REST API, under /api/v1/duty/incidents/ (scopes `duty:read`,
`duty:act`): the list, one incident with its reports and alerts, filing the initial report,
and one POST endpoint per declared action (`duty.actions.INCIDENT_ACTIONS`), their bodies
built from the declared fields like the console's forms. Errors in the one JSON shape."""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.auth import request_token
from api.rest.base import RETRY_AFTER, ApiView
from api.rest.fields import StrictSerializer
from api.rest.inputs import fields_input
from api.rest.pagination import MAX_LIMIT, GrievanceCursor
from api.rest.permissions import DutyActScope, DutyReadScope
from api.rest.schema import TOKEN_OR_SESSION, errors
from duty.actions import INCIDENT_ACTIONS, INITIAL_FIELDS, IncidentAction
from duty.models import Incident, IncidentKind, IncidentState, Report, Severity
from duty.scoping import visible_incidents, visible_links
from minsheng.errors import NotAllowed
from orgs.models import Unit
from orgs.scoping import subtree_ids

CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The incident's code, e.g. SJ-20261206-0001.",
    pattern=r"^[A-Za-z0-9-]{1,24}$",
)


def api_incidents(request: Any) -> QuerySet[Incident]:
    """The console's scope of the acting user, narrowed to the token's unit subtree."""
    qs = visible_incidents(request.user)
    token = request_token(request)
    if token is not None:
        ids = subtree_ids(token.unit)
        if len(ids) < Unit.objects.count():
            qs = qs.filter(unit_id__in=ids)
    return qs


def scoped_incident(request: Any, code: str) -> Incident:
    try:
        return api_incidents(request).select_related("unit").get(code=code.upper())
    except Incident.DoesNotExist as exc:
        raise Http404 from exc


class IncidentCursor(GrievanceCursor):
    ordering = ("-known_at", "-id")


# ---- what the API says ------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer[Report]):
    reported_by = serializers.CharField(source="reported_by.username")
    corrected = serializers.SerializerMethodField(help_text="A later version corrects this one.")

    class Meta:
        model = Report
        fields = [
            "sequence",
            "version",
            "kind",
            "corrected",
            "reason",
            "reported_at",
            "reported_by",
            "late",
            "what_happened",
            "place",
            "occurred_at",
            "known_at",
            "people_affected",
            "severity",
            "actions_taken",
            "needs",
        ]

    def get_corrected(self, r: Report) -> bool:
        return r.pk in self.context.get("corrected", set())


class IncidentSummarySerializer(serializers.ModelSerializer[Incident]):
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = Incident
        fields = [
            "code",
            "title",
            "kind",
            "severity",
            "unit",
            "place",
            "occurred_at",
            "known_at",
            "people_affected",
            "state",
            "late",
            "missing",
            "initial_due",
            "final_due",
            "version",
        ]


class AlertSerializer(serializers.Serializer[Any]):
    opened_at = serializers.DateTimeField()
    report = serializers.IntegerField(source="report.sequence")
    level = serializers.IntegerField()
    steps = serializers.CharField()
    next_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", allow_null=True)
    notified = serializers.SerializerMethodField()

    def get_notified(self, a: Any) -> list[dict[str, Any]]:
        return [
            {"user": p.user.username, "step": p.step, "unit": p.unit.code, "at": p.notified_at}
            for p in a.pages.all()
        ]


class IncidentDetailSerializer(IncidentSummarySerializer):
    reports = serializers.SerializerMethodField()
    alerts = serializers.SerializerMethodField()
    grievances = serializers.SerializerMethodField(help_text="Receipt codes of linked grievances.")

    class Meta(IncidentSummarySerializer.Meta):
        fields = [*IncidentSummarySerializer.Meta.fields, "reports", "alerts", "grievances"]

    def get_reports(self, i: Incident) -> list[dict[str, Any]]:
        reports = list(i.reports.select_related("reported_by").order_by("sequence", "version"))
        corrected = {r.supersedes_id for r in reports if r.supersedes_id}
        return list(ReportSerializer(reports, many=True, context={"corrected": corrected}).data)

    def get_alerts(self, i: Incident) -> list[dict[str, Any]]:
        rows = i.alerts.select_related("report", "acknowledged_by").prefetch_related(
            "pages__user", "pages__unit"
        )
        return list(AlertSerializer(rows, many=True).data)

    def get_grievances(self, i: Incident) -> list[str]:
        # Only the grievances the caller may see: a receipt code opens a case on the portal.
        links = visible_links(self.context["user"], i)
        return [link.grievance.code for link in links]


def detail(request: Any, i: Incident, status: int = 200) -> Response:
    fresh = Incident.objects.select_related("unit").get(pk=i.pk)
    data = IncidentDetailSerializer(fresh, context={"user": request.user}).data
    return Response(data, status=status)


class IncidentQuery(StrictSerializer):
    unit = serializers.CharField(required=False, max_length=32, help_text="A unit code.")
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    kind = serializers.ChoiceField(choices=IncidentKind.choices, required=False)
    state = serializers.ChoiceField(choices=IncidentState.choices, required=False)
    late = serializers.BooleanField(required=False, allow_null=True, default=None)
    missing = serializers.BooleanField(required=False, allow_null=True, default=None)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)
    cursor = serializers.CharField(required=False, max_length=1000)

    def apply(self, qs: QuerySet[Incident]) -> QuerySet[Incident]:
        d = self.validated_data
        if d.get("unit"):
            qs = qs.filter(unit__code=d["unit"])
        for name in ("severity", "kind", "state"):
            if d.get(name) not in (None, ""):
                qs = qs.filter(**{name: d[name]})
        for name in ("late", "missing"):
            if d.get(name) is not None:
                qs = qs.filter(**{name: d[name]})
        return qs


class IncidentPage(serializers.Serializer[Any]):
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = IncidentSummarySerializer(many=True)


InitialInput = fields_input("incident-initial", INITIAL_FIELDS)


class IncidentsView(ApiView):
    def get_permissions(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [DutyActScope()]
        return [DutyReadScope()]

    @extend_schema(
        operation_id="duty_incidents_list",
        summary="List incidents",
        description=(
            "The incidents the caller may see (the units of the token's user, within the"
            " token's unit subtree), newest first by the time they became known. Needs the"
            " `duty:read` scope."
        ),
        parameters=[IncidentQuery, RETRY_AFTER],
        responses={200: IncidentPage, **errors(400, 401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=["duty"],
    )
    def get(self, request: Request) -> Response:
        query = IncidentQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        qs = query.apply(api_incidents(request)).select_related("unit")
        paginator = IncidentCursor()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(IncidentSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="duty_incidents_create",
        summary="File an initial report",
        description=(
            "Opens an incident with its initial report (首报) and sends its alert up the"
            " escalation chain. The time of the report is the server's. Refused for a unit"
            " the user does not act in, a time in the future, or a time of happening after"
            " the time it became known. Needs the `duty:act` scope."
        ),
        request=InitialInput,
        examples=[
            OpenApiExample(
                "initial",
                request_only=True,
                value={
                    "unit": "A1",
                    "title": "仓库漏水",
                    "kind": "safety",
                    "severity": "4",
                    "place": "三号仓库",
                    "occurred_at": "2026-12-06T21:10:00+08:00",
                    "known_at": "2026-12-06T21:20:00+08:00",
                    "people_affected": 0,
                    "what_happened": "暴雨导致三号仓库屋顶漏水。",
                    "actions_taken": "已转移货物。",
                },
            )
        ],
        parameters=[RETRY_AFTER],
        responses={201: IncidentDetailSerializer, **errors(400, 401, 403, 429)},
        auth=TOKEN_OR_SESSION,
        tags=["duty"],
    )
    def post(self, request: Request) -> Response:
        from duty import incidents

        body = InitialInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        unit = data["unit"]
        token = request_token(request)
        if token is not None and unit.pk not in subtree_ids(token.unit):
            raise NotAllowed(_outside())
        incident = incidents.file_initial(by=request.user, **data)  # type: ignore[arg-type]
        return detail(request, incident, status=201)


def _outside() -> str:
    from django.utils.translation import gettext

    return gettext("This token may not act for that unit.")


class IncidentView(ApiView):
    permission_classes = [DutyReadScope]

    @extend_schema(
        operation_id="duty_incidents_read",
        summary="One incident",
        description=(
            "The incident with every report (every version: a corrected one is marked"
            " `corrected`), its alerts (who was notified at each step and when, who"
            " acknowledged) and the linked grievances. Needs the `duty:read` scope."
        ),
        parameters=[CODE, RETRY_AFTER],
        responses={200: IncidentDetailSerializer, **errors(401, 403, 404, 429)},
        auth=TOKEN_OR_SESSION,
        tags=["duty"],
    )
    def get(self, request: Request, code: str) -> Response:
        return detail(request, scoped_incident(request, code))


@functools.cache
def action_view(action: IncidentAction) -> type[ApiView]:
    body = fields_input(f"incident-{action.name}", action.fields, versioned=action.versioned)

    class View(ApiView):
        permission_classes = [DutyActScope]

        @extend_schema(
            operation_id=f"duty_incidents_{action.name.replace('-', '_')}",
            summary=action.summary,
            description=action.description
            + " Needs the `duty:act` scope; the user's roles decide, as in the console.",
            request=body,
            examples=[OpenApiExample(action.name, value=action.example, request_only=True)]
            if action.example
            else None,
            parameters=[CODE, RETRY_AFTER],
            responses={200: IncidentDetailSerializer, **errors(400, 401, 403, 404, 409, 429)},
            auth=TOKEN_OR_SESSION,
            tags=["duty"],
        )
        def post(self, request: Request, code: str) -> Response:
            incident = scoped_incident(request, code)
            parsed = body(data=request.data)
            parsed.is_valid(raise_exception=True)
            action.call(incident, dict(parsed.validated_data), request.user)
            return detail(request, incident)

    View.__name__ = View.__qualname__ = (
        "Incident" + "".join(p.capitalize() for p in action.name.split("-")) + "View"
    )
    return View


INCIDENT_ACTION_VIEWS = [(a, action_view(a)) for a in INCIDENT_ACTIONS]
