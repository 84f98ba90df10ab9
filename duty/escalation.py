"""The escalation chain of an incident report (an on-call escalation policy).

A report opens an `Alert` whose steps come from the most specific `EscalationPolicy` (unit
and severity, unit, severity, default) or DEFAULT_STEPS: the duty officer on shift, then the
duty leader, then the unit head, then the head of each unit above, `wait` apart, until
someone acknowledges. The first step is taken in the transaction that files the report;
the later ones by the worker (`advance`), set-based like every sweep:

1. One conditional UPDATE claims a batch of alerts whose next step is due and that nobody
   has acknowledged, moving each to its next level (and its next time, or none at the last
   level) and marking it with a token. A row is claimed only while its condition holds, so
   two workers never take the same step of the same alert.
2. For each claimed alert, the people of its new step are found (a step with nobody, such
   as an hour with no duty leader, passes straight on to the next), notified, and recorded
   as `AlertPage` rows (unique per alert, level and person), with a timeline event and an
   audit record, in the same transaction.

Acknowledging stops the chain. Nothing here is a Python loop over every alert.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from duty import notify
from duty.models import (
    Alert,
    AlertPage,
    EscalationPolicy,
    Incident,
    IncidentEventKind,
    Report,
)
from duty.roster import on_duty
from minsheng import records
from minsheng.errors import DomainError, NotAllowed
from orgs.models import Membership, Role, Unit
from orgs.scoping import headed_chains, scope_for

STEP_NAMES = ("officer", "leader", "head", "above")
DEFAULT_STEPS = "officer,leader,head,above"
# Minutes between steps when no policy says otherwise: the more serious, the sooner.
DEFAULT_WAIT = {1: 5, 2: 10, 3: 15, 4: 30}


def parse_steps(text: str) -> list[str]:
    """The steps of a policy, in order; ValueError (for people) on an unknown step."""
    steps = [s.strip().lower() for s in (text or "").split(",") if s.strip()]
    if not steps:
        raise ValueError(_("Give at least one step."))
    for s in steps:
        if s not in STEP_NAMES:
            raise ValueError(
                _("Unknown step “%(step)s”: use officer, leader, head or above.") % {"step": s}
            )
    return steps


@dataclass(frozen=True)
class Policy:
    steps: list[str]
    wait: timedelta


def policy_for(unit: Unit, severity: int) -> Policy:
    """The most specific policy for the unit and severity, or the default."""
    rows = list(
        EscalationPolicy.objects.filter(
            Q(unit=unit) | Q(unit__isnull=True), Q(severity=severity) | Q(severity__isnull=True)
        )
    )

    def rank(p: EscalationPolicy) -> tuple[int, int]:
        return (0 if p.unit_id else 1, 0 if p.severity else 1)

    if rows:
        best = min(rows, key=rank)
        try:
            return Policy(parse_steps(best.steps), timedelta(minutes=best.wait_minutes))
        except ValueError:
            pass  # an unreadable policy never silences an alert: the default applies
    return Policy(parse_steps(DEFAULT_STEPS), timedelta(minutes=DEFAULT_WAIT.get(severity, 15)))


# ---- who is at each step -------------------------------------------------------------------


def _heads(unit_ids: list[int]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = {}
    for m in Membership.objects.filter(
        unit_id__in=unit_ids, role=Role.HEAD, user__is_active=True
    ).select_related("user"):
        out.setdefault(m.unit_id, []).append(m.user)
    return out


def people_at(alert: Alert, level: int, at: datetime) -> tuple[Unit, list[User]]:
    """The unit and the people of step `level` of the alert (maybe nobody). The person who
    filed the report is never among them: a report is acknowledged by someone else."""
    unit, people = _people_at(alert, level, at)
    return unit, [p for p in people if p.pk != alert.report.reported_by_id]


def _people_at(alert: Alert, level: int, at: datetime) -> tuple[Unit, list[User]]:
    steps = alert.steps.split(",")
    unit = alert.incident.unit
    step = steps[level]
    if step in ("officer", "leader"):
        shift = on_duty(unit, at)
        person = None if shift is None else (shift.officer if step == "officer" else shift.leader)
        return unit, [person] if person is not None and person.is_active else []
    # head: the unit's own head (or the nearest above when it has none); each "above" one
    # more headed unit up the chain, past the unit's own head.
    chain = headed_chains([unit])[unit.pk]
    if step == "head":
        index = 0
    else:
        ups = sum(1 for s in steps[: level + 1] if s == "above")
        past_own = (chain and chain[0].pk == unit.pk) or "head" in steps[:level]
        index = (1 if past_own else 0) + ups - 1
    if index >= len(chain):
        return unit, []
    target = chain[index]
    return target, _heads([target.pk]).get(target.pk, [])


def _take_step(alert: Alert, at: datetime) -> int:
    """Notify the people of the alert's current level; a step with nobody passes on to the
    next at once. Updates `alert.level` and `alert.next_at` in memory (the caller saves).
    Returns how many people were notified."""
    while True:
        unit, people = people_at(alert, alert.level, at)
        step = alert.steps.split(",")[alert.level]
        written = 0
        for person in people:
            try:
                with transaction.atomic():
                    AlertPage.objects.create(
                        alert=alert,
                        level=alert.level,
                        step=step,
                        unit=unit,
                        user=person,
                        notified_at=at,
                    )
            except IntegrityError:
                continue  # another worker took this step for this person
            written += 1
        if people:
            records.record(
                alert.incident,
                IncidentEventKind.NOTIFIED,
                None,
                actor_label="system",
                data={
                    "alert": alert.pk,
                    "level": alert.level,
                    "step": step,
                    "unit": unit.code,
                    "to": [p.username for p in people],
                },
            )
            notify.alert(alert, people, step)
        if people or alert.level >= alert.last_level:
            if alert.level >= alert.last_level:
                alert.next_at = None
            return written
        alert.level += 1
        alert.next_at = at + alert.wait if alert.level < alert.last_level else None


def open_alert(incident: Incident, report: Report, at: datetime) -> Alert:
    """Open the alert of a report and take its first step, in the caller's transaction."""
    policy = policy_for(incident.unit, report.severity)
    last = len(policy.steps) - 1
    alert = Alert.objects.create(
        incident=incident,
        report=report,
        opened_at=at,
        steps=",".join(policy.steps),
        last_level=last,
        wait=policy.wait,
        level=0,
        next_at=at + policy.wait if last > 0 else None,
    )
    _take_step(alert, at)
    Alert.objects.filter(pk=alert.pk).update(level=alert.level, next_at=alert.next_at)
    return alert


def advance(now: datetime | None = None) -> int:
    """Take the next step of every alert whose wait has passed and that nobody has
    acknowledged. Idempotent; safe with several workers. Returns the steps taken."""
    now = now or timezone.now()
    condition = Q(next_at__lte=now, acknowledged_at__isnull=True, level__lt=F("last_level"))
    next_at = Case(
        When(
            level__gte=F("last_level") - 1,
            then=Value(None, output_field=DateTimeField()),
        ),
        default=ExpressionWrapper(
            Value(now, output_field=DateTimeField()) + F("wait"), output_field=DateTimeField()
        ),
        output_field=DateTimeField(),
    )
    total = 0
    while True:
        token = secrets.token_hex(8)
        with transaction.atomic():
            candidates = (
                Alert.objects.filter(condition).order_by().values("pk")[: settings.SWEEP_BATCH]
            )
            claimed = Alert.objects.filter(condition, pk__in=candidates).update(
                level=F("level") + 1, next_at=next_at, sweep_claim=token
            )
            if not claimed:
                return total
            rows = list(
                Alert.objects.filter(sweep_claim=token).select_related("incident", "incident__unit")
            )
            for alert in rows:
                before = alert.level
                _take_step(alert, now)
                if alert.level != before or alert.next_at is None:
                    Alert.objects.filter(pk=alert.pk).update(
                        level=alert.level, next_at=alert.next_at
                    )
                total += 1
            Alert.objects.filter(sweep_claim=token).update(sweep_claim="")
        if claimed < settings.SWEEP_BATCH:
            return total


# ---- acknowledging -------------------------------------------------------------------------


def may_acknowledge(alert: Alert, user: Any) -> bool:
    """Whoever the alert has reached, the leaders and heads of the incident's unit (and the
    heads above), and the duty officer or leader on shift there now; never the person who
    filed the report."""
    if not getattr(user, "is_authenticated", False):
        return False
    if alert.report.reported_by_id == user.pk:
        return False  # the one who filed it cannot be the one who received it
    if AlertPage.objects.filter(alert=alert, user_id=user.pk).exists():
        return True
    unit = alert.incident.unit
    if scope_for(user).roles_at(unit) & {Role.LEADER, Role.HEAD}:
        return True
    shift = on_duty(unit)
    return shift is not None and user.pk in (shift.officer_id, shift.leader_id)


def acknowledge(alert: Alert, *, by: User) -> Alert:
    """Record that `by` has the alert in hand: the chain stops. Refused (changing nothing)
    when it is acknowledged already or `by` is not one who may."""
    with transaction.atomic():
        fresh = Alert.objects.select_for_update().select_related("incident__unit").get(pk=alert.pk)
        if fresh.acknowledged_at is not None:
            raise DomainError(_("This alert has already been acknowledged."))
        if fresh.report.reported_by_id == by.pk:
            raise NotAllowed(
                _(
                    "You filed this report: it must be acknowledged by someone else, so"
                    " that it is known to have reached them."
                )
            )
        if not may_acknowledge(fresh, by):
            raise NotAllowed(
                _(
                    "Only the people the alert has reached, the duty officer and leader on"
                    " shift, and the unit's leaders may acknowledge it."
                )
            )
        now = timezone.now()
        fresh.acknowledged_at = now
        fresh.acknowledged_by = by
        fresh.next_at = None
        fresh.save(update_fields=["acknowledged_at", "acknowledged_by", "next_at"])
        records.record(
            fresh.incident,
            IncidentEventKind.ACKNOWLEDGED,
            by,
            data={
                "alert": fresh.pk,
                "level": fresh.level,
                "minutes": round((now - fresh.opened_at).total_seconds() / 60, 1),
            },
        )
    return fresh
