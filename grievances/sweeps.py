"""The grievance sweeps the worker runs: deadlines that pass without anyone clicking.

Every sweep is set-based: one query finds the rows whose condition holds (each condition is
covered by a partial index on the row), and one conditional UPDATE claims a batch of them,
marking the rows it took with a token of its own. A row is claimed only while its condition
still holds, so two workers running the same sweep at once never take the same row (on
PostgreSQL the second UPDATE waits for the first and re-checks the condition; SQLite runs
one writer at a time). Each batch, with its timeline events, audit records and notices, is one
transaction: a worker killed mid-sweep rolls back the batch it was doing, and the next run
finds those rows still due. Running a sweep twice does nothing the second time.

1. close_expired_feedback: a reply whose feedback window has ended closes the case.
2. end_review_windows: a closed case whose window for review has ended is final; the
   complainant's timeline says so.
3. warn_due_soon: the owner and handler (or, before assignment, the unit's leaders) hear once
   per deadline that a step is due within MINSHENG_DUE_SOON_DAYS.
4. escalate_overdue: an overdue step goes to the case owner, then the heads of the case's
   unit, then the heads of each unit above, one level per the policy's escalation interval,
   until the step is taken (a new deadline resets it: deadlines.refresh_next_due).
5. remind_waiting_extensions: the heads who decide an extension request are reminded once a
   day while it waits.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, QuerySet, Value
from django.utils import timezone

from grievances import events, notify
from grievances.models import (
    DueKind,
    EventKind,
    ExtensionRequest,
    ExtensionState,
    Grievance,
    State,
)
from minsheng.workdays import due_soon_days, local_date
from orgs.models import Membership, Role, Unit
from orgs.scoping import headed_chains

# The steps that wait on staff. A reply's feedback window waits on the complainant.
STAFF_STATES = (
    State.RECEIVED,
    State.ACCEPTED,
    State.ASSIGNED,
    State.IN_PROGRESS,
    State.UNDER_REVIEW,
)
STAFF_STEPS = Q(state__in=STAFF_STATES) & ~Q(next_due_kind=DueKind.FEEDBACK)


@dataclass
class SweepResult:
    closed: int = 0
    finalised: int = 0
    warned: int = 0
    escalated: int = 0
    reminded: int = 0
    by_level: dict[int, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"closed {self.closed}, final {self.finalised}, warned {self.warned},"
            f" escalated {self.escalated}, extension reminders {self.reminded}"
        )


def sweep(now: datetime | None = None) -> SweepResult:
    """Every grievance sweep, in order. Safe to run at any time, as often as wanted."""
    now = now or timezone.now()
    today = local_date(now)
    result = SweepResult()
    result.closed = close_expired_feedback(today, now=now)
    result.finalised = end_review_windows(today, now=now)
    result.warned = warn_due_soon(today)
    result.escalated = escalate_overdue(now, by_level=result.by_level)
    result.reminded = remind_waiting_extensions(today)
    return result


# ---- the claim --------------------------------------------------------------------------


def _in_batches(
    condition: Q, updates: dict[str, object], process: Callable[[list[Grievance]], int]
) -> int:
    """Claim rows matching `condition` a batch at a time, applying `updates` and marking them
    with a token; hand each claimed batch to `process` in the same transaction. Returns the
    sum of what `process` counted (the rows it acted on)."""
    total = 0
    while True:
        token = secrets.token_hex(8)
        with transaction.atomic():
            candidates = (
                Grievance.objects.filter(condition).order_by().values("pk")[: settings.SWEEP_BATCH]
            )
            claimed = Grievance.objects.filter(condition, pk__in=candidates).update(
                **updates, sweep_claim=token
            )
            if not claimed:
                return total
            rows = list(
                Grievance.objects.filter(sweep_claim=token).select_related(
                    "unit", "owner", "handler"
                )
            )
            total += process(rows)
            Grievance.objects.filter(sweep_claim=token).update(sweep_claim="")
        if claimed < settings.SWEEP_BATCH:
            return total


# ---- 1, 2: windows that end -----------------------------------------------------------------


def close_expired_feedback(today: date | None = None, *, now: datetime | None = None) -> int:
    """Close every replied case whose feedback window has ended. Returns the count."""
    today = today or local_date()
    now = now or timezone.now()
    condition = Q(state=State.REPLIED, feedback_due__lt=today)

    def closed(rows: list[Grievance]) -> int:
        Grievance.objects.filter(pk__in=[g.pk for g in rows]).update(version=F("version") + 1)
        for g in rows:
            g.version += 1
            events.record(
                g,
                EventKind.CLOSED,
                None,
                actor_label="system",
                data={"reason": "feedback window ended"},
            )
            notify.complainant(g, "closed")
        return len(rows)

    return _in_batches(
        condition,
        {"state": State.CLOSED, "closed_at": now, "next_due": None, "next_due_kind": ""},
        closed,
    )


def end_review_windows(today: date | None = None, *, now: datetime | None = None) -> int:
    """Mark closed cases whose review window has ended as final, with a public event."""
    today = today or local_date()
    condition = Q(state=State.CLOSED, review_window_closed=False, review_window_due__lt=today) & Q(
        review_window_due__isnull=False
    )

    def finalised(rows: list[Grievance]) -> int:
        for g in rows:
            events.record(
                g,
                EventKind.REVIEW_WINDOW_ENDED,
                None,
                actor_label="system",
                data={
                    "window_ended": g.review_window_due.isoformat() if g.review_window_due else ""
                },
            )
        return len(rows)

    return _in_batches(condition, {"review_window_closed": True}, finalised)


# ---- 3: due soon ------------------------------------------------------------------------------


def warn_due_soon(today: date | None = None) -> int:
    """Tell the people working a case, once per deadline, that its step is due soon."""
    today = today or local_date()
    condition = (
        STAFF_STEPS
        & Q(next_due__gte=today, next_due__lte=today + timedelta(days=due_soon_days()))
        & (Q(warned_due__isnull=True) | ~Q(warned_due=F("next_due")))
    )

    def warned(rows: list[Grievance]) -> int:
        leaders = _members_by_unit({g.unit_id for g in rows}, (Role.LEADER, Role.HEAD))
        for g in rows:
            people = _workers(g) or leaders.get(g.unit_id, [])
            notify.due_soon(g, people)
        return len(rows)

    return _in_batches(condition, {"warned_due": F("next_due")}, warned)


# ---- 4: escalation ------------------------------------------------------------------------------


def escalate_overdue(now: datetime | None = None, *, by_level: dict[int, int] | None = None) -> int:
    """Take every overdue staff step one level up the chain whose time has come."""
    now = now or timezone.now()
    today = local_date(now)
    first = STAFF_STEPS & Q(next_due__lt=today, escalation_level=0)
    further = STAFF_STEPS & Q(escalation_level__gte=1, escalate_at__lte=now)
    next_at = ExpressionWrapper(
        Value(now, output_field=DateTimeField()) + F("escalation_interval"),
        output_field=DateTimeField(),
    )
    counts = by_level if by_level is not None else {}

    def escalated(rows: list[Grievance]) -> int:
        chains = _head_chains(rows)
        heads = _members_by_unit({u.pk for c in chains.values() for u in c}, (Role.HEAD,))
        leaders = _members_by_unit({g.unit_id for g in rows}, (Role.LEADER, Role.HEAD))
        stopped: list[Grievance] = []
        moved: list[Grievance] = []
        for g in rows:
            level = g.escalation_level
            if level == 1:
                # The owner; before there is one, the leaders who would assign one.
                people = _workers(g) or leaders.get(g.unit_id, [])
                g.escalated_to = None
            else:
                chain = chains.get(g.pk, [])
                if level - 2 >= len(chain):
                    # Past the top of the tree: it stays with the highest head reached.
                    g.escalation_level = level - 1
                    g.escalate_at = None
                    stopped.append(g)
                    continue
                g.escalated_to = chain[level - 2]
                people = heads.get(g.escalated_to.pk, [])
            moved.append(g)
            counts[level] = counts.get(level, 0) + 1
            events.record(
                g,
                EventKind.ESCALATED,
                None,
                actor_label="system",
                public=False,
                data={
                    "level": level,
                    "step": g.next_due_kind,
                    "due": g.next_due.isoformat() if g.next_due else "",
                    "unit": g.escalated_to.code if g.escalated_to else "",
                    "to": [p.username for p in people],
                },
            )
            notify.escalated(g, people)
        if stopped:
            Grievance.objects.bulk_update(stopped, ["escalation_level", "escalate_at"])
        if moved:
            Grievance.objects.bulk_update(moved, ["escalated_to"])
        return len(moved)

    return _in_batches(
        first | further,
        {"escalation_level": F("escalation_level") + 1, "escalate_at": next_at},
        escalated,
    )


# ---- 5: extension requests waiting ---------------------------------------------------------------


def remind_waiting_extensions(today: date | None = None) -> int:
    """Remind the deciders of each extension request that has waited since before today,
    once a day. Notices carry the day in their dedupe key, so two workers send one."""
    today = today or local_date()
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    waiting: QuerySet[ExtensionRequest] = ExtensionRequest.objects.filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today),
        state=ExtensionState.PENDING,
        requested_at__lt=start_of_today,
    ).select_related("grievance", "grievance__unit")
    total = 0
    while True:
        with transaction.atomic():
            batch = list(waiting[: settings.SWEEP_BATCH])
            if not batch:
                return total
            chains = _head_chains([e.grievance for e in batch])
            heads = _members_by_unit({u.pk for c in chains.values() for u in c}, (Role.HEAD,))
            for ext in batch:
                chain = chains.get(ext.grievance.pk, [])
                people = (
                    [p for p in heads.get(chain[0].pk, []) if p.pk != ext.requested_by_id]
                    if chain
                    else []
                )
                notify.extension_waiting(ext, people, today)
            ExtensionRequest.objects.filter(pk__in=[e.pk for e in batch]).update(reminded_on=today)
        total += len(batch)


# ---- who --------------------------------------------------------------------------------------


def _workers(g: Grievance) -> list[User]:
    return [u for u in (g.owner, g.handler) if u is not None and u.is_active]


def _head_chains(rows: Iterable[Grievance]) -> dict[int, list[Unit]]:
    """For each case, its unit and the units above it that have a head, nearest first."""
    rows = list(rows)
    chains = headed_chains({g.unit for g in rows})
    return {g.pk: chains[g.unit_id] for g in rows}


def _members_by_unit(unit_ids: set[int], roles: tuple[str, ...]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = {}
    if not unit_ids:
        return out
    for m in Membership.objects.filter(
        unit_id__in=unit_ids, role__in=roles, user__is_active=True
    ).select_related("user"):
        people = out.setdefault(m.unit_id, [])
        if m.user not in people:
            people.append(m.user)
    return out


__all__ = [
    "SweepResult",
    "close_expired_feedback",
    "end_review_windows",
    "escalate_overdue",
    "remind_waiting_extensions",
    "sweep",
    "warn_due_soon",
]
