"""Deadline arithmetic: calendar or working days with the Chinese public-holiday calendar
(including the weekend days that are made working days, 调休), and the policy that applies
to a grievance."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

import holidays
from django.db.models import Q
from django.utils import timezone

from grievances.models import (
    Category,
    DayType,
    DeadlinePolicy,
    DueKind,
    Grievance,
    State,
)

DUE_SOON_DAYS = 3


@functools.lru_cache(maxsize=64)
def _china(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=[year])


def is_working_day(day: date) -> bool:
    """True on a weekday that is not a public holiday, and on a weekend day declared a
    working day to make up for a holiday."""
    return bool(_china(day.year).is_working_day(day))


def add_days(start: date, days: int, day_type: str = DayType.CALENDAR) -> date:
    """The date `days` days after `start`, counting calendar days or working days (the start
    day itself never counts, as in 'within 15 days of receipt')."""
    if days < 0:
        raise ValueError("days must not be negative")
    if day_type == DayType.CALENDAR:
        return start + timedelta(days=days)
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def local_date(moment: datetime | None = None) -> date:
    return timezone.localdate(moment or timezone.now())


def policy_for(kind: str, category: Category | None) -> DeadlinePolicy:
    """The most specific policy: kind and category, then category, then kind, then the
    default row, then the built-in defaults (15/60/30/30/30)."""
    # `category__in=[category, None]` would not do: SQL `IN` never matches NULL, so the
    # kind-only and default rows would be lost for every case that has a category.
    in_scope = Q(category__isnull=True)
    if category is not None:
        in_scope |= Q(category=category)
    candidates = list(DeadlinePolicy.objects.filter(in_scope, kind__in=[kind, ""]))

    def rank(p: DeadlinePolicy) -> int:
        return (2 if p.category_id else 0) + (1 if p.kind else 0)

    if candidates:
        return max(candidates, key=rank)
    return DeadlinePolicy()


def due_status(due: date | None, today: date | None = None) -> str:
    """'overdue', 'due_soon' or '' for a due date."""
    if due is None:
        return ""
    today = today or local_date()
    if due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return ""


def refresh_next_due(g: Grievance, supervision_due: date | None = None) -> None:
    """Set next_due / next_due_kind from the state and the step deadlines (not saved). A
    supervision deadline tightens the step that is open: acceptance, reply or review."""
    due: date | None
    kind: str
    if g.state == State.RECEIVED:
        due, kind = g.accept_due, DueKind.ACCEPT
    elif g.state in (State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS):
        due, kind = g.resolve_due, DueKind.RESOLVE
    elif g.state == State.REPLIED:
        due, kind = g.feedback_due, DueKind.FEEDBACK
        supervision_due = None  # the reply ends supervision
    elif g.state == State.UNDER_REVIEW:
        due, kind = g.review_due, DueKind.REVIEW
    else:
        due, kind, supervision_due = None, "", None
    if supervision_due is not None and (due is None or supervision_due < due):
        due = supervision_due
    g.next_due = due
    g.next_due_kind = kind if due else ""
