"""The duty roster's steps and reads (see `docs/duty.md`, "Roster").

`on_duty(unit, at)` is the door other parts use (the escalation chain, "who is on duty now",
the API): the shift covering a moment at a unit, if any.

The steps (`save_shift`, `save_roster`, `set_duty_phone`, `add_heightened_period`; swaps
and handovers are in `duty.shift_changes`) each check who may take them, run in one
transaction, write an audit record and raise `DomainError` (or `NotAllowed`) with a message
for people, having changed nothing. `generate_rotation` only
plans: its result is shown as a preview and saved with `save_roster`.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit import log as audit
from duty.models import (
    DutyContact,
    Handover,
    HeightenedPeriod,
    Leave,
    Shift,
    SwapRequest,
    SwapState,
)
from minsheng.errors import DomainError, NotAllowed
from minsheng.todo import Item
from minsheng.workdays import _china, is_working_day, local_date
from orgs.models import Membership, Role, Unit
from orgs.scoping import headed_chains, members, scope_for

MAX_ROTATION_DAYS = 120
# Who may stand as duty officer: any staff role in the unit or a unit below it.
OFFICER_ROLES = (Role.CLERK, Role.HANDLER, Role.LEADER, Role.HEAD)
# Who may stand as duty leader: a leader or head of the unit, or a head above it.
LEADER_ROLES = (Role.LEADER, Role.HEAD)


# ---- reads --------------------------------------------------------------------------------


def on_duty(unit: Unit, at: datetime | None = None) -> Shift | None:
    """The shift covering `at` (default: now) at `unit`, with its officer and leader."""
    at = at or timezone.now()
    return (
        Shift.objects.filter(unit=unit, starts__lte=at, ends__gt=at)
        .select_related("officer", "leader", "unit")
        .order_by("starts")
        .first()
    )


def on_duty_at(units: Iterable[Unit], at: datetime | None = None) -> dict[int, Shift]:
    """For each unit, the shift covering `at`, in one query: unit id → shift."""
    at = at or timezone.now()
    ids = [u.pk for u in units]
    rows = Shift.objects.filter(unit_id__in=ids, starts__lte=at, ends__gt=at).select_related(
        "officer", "leader"
    )
    return {s.unit_id: s for s in rows.order_by("-starts")}


def phones_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Duty phone numbers by user id (one query). Staff only: callers check who reads."""
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    rows = DutyContact.objects.filter(user_id__in=ids).exclude(phone="")
    return {c.user_id: c.phone for c in rows}


def local_start(day: date) -> datetime:
    """Midnight at the start of `day` in the configured time zone."""
    return timezone.make_aware(datetime.combine(day, time()))


def local_days(start: datetime, end: datetime) -> list[date]:
    """The local days that [start, end) touches."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end - timedelta(microseconds=1)).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@functools.lru_cache(maxsize=32)
def _holiday_breaks(year: int) -> frozenset[date]:
    """The public holidays of `year` and the rest days joined to them (the whole break:
    the National Day week includes its weekend). A weekend day made a working day (调休) is
    not part of any break."""
    cal = _china(year)
    holidays = set(cal) | set(_china(year + 1)) | set(_china(year - 1))
    start, end = date(year, 1, 1) - timedelta(days=14), date(year, 12, 31) + timedelta(days=14)
    out: set[date] = set()
    run: list[date] = []
    day = start
    while day <= end + timedelta(days=1):
        if day <= end and not is_working_day(day):
            run.append(day)
        else:
            if any(d in holidays for d in run):
                out.update(d for d in run if d.year == year)
            run = []
        day += timedelta(days=1)
    return frozenset(out)


def holiday_days(first_day: date, last_day: date) -> set[date]:
    """Days of public-holiday breaks between `first_day` and `last_day` (inclusive)."""
    out: set[date] = set()
    for year in range(first_day.year, last_day.year + 1):
        out |= {d for d in _holiday_breaks(year) if first_day <= d <= last_day}
    return out


def _expand(first: date, last: date, lo: date, hi: date) -> set[date]:
    a, b = max(first, lo), min(last, hi)
    return {a + timedelta(days=i) for i in range((b - a).days + 1)} if a <= b else set()


def heightened_days_by_unit(
    units: Sequence[Unit], first_day: date, last_day: date
) -> dict[int, set[date]]:
    """For each unit, its heightened days between `first_day` and `last_day`: the public
    holiday breaks and the periods an administrator added for every unit, for the unit or
    for a unit above it. One query however many units."""
    base = holiday_days(first_day, last_day)
    rows = list(
        HeightenedPeriod.objects.filter(
            first_day__lte=last_day, last_day__gte=first_day
        ).values_list("first_day", "last_day", "unit_id")
    )
    everywhere = set(base)
    per_unit: dict[int, set[date]] = {}
    for first, last, unit_id in rows:
        days = _expand(first, last, first_day, last_day)
        if unit_id is None:
            everywhere |= days
        else:
            per_unit.setdefault(unit_id, set()).update(days)
    out: dict[int, set[date]] = {}
    for unit in units:
        days = set(everywhere)
        for i in [unit.pk, *unit.ancestor_ids()]:
            days |= per_unit.get(i, set())
        out[unit.pk] = days
    return out


def heightened_days(unit: Unit, first_day: date, last_day: date) -> set[date]:
    """The days between `first_day` and `last_day` (inclusive) on which `unit` needs a
    leader on every shift and cover around the clock: public-holiday breaks from the
    calendar (not the weekend days made working days, 调休) and the heightened periods an
    administrator added for every unit, this unit or a unit above it."""
    return heightened_days_by_unit([unit], first_day, last_day)[unit.pk]


def touches(start: datetime, end: datetime, days: set[date]) -> bool:
    return any(d in days for d in local_days(start, end))


def officer_candidates(unit: Unit) -> Any:
    """Who may stand as duty officer at `unit`: staff of the unit or a unit below it."""
    rows = Membership.objects.filter(
        unit__path__startswith=unit.path, role__in=list(OFFICER_ROLES)
    ).values("user_id")
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=rows, is_active=True).order_by("username")


def leader_candidates(unit: Unit) -> Any:
    """Who may stand as duty leader at `unit`: its leaders and heads, and heads above it."""
    from django.contrib.auth import get_user_model

    own = members(unit, LEADER_ROLES).values("pk")
    above = members(unit, [Role.HEAD], above=True).values("pk")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=own) | Q(pk__in=above), is_active=True)
        .order_by("username")
    )


def staff_candidates(unit: Unit) -> Any:
    """Who may take either place on a shift at `unit` (a swap's replacement)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=officer_candidates(unit).values("pk"))
            | Q(pk__in=leader_candidates(unit).values("pk"))
        )
        .order_by("username")
    )


def may_arrange(user: Any, unit: Unit) -> bool:
    """Whether `user` may change the roster of `unit`: a leader of the unit, a head of it or
    above, an administrator."""
    roles = scope_for(user).roles_at(unit)
    return bool(roles & {Role.LEADER, Role.HEAD})


def may_decide_swaps(user: Any, unit: Unit) -> bool:
    """A head of the unit or of a unit above it, or an administrator."""
    return Role.HEAD in scope_for(user).roles_at(unit)


# ---- checking and saving a roster ------------------------------------------------------------


@dataclass(frozen=True)
class PlannedShift:
    """A shift not yet saved: what the generator proposes and what `save_roster` takes."""

    starts: datetime
    ends: datetime
    officer: Any
    leader: Any = None
    note: str = ""


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _name(user: Any) -> str:
    from minsheng.names import person_name

    return person_name(user)


def _check_people(unit: Unit, plans: Sequence[PlannedShift]) -> None:
    officers = set(officer_candidates(unit).values_list("pk", flat=True))
    leaders = set(leader_candidates(unit).values_list("pk", flat=True))
    for p in plans:
        if p.officer.pk not in officers:
            raise DomainError(
                _("%(name)s is not staff of %(unit)s and cannot be its duty officer.")
                % {"name": _name(p.officer), "unit": unit.display_name}
            )
        if p.leader is not None and p.leader.pk not in leaders:
            raise DomainError(
                _(
                    "%(name)s is not a leader or head of %(unit)s or a head above it, and"
                    " cannot be its duty leader."
                )
                % {"name": _name(p.leader), "unit": unit.display_name}
            )


def gaps(
    intervals: Iterable[tuple[datetime, datetime]], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The stretches of [start, end) that no interval covers, merged, in order: one sweep
    over the intervals sorted by start."""
    out: list[tuple[datetime, datetime]] = []
    cursor = start
    for s, e in sorted(intervals):
        if e <= cursor:
            continue
        if s >= end:
            break
        if s > cursor:
            out.append((cursor, s))
        cursor = max(cursor, e)
        if cursor >= end:
            break
    if cursor < end:
        out.append((cursor, end))
    return out


def heightened_spans(days: Iterable[date]) -> list[tuple[datetime, datetime]]:
    """Heightened days as merged local-time spans."""
    spans: list[tuple[datetime, datetime]] = []
    for d in sorted(days):
        s, e = local_start(d), local_start(d + timedelta(days=1))
        if spans and spans[-1][1] >= s:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def check_roster(unit: Unit, plans: Sequence[PlannedShift]) -> None:
    """Raise DomainError with a message for people if `plans` may not be saved at `unit`:
    a shift that does not end after it starts, shifts overlapping each other or a saved
    shift of the unit (one query), an officer or leader who may not stand there, a shift
    on a heightened day without a leader, or a hole left in a heightened period within the
    span the plans cover. Gaps on ordinary days are allowed (the coverage view shows them)."""
    if not plans:
        raise DomainError(_("There is no shift to save."))
    for p in plans:
        if p.ends <= p.starts:
            raise DomainError(
                _("A shift must end after it starts (the shift from %(start)s).")
                % {"start": _when(p.starts)}
            )
        if len(p.note) > 300:
            raise DomainError(_("A shift's note is at most 300 characters."))
    ordered = sorted(plans, key=lambda p: p.starts)
    for a, b in itertools.pairwise(ordered):
        if b.starts < a.ends:
            raise DomainError(
                _("The shifts from %(a)s and from %(b)s overlap.")
                % {"a": _when(a.starts), "b": _when(b.starts)}
            )
    span_start, span_end = ordered[0].starts, max(p.ends for p in ordered)
    # One query: every saved shift of the unit that reaches into the span.
    saved = list(
        Shift.objects.filter(unit=unit, starts__lt=span_end, ends__gt=span_start)
        .order_by("starts")
        .values_list("starts", "ends")
    )
    for s, e in saved:
        for p in ordered:
            if p.starts < e and s < p.ends:
                raise DomainError(
                    _(
                        "The shift from %(start)s overlaps the shift already on the roster"
                        " from %(other)s to %(end)s."
                    )
                    % {"start": _when(p.starts), "other": _when(s), "end": _when(e)}
                )
    _check_people(unit, ordered)
    first_day = timezone.localtime(span_start).date()
    last_day = timezone.localtime(span_end).date()
    days = heightened_days(unit, first_day, last_day)
    for p in ordered:
        if p.leader is None and touches(p.starts, p.ends, days):
            raise DomainError(
                _(
                    "The shift from %(start)s falls in a heightened period (a public holiday"
                    " or a date set by an administrator) and needs a duty leader."
                )
                % {"start": _when(p.starts)}
            )
    covered = [(p.starts, p.ends) for p in ordered] + saved
    for hs, he in heightened_spans(days):
        lo, hi = max(hs, span_start), min(he, span_end)
        if lo >= hi:
            continue
        holes = gaps(covered, lo, hi)
        if holes:
            raise DomainError(
                _(
                    "A heightened period must be covered around the clock: nobody would be"
                    " on duty from %(start)s to %(end)s."
                )
                % {"start": _when(holes[0][0]), "end": _when(holes[0][1])}
            )


def _may_arrange_or_refuse(by: Any, unit: Unit) -> None:
    if not may_arrange(by, unit):
        raise NotAllowed(
            _("Only a leader or head of %(unit)s may change its roster.")
            % {"unit": unit.display_name}
        )


def save_shift(
    unit: Unit,
    *,
    by: Any,
    starts: datetime,
    ends: datetime,
    officer: Any,
    leader: Any = None,
    note: str = "",
) -> Shift:
    """Put one shift on `unit`'s roster (checked as `check_roster`), audited. Raises
    NotAllowed for someone who may not arrange the unit's roster, DomainError otherwise."""
    shifts = save_roster(
        unit, [PlannedShift(starts, ends, officer, leader, note.strip())], by=by, single=True
    )
    return shifts[0]


def save_roster(
    unit: Unit, plans: Sequence[PlannedShift], *, by: Any, single: bool = False
) -> list[Shift]:
    """Save a batch of shifts (the generator's, or one) at `unit` in one transaction, all or
    nothing, with one audit record. Raises as `check_roster` does; saves nothing then."""
    _may_arrange_or_refuse(by, unit)
    with transaction.atomic():
        # Serialise roster changes of one unit: two batches checked at once could overlap.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        check_roster(unit, plans)
        rows = [
            Shift(
                unit=unit,
                starts=p.starts,
                ends=p.ends,
                officer=p.officer,
                leader=p.leader,
                note=p.note,
                created_by=by,
            )
            for p in sorted(plans, key=lambda p: p.starts)
        ]
        if single:
            rows[0].save()
            audit.record(
                by,
                "duty.shift_saved",
                rows[0],
                {
                    "unit": unit.code,
                    "starts": rows[0].starts,
                    "ends": rows[0].ends,
                    "officer": rows[0].officer.get_username(),
                    "leader": rows[0].leader.get_username() if rows[0].leader else None,
                },
            )
            return rows
        Shift.objects.bulk_create(rows)
        saved = list(
            Shift.objects.filter(
                unit=unit, starts__gte=rows[0].starts, ends__lte=rows[-1].ends
            ).order_by("starts")
        )
        audit.record(
            by,
            "duty.roster_saved",
            unit,
            {
                "shifts": [s.pk for s in saved],
                "from": rows[0].starts,
                "to": rows[-1].ends,
                "count": len(rows),
            },
        )
    return saved


# ---- the rotation generator -----------------------------------------------------------------


class Cadence:
    DAILY = "daily"
    WEEKLY = "weekly"


def _on_leave(user_ids: list[int], first_day: date, last_day: date) -> set[tuple[int, date]]:
    out: set[tuple[int, date]] = set()
    rows = Leave.objects.filter(
        user_id__in=user_ids, first_day__lte=last_day, last_day__gte=first_day
    ).values_list("user_id", "first_day", "last_day")
    for uid, a, b in rows:
        for d in _expand(a, b, first_day, last_day):
            out.add((uid, d))
    return out


def _pick(
    pool: Sequence[Any], start_index: int, days: list[date], away: set[tuple[int, date]]
) -> tuple[Any, int]:
    """The next person in `pool` from `start_index` who is on leave on none of `days`."""
    for step in range(len(pool)):
        person = pool[(start_index + step) % len(pool)]
        if not any((person.pk, d) in away for d in days):
            return person, (start_index + step + 1) % len(pool)
    raise DomainError(
        _("Everybody in the pool is on leave on %(day)s: add someone to the pool.")
        % {"day": days[0].isoformat()}
    )


def generate_rotation(
    unit: Unit,
    *,
    first_day: date,
    days: int,
    officers: Sequence[Any],
    leaders: Sequence[Any] = (),
    cadence: str = Cadence.DAILY,
    start_hour: int = 8,
    start_minute: int = 30,
) -> list[PlannedShift]:
    """Plan shifts at `unit` from `first_day` at start_hour:start_minute (the handover) for
    `days` days: one shift a day (daily) or a week (weekly, the last one shorter to end on
    time), officers taken in turn from `officers` and leaders from `leaders` (if given),
    skipping anyone on leave on a day of the shift. Saves nothing: show it, then
    `save_roster`. Raises DomainError for an empty pool, a bad length or hour, or a day on
    which the whole pool is away."""
    if not officers:
        raise DomainError(_("Name at least one duty officer for the rotation."))
    if not 1 <= days <= MAX_ROTATION_DAYS:
        raise DomainError(
            _("A rotation covers 1 to %(n)d days at a time.") % {"n": MAX_ROTATION_DAYS}
        )
    if not (0 <= start_hour <= 23 and 0 <= start_minute <= 59):
        raise DomainError(_("The handover time must be a time of day."))
    if cadence not in (Cadence.DAILY, Cadence.WEEKLY):
        raise DomainError(_("A rotation is daily or weekly."))
    last_day = first_day + timedelta(days=days)
    pool_ids = [u.pk for u in [*officers, *leaders]]
    away = _on_leave(pool_ids, first_day, last_day)
    length = 1 if cadence == Cadence.DAILY else 7
    handover = time(start_hour, start_minute)
    plans: list[PlannedShift] = []
    oi = li = 0
    day = first_day
    while day < last_day:
        until = min(day + timedelta(days=length), last_day)
        covered = [day + timedelta(days=i) for i in range((until - day).days)]
        officer, oi = _pick(officers, oi, covered, away)
        leader = None
        if leaders:
            leader, li = _pick(leaders, li, covered, away)
        plans.append(
            PlannedShift(
                starts=timezone.make_aware(datetime.combine(day, handover)),
                ends=timezone.make_aware(datetime.combine(until, handover)),
                officer=officer,
                leader=leader,
            )
        )
        day = until
    return plans


# ---- contacts and heightened periods ----------------------------------------------------------


def set_duty_phone(user: Any, phone: str, *, by: Any) -> DutyContact:
    """Set (or clear, with '') the phone number `user` is reached on while on duty. Only
    the person themselves. The number is not written to the audit log, only that it changed."""
    phone = (phone or "").strip()
    if by.pk != user.pk:
        raise NotAllowed(_("Only you can set your duty phone number."))
    if len(phone) > 30 or any(c not in "0123456789+-() " for c in phone):
        raise DomainError(_("Enter a phone number: digits, spaces, +, - and brackets."))
    with transaction.atomic():
        contact, _created = DutyContact.objects.get_or_create(user=user)
        contact.phone = phone
        contact.save()
        audit.record(by, "duty.phone_set", contact, {"cleared": not phone})
    return contact


def add_heightened_period(
    *, by: Any, name: str, first_day: date, last_day: date, unit: Unit | None = None
) -> HeightenedPeriod:
    """An administrator's heightened period (every unit), or a head's for their unit."""
    name = (name or "").strip()
    scope = scope_for(by)
    if unit is None and not scope.is_administrator:
        raise NotAllowed(_("Only an administrator adds a heightened period for every unit."))
    if unit is not None and not may_decide_swaps(by, unit):
        raise NotAllowed(_("Only the head of the unit adds a heightened period for it."))
    if not name:
        raise DomainError(_("Please name the period."))
    if len(name) > 100:
        raise DomainError(_("The name is at most 100 characters."))
    if last_day < first_day:
        raise DomainError(_("The last day cannot come before the first day."))
    if (last_day - first_day).days > 60:
        raise DomainError(_("A heightened period lasts at most 61 days."))
    with transaction.atomic():
        row = HeightenedPeriod.objects.create(
            name=name, first_day=first_day, last_day=last_day, unit=unit, created_by=by
        )
        audit.record(
            by,
            "duty.heightened_added",
            row,
            {
                "name": name,
                "first_day": first_day,
                "last_day": last_day,
                "unit": unit and unit.code,
            },
        )
    return row


# ---- to-do ------------------------------------------------------------------------------------


def todo_items(user: Any) -> list[Item]:
    """What the roster waits on `user` for: swap requests waiting for them as the nearest
    head of the shift's unit (where the notice went), and handover notes waiting for their
    acknowledgement as the next shift's officer. A few queries, none per row."""
    from duty.scoping import visible_shifts

    scope = scope_for(user)
    if not scope.is_staff_member:
        return []
    out: list[Item] = []
    mine = reverse("duty:mine")
    # Swaps wait on the nearest head of the shift's unit (as the notice goes there); heads
    # further up may decide them too, from My duty, but are not asked to.
    swaps = SwapRequest.objects.filter(state=SwapState.PENDING).select_related(
        "shift__unit", "requested_by"
    )
    if scope.head_paths:
        q = Q()
        for p in scope.head_paths:
            q |= Q(shift__unit__path__startswith=p)
        waiting = list(swaps.filter(q).order_by("shift__starts")[:200])
    else:
        waiting = []
    heads_of = {u for u, roles in scope.direct_roles.items() if Role.HEAD in roles}
    chains = headed_chains([s.shift.unit for s in waiting])
    waiting = [
        s for s in waiting if any(u.pk in heads_of for u in chains.get(s.shift.unit_id, [])[:1])
    ]
    for s in waiting[:100]:
        out.append(
            Item(
                module="duty",
                what=_("Decide a duty swap"),
                title=(
                    f"{s.shift.unit.display_name} {_when(s.shift.starts)} · {_name(s.requested_by)}"
                ),
                url=mine + "#swaps",
                due=local_date(s.shift.starts),
                unit=s.shift.unit.display_name,
            )
        )
    notes = (
        Handover.objects.filter(next_shift__officer=user, acknowledged_at__isnull=True)
        .filter(next_shift__in=visible_shifts(user))
        .select_related("shift__unit")
    )
    for h in notes.order_by("written_at")[:100]:
        out.append(
            Item(
                module="duty",
                what=_("Acknowledge a handover note"),
                title=f"{h.shift.unit.display_name} {_when(h.shift.starts)}",
                url=mine + "#handovers",
                due=local_date(h.written_at),
                unit=h.shift.unit.display_name,
            )
        )
    return out
