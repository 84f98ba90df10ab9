"""GET Service Requests and GET Service Request: which grievances a caller sees through
Open311, the standard filters, and a grievance written as a GeoReport v2 request.

Who sees what:
- anyone, with or without an api_key: the requests that came in through Open311, a public
  channel by the nature of the standard;
- with an api_key whose token has the `grievances:read` scope, also what the token's user
  sees in the console, narrowed to the token's unit subtree (as every API call is).
Either way a request carries nothing about the person who sent it: no name, contact, device
or account, and no answer to a service's questions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, Scope
from api.open311 import params as p
from api.open311.formats import Open311Error, end_of_day
from api.open311.models import RequestDetail
from api.scoping import subtree_ids
from grievances.deadlines import policy_for, step_due
from grievances.intake import normalise_code
from grievances.models import (
    OPEN_STATES,
    Channel,
    DeadlinePolicy,
    DueKind,
    EventKind,
    Grievance,
    Reply,
    State,
    TimelineEvent,
)
from grievances.scoping import visible_grievances
from minsheng.workdays import DayType

WINDOW = timedelta(days=90)
CLOSED_STATES = (State.REPLIED, State.CLOSED, State.DECLINED)
CODE_CHARS_MAX = 40


def visible(token: ApiToken | None) -> QuerySet[Grievance]:
    public = Grievance.objects.filter(channel=Channel.OPEN311)
    if token is not None and token.has_scope(Scope.READ):
        # A key adds to what anyone sees; it never hides a public request.
        scoped = visible_grievances(token.user).filter(unit_id__in=subtree_ids(token.unit))
        return scoped | public
    return public


def _status_q(status: str) -> Q:
    # A case merged into a collective case is as open as the collective case.
    states = OPEN_STATES if status == "open" else CLOSED_STATES
    return Q(state__in=states) | Q(state=State.MERGED, merged_into__state__in=states)


def limit() -> int:
    return max(1, int(settings.MINSHENG_OPEN311_MAX_REQUESTS))


def window(params: QueryDict, now: datetime) -> tuple[datetime, datetime]:
    """The requested_datetime range: start_date and end_date as given; a missing end is 90
    days after the start (or now), a missing start 90 days before the end. Raises
    Open311Error (400) for a bad date, an end before the start, or a span over 90 days."""
    start_raw, end_raw = p.text(params, "start_date"), p.text(params, "end_date")
    start = p.parse_datetime(start_raw, "start_date") if start_raw else None
    end = p.parse_datetime(end_raw, "end_date") if end_raw else None
    if start is None and end is None:
        return now - WINDOW, now
    if start is None:
        assert end is not None
        return end - WINDOW, end
    if end is None:
        return start, start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(
            400,
            _("start_date and end_date may not span more than %(n)d days.") % {"n": WINDOW.days},
        )
    return start, end


def search(qs: QuerySet[Grievance], params: QueryDict) -> QuerySet[Grievance]:
    """The standard filters, newest first, at most `limit()` requests. A service_request_id
    list overrides every other filter, the date window included, as the specification says."""
    ids = p.listed(params, "service_request_id")
    if ids:
        codes = [normalise_code(i) for i in ids if len(i) <= CODE_CHARS_MAX]
        qs = qs.filter(code__in=codes[: limit()])
    else:
        services = p.listed(params, "service_code")
        if services:
            qs = qs.filter(category__code__in=services)
        statuses = p.listed(params, "status")
        unknown = [s for s in statuses if s.lower() not in ("open", "closed")]
        if unknown:
            raise Open311Error(
                400,
                _("status must be open or closed, not %(value)s.") % {"value": unknown[0][:50]},
            )
        wanted = {s.lower() for s in statuses}
        if len(wanted) == 1:
            qs = qs.filter(_status_q(wanted.pop()))
        start, end = window(params, timezone.now())
        qs = qs.filter(received_at__gte=start, received_at__lte=end)
    return with_details(qs).order_by("-received_at", "-id")[: limit()]


def one(qs: QuerySet[Grievance], code: str) -> Grievance:
    """The request with this id among those the caller sees. Raises Open311Error (404)."""
    found = None
    if len(code) <= CODE_CHARS_MAX:
        found = with_details(qs).filter(code=normalise_code(code)).first()
    if found is None:
        raise Open311Error(404, _("service_request_id %(id)s was not found.") % {"id": code[:50]})
    return found


def with_details(qs: QuerySet[Grievance]) -> QuerySet[Grievance]:
    """Everything `item` reads, in one query however many requests there are."""
    answered = Q(grievance=OuterRef("pk")) | Q(grievance=OuterRef("merged_into"))
    last_public = TimelineEvent.objects.filter(grievance=OuterRef("pk"), public=True)
    return qs.select_related("category", "unit", "merged_into", "open311_detail").annotate(
        o311_updated=Subquery(last_public.order_by("-created", "-id").values("created")[:1]),
        o311_decision=Subquery(
            Reply.objects.filter(answered, sent_back=False)
            .order_by("-created", "-id")
            .values("decision")[:1]
        ),
        o311_declined=Subquery(
            TimelineEvent.objects.filter(answered, kind=EventKind.DECLINED)
            .order_by("-created", "-id")
            .values("text")[:1]
        ),
    )


# ---- a grievance as a request ------------------------------------------------------------


def _detail(g: Grievance) -> RequestDetail | None:
    try:
        return g.open311_detail
    except RequestDetail.DoesNotExist:
        return None


def _effective(g: Grievance) -> Grievance:
    """The case whose progress answers this one: the collective case for a merged case."""
    if g.state == State.MERGED and g.merged_into is not None:
        return g.merged_into
    return g


def _due(g: Grievance) -> date | None:
    """The deadline the organisation is bound by now (acceptance, reply, review decision),
    as the grievance deadlines count it; None once answered (the feedback window is the
    complainant's, and supervision's tighter dates are internal)."""
    due, kind = step_due(g)
    return None if kind == DueKind.FEEDBACK else due


def status_notes(g: Grievance) -> str | None:
    """Why the request stands where it does: the decision of the latest reply, the reasons
    for declining, or a word on a review or a merge."""
    eff = _effective(g)
    decision: str | None = getattr(g, "o311_decision", None)
    declined: str | None = getattr(g, "o311_declined", None)
    if eff.state == State.DECLINED:
        return declined or None
    if eff.state in (State.REPLIED, State.CLOSED):
        return decision or None
    if g.state == State.MERGED:
        return _(
            "Merged into a collective case about the same problem; the reply to that case"
            " answers this request."
        )
    if eff.state == State.UNDER_REVIEW:
        return _("Under review at the complainant's request.")
    return None


Policies = dict[tuple[str, int | None], DeadlinePolicy]


def service_notice(g: Grievance, policies: Policies) -> str | None:
    """The next step and its deadline, for an open request."""
    eff = _effective(g)
    due = _due(eff)
    if due is None:
        return None
    if eff.state == State.RECEIVED:
        key = (eff.kind, eff.category_id)
        if key not in policies:
            policies[key] = policy_for(eff.kind, eff.category)
        return received_notice(due, policies[key])
    if eff.state == State.UNDER_REVIEW:
        return _("The review is due to be decided by %(date)s.") % {"date": due.isoformat()}
    return _("Taken up; the reply is due by %(date)s.") % {"date": due.isoformat()}


def received_notice(accept_due: date, policy: DeadlinePolicy) -> str:
    if policy.day_type == DayType.WORKING:
        text = _(
            "Whether this is taken up is decided by %(date)s; once it is, the reply is due"
            " within %(days)d working days."
        )
    else:
        text = _(
            "Whether this is taken up is decided by %(date)s; once it is, the reply is due"
            " within %(days)d days."
        )
    return text % {"date": accept_due.isoformat(), "days": policy.resolve_days}


def item(g: Grievance, policies: Policies | None = None) -> dict[str, Any]:
    """The grievance as a GeoReport v2 request (read from a `with_details` queryset)."""
    policies = {} if policies is None else policies
    eff = _effective(g)
    closed = eff.state in CLOSED_STATES
    detail = _detail(g)
    updated: datetime | None = getattr(g, "o311_updated", None)
    return {
        "service_request_id": g.code,
        "status": "closed" if closed else "open",
        "status_notes": status_notes(g),
        "service_name": g.category.display_name if g.category else None,
        "service_code": g.category.code if g.category else None,
        "description": g.description,
        "agency_responsible": g.unit.display_name,
        "service_notice": None if closed else service_notice(g, policies),
        "requested_datetime": g.received_at,
        "updated_datetime": max(updated, g.received_at) if updated else g.received_at,
        "expected_datetime": None if closed else end_of_day(_due(eff)),
        "address": g.location or None,
        "address_id": (detail.address_id or None) if detail else None,
        "zipcode": None,
        "lat": float(g.latitude) if g.latitude is not None else None,
        "long": float(g.longitude) if g.longitude is not None else None,
        "media_url": (detail.media_url or None) if detail else None,
    }


def items(grievances: Any) -> list[dict[str, Any]]:
    policies: Policies = {}
    return [item(g, policies) for g in grievances]
