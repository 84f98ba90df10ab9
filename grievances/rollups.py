"""The scorecard's daily rollup (`ScorecardDay`), refreshed by the worker.

Database triggers (migration 0004) write a `ScorecardDirty` row, naming the day received,
whenever a case is created, deleted, or one of the columns the scorecard reads changes, by
whatever path: an action, a sweep's UPDATE, a bulk import, a fix made in the database shell.
`refresh()` claims those rows and recomputes the days they name from the cases themselves.
Until it has, the scorecard counts those days live (grievances/scorecard.py), so a figure is
never stale; the refresh only keeps the live part small.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from grievances.models import ScorecardDay, ScorecardDirty, ScorecardState
from grievances.scorecard import (
    COUNTS,
    counted_cases,
    figures,
    microseconds,
    received_in,
    spans,
)

# Two refreshes at once on PostgreSQL wait for each other (SQLite's IMMEDIATE transactions
# already do): the second then finds nothing left to claim.
_PG_LOCK = 7_202_612_25
_BATCH = 5000
# Days rebuilt in one transaction.
_REBUILD_DAYS = 31


@dataclass(frozen=True)
class Refreshed:
    days: int  # local days recomputed
    rows: int  # rollup rows written
    rebuilt: bool  # the whole rollup was rebuilt

    def __str__(self) -> str:
        what = "rebuilt" if self.rebuilt else "refreshed"
        return f"scorecard rollup {what}: {self.days} days, {self.rows} rows"


def refresh() -> Refreshed:
    """Bring the rollup up to date with every change recorded so far; rebuild it whole
    when it has never been built or was built in another time zone. Idempotent; safe to
    run at any time and from several workers."""
    state = ScorecardState.objects.filter(pk=1).first()
    if state is None or state.time_zone != settings.TIME_ZONE:
        return _rebuild()
    with transaction.atomic():
        _lock()
        stale = _claim()
        rows = 0
        if stale:
            ScorecardDay.objects.filter(day__in=sorted(stale)).delete()
            rows = _compute(stale)
        ScorecardState.objects.filter(pk=1).update(refreshed_at=timezone.now())
        return Refreshed(days=len(stale), rows=rows, rebuilt=False)


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK])


def _rebuild() -> Refreshed:
    """The whole rollup again, a month per transaction so that writers (SQLite has one
    at a time) are never held up for long. Readers count everything live meanwhile: the
    state row, which says the rollup is built, is written last."""
    with transaction.atomic():
        _lock()
        ScorecardState.objects.filter(pk=1).delete()
        # Every change recorded so far is covered by what follows; a change committed after
        # this DELETE keeps its row for the next refresh.
        ScorecardDirty.objects.all().delete()
        ScorecardDay.objects.all().delete()
    bounds = counted_cases().aggregate(first=Min("received_at"), last=Max("received_at"))
    rows = days = 0
    if bounds["first"] is not None:
        tz = timezone.get_default_timezone()
        first = bounds["first"].astimezone(tz).date()
        last = bounds["last"].astimezone(tz).date()
        while first <= last:
            end = min(first + timedelta(days=_REBUILD_DAYS - 1), last)
            with transaction.atomic():
                _lock()
                ScorecardDay.objects.filter(day__gte=first, day__lte=end).delete()
                rows += _compute([first + timedelta(days=n) for n in range((end - first).days + 1)])
            days += (end - first).days + 1
            first = end + timedelta(days=1)
    with transaction.atomic():
        _lock()
        ScorecardState.objects.update_or_create(
            pk=1, defaults={"time_zone": settings.TIME_ZONE, "refreshed_at": timezone.now()}
        )
    return Refreshed(days=days, rows=rows, rebuilt=True)


def _claim() -> set[date]:
    """Take the recorded changes: delete their rows and return the days they name. Only rows
    this transaction can see are taken; a change committed meanwhile keeps its row for the
    next refresh (and stays live on the scorecard until then)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "WITH taken AS (DELETE FROM grievances_scorecarddirty RETURNING received_at)"
                " SELECT DISTINCT (received_at AT TIME ZONE %s)::date FROM taken",
                [settings.TIME_ZONE],
            )
            return {row[0] for row in cur.fetchall()}
    # SQLite: the IMMEDIATE transaction holds the write lock, so no trigger can add a row
    # between the read and the delete.
    days = set(
        ScorecardDirty.objects.annotate(day=TruncDate("received_at"))
        .values_list("day", flat=True)
        .distinct()
    )
    ScorecardDirty.objects.all().delete()
    return days


def _compute(days: Collection[date] | None) -> int:
    """Write the rollup rows of `days` (every day when None) from the cases; the rows
    returned. The old rows of those days must be gone."""
    cases = counted_cases()
    if days is not None:
        cases = cases.filter(received_in(spans(days)))
    grouped = (
        cases.annotate(day=TruncDate("received_at"))
        .values("day", "unit_id")
        .annotate(**figures())
        .order_by()
    )
    written = 0
    batch: list[ScorecardDay] = []
    for row in grouped.iterator(chunk_size=_BATCH):
        batch.append(
            ScorecardDay(
                day=row["day"],
                unit_id=row["unit_id"],
                resolve_us=microseconds(row["resolve"]),
                **{k: row[k] for k in COUNTS},
            )
        )
        if len(batch) >= _BATCH:
            ScorecardDay.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    if batch:
        ScorecardDay.objects.bulk_create(batch)
        written += len(batch)
    return written
