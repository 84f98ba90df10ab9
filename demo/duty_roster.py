"""The demo's duty roster, made through the roster's own steps (`duty.roster`):

- every unit has a daily rotation (handover at 08:30) from about three months ago to a month
  ahead, over its own staff, with a duty leader on every shift (its leader, else the nearest
  head above);
- the next public-holiday break comes from the calendar; an administrator adds one more
  heightened period (two days in the coming weeks, every unit);
- one unit has exactly one uncovered night in the next 30 days (a day shift only);
- in 三车间 (B1-W3) `handler` is the duty officer and `leader` the duty leader right now;
  the previous officer's handover note waits for `handler` to acknowledge it; `clerk` has
  asked to swap a coming shift, waiting for `head`;
- the demo logins have duty phone numbers (fictitious).

Seeding again adds nothing (`exists`: any shift).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from demo.orgs import DEMO_WORKSHOP, Org, OrgUnit, ensure_org
from demo.registry import Context, register
from duty import roster, shift_changes
from duty.models import Leave, Shift
from orgs.models import Unit

HANDOVER_HOUR, HANDOVER_MINUTE = 8, 30
DAYS_BACK, DAYS_AHEAD = 92, 31
PHONES = {
    "handler": "138 0000 0101",
    "clerk": "138 0000 0102",
    "leader": "138 0000 0103",
    "head": "138 0000 0104",
    "chief": "138 0000 0105",
}


def _exists() -> bool:
    return Shift.objects.exists()


def _shift_day(moment: datetime) -> date:
    """The day whose 08:30 shift covers `moment`."""
    local = timezone.localtime(moment) - timedelta(hours=HANDOVER_HOUR, minutes=HANDOVER_MINUTE)
    return local.date()


def _pools(org: Org, u: OrgUnit) -> tuple[list[Any], list[Any]]:
    officer_ids = list(dict.fromkeys([*u.handlers, *u.clerks])) or list(u.leaders or u.heads)
    leader_ids = list(u.leaders or u.heads)
    if not leader_ids and u.parent is not None:
        leader_ids = [org.head(u.parent)[0]]
    return [org.users[i] for i in officer_ids], [org.users[i] for i in leader_ids]


def _arranger(org: Org, u: OrgUnit) -> Any:
    return org.users[org.head(u)[0]]


def _rotate_to(pool: list[Any], index: int, person: Any) -> list[Any]:
    """The pool reordered so that turn `index` falls to `person`."""
    if person not in pool:
        return pool
    n = len(pool)
    at = pool.index(person)
    shift = (at - index) % n
    return pool[shift:] + pool[:shift]


def _batches(first: date, last: date) -> list[tuple[date, int]]:
    out = []
    day = first
    while day < last:
        n = min(roster.MAX_ROTATION_DAYS, (last - day).days)
        out.append((day, n))
        day += timedelta(days=n)
    return out


@register("duty-roster", order=30, exists=_exists)
def seed(ctx: Context) -> list[str]:
    if _exists():  # the roster is made once; seeding again adds grievances, not shifts
        return ["Duty roster: already seeded, nothing added."]
    org: Org = ctx.shared.get("orgs") or ensure_org(ctx.seed)
    now = ctx.now or timezone.now()
    with time_machine.travel(now, tick=False):
        return _seed(org, now)


def _seed(org: Org, now: datetime) -> list[str]:
    admin = next(u for u in org.users.values() if u.username == "admin")
    today = _shift_day(now)
    first, last = today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)
    for username, phone in PHONES.items():
        user = next((u for u in org.users.values() if u.username == username), None)
        if user is not None:
            roster.set_duty_phone(user, phone, by=user)

    # 1. One heightened period by hand, in the coming weeks, off the public holidays.
    holidays = roster.holiday_days(today, today + timedelta(days=400))
    special = today + timedelta(days=12)
    while special in holidays or special + timedelta(days=1) in holidays:
        special += timedelta(days=1)
    roster.add_heightened_period(
        by=admin, name="重要会议保障期", first_day=special, last_day=special + timedelta(days=1)
    )
    next_holiday = min(holidays) if holidays else None

    # 2. A little leave, skipped by the rotation: the second officer of the first workshop
    #    with two or more, for a week next month.
    for u in org.units:
        officers, _leaders = _pools(org, u)
        if len(officers) >= 2 and u.code != DEMO_WORKSHOP:
            Leave.objects.create(
                user=officers[1],
                first_day=today + timedelta(days=5),
                last_day=today + timedelta(days=11),
                reason="年休假",
            )
            break

    # 3. The uncovered night: a unit other than the demo workshop, a day in the coming
    #    weeks that is not heightened (nor the next day).
    hole_unit = next(u for u in org.units if u.level == 2 and u.code != DEMO_WORKSHOP)
    hot = roster.heightened_days(org.unit_rows[hole_unit.pk], today, last)
    hole_day = today + timedelta(days=8)
    while hole_day in hot or hole_day + timedelta(days=1) in hot:
        hole_day += timedelta(days=1)

    # 4. Every unit's rotation, saved in batches through the roster's checks.
    count = 0
    for u in org.units:
        unit: Unit = org.unit_rows[u.pk]
        officers, leaders = _pools(org, u)
        if not officers or not leaders:
            continue
        if u.code == DEMO_WORKSHOP:
            handler = next(p for p in officers if p.username == "handler")
            officers = _rotate_to(officers, (today - first).days, handler)
            leaders = [p for p in leaders if p.username == "leader"] or leaders
        by = _arranger(org, u)
        offset = 0
        for day, n in _batches(first, last):
            plans = roster.generate_rotation(
                unit,
                first_day=day,
                days=n,
                officers=officers[offset % len(officers) :] + officers[: offset % len(officers)],
                leaders=leaders,
                start_hour=HANDOVER_HOUR,
                start_minute=HANDOVER_MINUTE,
            )
            offset += n
            if u is hole_unit:
                plans = [_day_only(p) if _local_day(p.starts) == hole_day else p for p in plans]
            count += len(roster.save_roster(unit, plans, by=by))

    # 5. The demo workshop: handover notes over the last shifts, the last one waiting for
    #    `handler`; a swap asked by `clerk`, waiting for `head`.
    workshop = org.unit_rows[org.by_code[DEMO_WORKSHOP].pk]
    current = roster.on_duty(workshop, now)
    lines = [f"Duty roster: {count} shifts in {len(org.units)} units, {first} to {last}."]
    if current is not None:
        earlier = list(
            Shift.objects.filter(unit=workshop, ends__lte=current.starts).order_by("-starts")[:3]
        )
        for i, s in enumerate(reversed(earlier)):
            with time_machine.travel(s.ends - timedelta(minutes=10), tick=False):
                note = shift_changes.write_handover(
                    s,
                    by=s.officer,
                    happened="夜间平稳，接来电三次，均已登记。",
                    open_items="二号泵房漏水，已报维修，待跟进。" if i == len(earlier) - 1 else "",
                )
            if i < len(earlier) - 1 and note.next_shift is not None:
                with time_machine.travel(s.ends + timedelta(minutes=10), tick=False):
                    shift_changes.acknowledge_handover(note, by=note.next_shift.officer)
        lines.append(
            f"On duty now at {workshop.name}: officer {current.officer.username},"
            f" leader {current.leader.username if current.leader else '-'}."
        )
    coming = (
        Shift.objects.filter(unit=workshop, starts__gt=now, officer__username="clerk")
        .order_by("starts")
        .first()
    )
    handler_user = next((u for u in org.users.values() if u.username == "handler"), None)
    if coming is not None and handler_user is not None:
        shift_changes.request_swap(
            coming,
            by=coming.officer,
            role="officer",
            replacement=handler_user,
            reason="家中有事，请求调班。",
        )
        lines.append("One swap request waits for head's decision.")
    lines.append(
        f"Heightened: next public holiday {next_holiday}; 重要会议保障期 {special};"
        f" uncovered night at {hole_unit.code} from {hole_day} 20:30."
    )
    return lines


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _day_only(p: roster.PlannedShift) -> roster.PlannedShift:
    """The same shift ending at 20:30 instead of the next morning: a night nobody covers."""
    local = timezone.localtime(p.starts)
    ends = local.replace(hour=20, minute=30)
    return roster.PlannedShift(p.starts, ends, p.officer, p.leader, p.note)
