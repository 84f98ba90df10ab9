"""Roster coverage: where nobody is on duty, and heightened-period shifts without a leader.

Set-based: the sweep over each unit's shifts sorted by start runs in the database (a window
function), so only the rows that open a gap come back, whatever the number of shifts. Used
by the coverage page (`duty.views.roster.coverage`) and the scorecard (`roster_compliance`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import DateTimeField, F, Max, Min, Value, Window
from django.db.models.expressions import RowRange
from django.db.models.functions import Coalesce
from django.utils import timezone

from duty.models import Shift
from duty.roster import heightened_days_by_unit, local_days
from orgs.models import Unit


@dataclass
class UnitCoverage:
    unit: Unit
    gaps: list[tuple[datetime, datetime]] = field(default_factory=list)
    # (shift id, starts, ends) of shifts on heightened days with no leader
    without_leader: list[tuple[int, datetime, datetime]] = field(default_factory=list)
    heightened: set[date] = field(default_factory=set)

    @property
    def hours_uncovered(self) -> float:
        return sum((e - s).total_seconds() for s, e in self.gaps) / 3600

    @property
    def heightened_gaps(self) -> list[tuple[datetime, datetime]]:
        """The gaps that touch a heightened day (the roster refuses new ones; old rows or a
        heightened period added later can still leave them)."""
        return [(s, e) for s, e in self.gaps if any(d in self.heightened for d in local_days(s, e))]


def coverage(units: Sequence[Unit], start: datetime, end: datetime) -> dict[int, UnitCoverage]:
    """For each unit, the merged stretches of [start, end) with nobody on duty and the
    shifts on heightened days without a leader. Set-based, a fixed number of queries however
    many units and shifts:

    1. the sweep, in the database: each unit's shifts in order of start, each with the
       latest end among the shifts before it (a window function); a shift that starts after
       that end (or, the first, after `start`) opens a gap, and only those rows come back;
    2. the latest end per unit, for the gap at the end of the window;
    3. the shifts without a leader (few), checked against the heightened days;
    4. the administrators' heightened periods (`heightened_days_by_unit`)."""
    out = {u.pk: UnitCoverage(u) for u in units}
    if not out:
        return out
    base = Shift.objects.filter(unit_id__in=list(out), starts__lt=end, ends__gt=start)
    before = Window(
        Max("ends"),
        partition_by=[F("unit_id")],
        order_by=[F("starts").asc(), F("id").asc()],
        frame=RowRange(start=None, end=-1),
    )
    opening = (
        base.annotate(prev_end=before)
        .annotate(after=Coalesce(F("prev_end"), Value(start, output_field=DateTimeField())))
        .filter(starts__gt=F("after"))
        .order_by("unit_id", "starts")
        .values_list("unit_id", "starts", "after")
    )
    for unit_id, s, after in opening:
        out[unit_id].gaps.append((max(after, start), min(s, end)))
    last = dict(
        base.order_by().values("unit_id").annotate(m=Max("ends")).values_list("unit_id", "m")
    )
    for unit_id, cov in out.items():
        final = last.get(unit_id)
        if final is None:
            cov.gaps = [(start, end)]
        elif final < end:
            cov.gaps.append((final, end))
    first_day = timezone.localtime(start).date()
    last_day = timezone.localtime(end).date()
    days = heightened_days_by_unit(list(units), first_day, last_day)
    leaderless = base.filter(leader__isnull=True).order_by("unit_id", "starts")
    for unit_id, pk, s, e in leaderless.values_list("unit_id", "pk", "starts", "ends"):
        if any(d in days[unit_id] for d in local_days(s, e)):
            out[unit_id].without_leader.append((pk, s, e))
    for unit_id, cov in out.items():
        cov.heightened = days[unit_id]
    return out


def roster_compliance(
    unit_ids: list[int], start: datetime, end: datetime
) -> dict[int, dict[str, float | int]]:
    """For the scorecard: per unit id, `hours_uncovered` (float, hours of [start, end) with
    nobody on duty) and `heightened_without_leader` (int, shifts reaching into [start, end)
    that touch a heightened day and have no duty leader). Hours count from when the
    organisation began keeping a roster (its first shift): the time before the module was in
    use is not "nobody on duty", it is not known. A few queries, however many units."""
    units = list(Unit.objects.filter(pk__in=unit_ids))
    began = Shift.objects.aggregate(first=Min("starts"))["first"]
    # Nothing is known before the first shift, and a period still to come (the scorecard
    # ends it at now) has no hour that has passed yet.
    if began is None or began >= end or start >= end:
        return {u.pk: {"hours_uncovered": 0.0, "heightened_without_leader": 0} for u in units}
    cov = coverage(units, max(start, began), end)
    return {
        pk: {
            "hours_uncovered": round(c.hours_uncovered, 2),
            "heightened_without_leader": len(c.without_leader),
        }
        for pk, c in cov.items()
    }


def default_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The coverage page's window: from the current hour for 30 days."""
    now = timezone.localtime(now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    return now, now + timedelta(days=30)
