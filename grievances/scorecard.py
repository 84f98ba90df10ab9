"""Unit scorecards: the standard rates for a period, from the daily rollup.

The figures are those of the cases each unit received in the period (by local day), the
cases merged into a collective case left out (the collective case counts once). They come
from three places, added up per unit:

1. `ScorecardDay` rows, one per unit and local day received, kept by `grievances.rollups`
   (the worker refreshes them every minute);
2. for each unit and day with a case changed since that refresh (`ScorecardDirty`, written
   by database triggers whatever made the change), the cases themselves, counted live;
3. the cases still waiting for their acceptance decision past its deadline, counted live
   because that depends on today.

So the scorecard is never stale: a unit's day is read from the rollup only while nothing in it
has changed. Until the rollup has been built (a fresh install, a new time zone) every day is live.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from grievances.models import (
    Grievance,
    Rating,
    ScorecardDay,
    ScorecardDirty,
    ScorecardState,
    State,
)
from minsheng.workdays import local_date
from orgs.models import Unit

# The counts a rollup row holds, in the order of the table's columns.
COUNTS = (
    "received",
    "decided",
    "decided_on_time",
    "replied",
    "replied_on_time",
    "rated",
    "satisfied",
    "first_level",
    "reopened",
)
_SUMMED = (*COUNTS, "resolve_us")
_KEYS = (*_SUMMED, "undecided_overdue")
# More stale (unit, day) pairs than this in a period and the whole period is counted live
# (one query instead of a long list of excluded days).
MAX_STALE_DAYS = 500


@dataclass
class Card:
    unit: Unit | None
    received: int = 0
    decided: int = 0
    decided_on_time: int = 0
    # Not decided and past the acceptance deadline: late already, so counted as not timely.
    undecided_overdue: int = 0
    replied: int = 0
    replied_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    first_level: int = 0
    reopened: int = 0
    days_to_resolve: float | None = None

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100.0 * part / whole, 1) if whole else None

    @property
    def timely_acceptance_rate(self) -> float | None:
        return self._rate(self.decided_on_time, self.decided + self.undecided_overdue)

    @property
    def on_time_resolution_rate(self) -> float | None:
        return self._rate(self.replied_on_time, self.replied)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied, self.rated)

    @property
    def participation_rate(self) -> float | None:
        return self._rate(self.rated, self.replied)

    @property
    def first_level_rate(self) -> float | None:
        return self._rate(self.first_level, self.replied)

    @property
    def reopen_rate(self) -> float | None:
        return self._rate(self.reopened, self.replied)


def figures() -> dict[str, Any]:
    """The aggregates of one group of cases: the counts, and `resolve` (the sum of the
    replied cases' times from receipt to reply, a timedelta or None). Dates of moments are
    local dates in the current time zone, as the deadlines are."""
    return {
        "received": Count("id"),
        "decided": Count("id", filter=Q(decided_at__isnull=False)),
        "decided_on_time": Count("id", filter=Q(decided_at__date__lte=F("accept_due"))),
        "replied": Count("id", filter=Q(replied_at__isnull=False)),
        "replied_on_time": Count("id", filter=Q(replied_at__date__lte=F("resolve_due"))),
        "rated": Count("id", filter=~Q(rating="")),
        "satisfied": Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
        "first_level": Count("id", filter=Q(replied_at__isnull=False, review_level=0)),
        "reopened": Count("id", filter=Q(replied_at__isnull=False, reopened=True)),
        "resolve": Sum(
            ExpressionWrapper(F("replied_at") - F("received_at"), output_field=DurationField()),
            filter=Q(replied_at__isnull=False),
        ),
    }


def microseconds(value: timedelta | int | None) -> int:
    if value is None:
        return 0
    if isinstance(value, timedelta):
        return value // timedelta(microseconds=1)
    return int(value)


def day_start(day: date) -> datetime:
    """The first moment of a local day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def spans(days: Iterable[date]) -> list[tuple[date, date]]:
    """Runs of consecutive days, as (first, last) pairs."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def received_in(runs: Iterable[tuple[date, date]]) -> Q:
    """Cases received on the given local days: ranges of `received_at`, which the
    received-at indexes answer (a `__date` lookup would read every row)."""
    q = Q(pk__in=[])
    for first, last in runs:
        q |= Q(received_at__gte=day_start(first), received_at__lt=day_start(last + timedelta(1)))
    return q


def counted_cases() -> Any:
    """The cases the scorecard counts: all but those merged into a collective case.

    On SQLite the test is written so that no index can answer it: ANALYZE counts the NULLs
    of `merged_into_id` as one value among ~15,000, so the planner takes `IS NULL` for a
    few dozen rows, walks the merged-into index and visits nearly every case of the table
    (a second per scorecard at a million cases). `COALESCE(merged_into_id, 0) = 0` selects
    the same cases (ids start at 1) and leaves the choice to the received-at, unit and
    undecided indexes."""
    if connection.vendor == "sqlite":
        return Grievance.objects.alias(merged_or_none=Coalesce("merged_into_id", 0)).filter(
            merged_or_none=0
        )
    return Grievance.objects.filter(merged_into__isnull=True)


def rollup_is_built() -> bool:
    state = ScorecardState.objects.filter(pk=1).first()
    return state is not None and state.time_zone == settings.TIME_ZONE


def stale_days() -> dict[int, set[date]]:
    """For each unit, the local days whose rollup rows do not yet reflect a change."""
    out: dict[int, set[date]] = {}
    pairs = (
        ScorecardDirty.objects.annotate(day=TruncDate("received_at"))
        .values_list("unit_id", "day")
        .distinct()
    )
    for unit_id, day in pairs:
        out.setdefault(unit_id, set()).add(day)
    return out


def unit_figures(
    unit_ids: Collection[int], start: date, end: date, today: date
) -> dict[int, dict[str, int]]:
    """For each unit of `unit_ids` with cases received in [start, end]: the counts,
    `resolve_us` (microseconds from receipt to reply, summed) and `undecided_overdue`."""
    ids = sorted(unit_ids)
    out: dict[int, dict[str, int]] = {}

    def add(unit_id: int, values: dict[str, int]) -> None:
        row = out.setdefault(unit_id, dict.fromkeys(_KEYS, 0))
        for key, value in values.items():
            row[key] += value

    period = [(start, end)]
    # The (unit, days) counted from the cases themselves; everything else from the rollup.
    live: dict[int, list[tuple[date, date]]] = {i: period for i in ids}
    if rollup_is_built():
        stale = {
            unit_id: sorted(d for d in days if start <= d <= end)
            for unit_id, days in stale_days().items()
            if unit_id in live
        }
        stale = {unit_id: days for unit_id, days in stale.items() if days}
        if sum(len(days) for days in stale.values()) <= MAX_STALE_DAYS:
            live = {unit_id: spans(days) for unit_id, days in stale.items()}
            not_current = Q(pk__in=[])
            for unit_id, days in stale.items():
                not_current |= Q(unit_id=unit_id, day__in=days)
            rolled = (
                ScorecardDay.objects.filter(unit_id__in=ids, day__gte=start, day__lte=end)
                .exclude(not_current)
                .values("unit_id")
                .annotate(**{f"{k}_sum": Sum(k) for k in _SUMMED})
                .order_by()
            )
            for sums in rolled:
                values: dict[str, Any] = dict(sums)
                add(values["unit_id"], {k: int(values[f"{k}_sum"] or 0) for k in _SUMMED})
    if live:
        which = Q(pk__in=[])
        if all(runs == period for runs in live.values()):
            which = received_in(period) & Q(unit_id__in=sorted(live))
        else:
            # One term per unit and run of days, each a range of the (unit, received_at)
            # index, so that both databases read just those ranges.
            for unit_id, runs in live.items():
                for first, last in runs:
                    which |= Q(
                        unit_id=unit_id,
                        received_at__gte=day_start(first),
                        received_at__lt=day_start(last + timedelta(days=1)),
                    )
        counted = counted_cases().filter(which).values("unit_id").annotate(**figures()).order_by()
        for row in counted:
            resolve = row.pop("resolve")
            add(row.pop("unit_id"), {**row, "resolve_us": microseconds(resolve)})
    overdue = (
        counted_cases()
        .filter(
            received_in(period),
            unit_id__in=ids,
            state=State.RECEIVED,
            decided_at__isnull=True,
            accept_due__lt=today,
        )
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in overdue:
        add(row["unit_id"], {"undecided_overdue": row["n"]})
    return out


def unit_cards(
    root: Unit, unit_ids: Collection[int], start: date, end: date, today: date | None = None
) -> tuple[Card, list[Card]]:
    """The card of `root`'s subtree and one for each child's subtree, counting the cases of
    the units in `unit_ids` (the part of the subtree the reader may see) received in
    [start, end]. A case still waiting for its acceptance decision after the deadline counts
    against the timely-acceptance rate as of `today` (default: the local date)."""
    by_unit = unit_figures(unit_ids, start, end, today or local_date())
    children = list(Unit.objects.filter(parent=root).order_by("code"))
    paths = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "path"))
    total = Card(unit=root)
    cards = {c.pk: Card(unit=c) for c in children}
    weighted_days: dict[int | None, float] = {}
    for unit_id, row in by_unit.items():
        targets: list[Card] = [total]
        for c in children:
            if paths[unit_id].startswith(c.path):
                targets.append(cards[c.pk])
                break
        for card in targets:
            for key in (*COUNTS, "undecided_overdue"):
                setattr(card, key, getattr(card, key) + row[key])
            if row["replied"]:
                key_id = card.unit.pk if card.unit else None
                # The same sum, in the same order, as averaging per unit and weighting back.
                mean_days = row["resolve_us"] / row["replied"] / 86_400_000_000
                weighted_days[key_id] = weighted_days.get(key_id, 0.0) + (
                    mean_days * row["replied"]
                )
    for card in [total, *cards.values()]:
        w = weighted_days.get(card.unit.pk if card.unit else None)
        if w is not None and card.replied:
            card.days_to_resolve = round(w / card.replied, 1)
    return total, [cards[c.pk] for c in children]
