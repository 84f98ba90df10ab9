"""Unit scorecards: the standard rates for a period, computed in one aggregate query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from grievances.models import Grievance, Rating, State
from minsheng.workdays import local_date
from orgs.models import Unit


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


def _aggregates(today: date) -> dict[str, Any]:
    return {
        **_AGGREGATES,
        "undecided_overdue": Count(
            "id", filter=Q(decided_at__isnull=True, accept_due__lt=today, state=State.RECEIVED)
        ),
    }


_AGGREGATES = {
    "received": Count("id"),
    "decided": Count("id", filter=Q(decided_at__isnull=False)),
    "decided_on_time": Count("id", filter=Q(decided_at__date__lte=F("accept_due"))),
    "replied": Count("id", filter=Q(replied_at__isnull=False)),
    "replied_on_time": Count("id", filter=Q(replied_at__date__lte=F("resolve_due"))),
    "rated": Count("id", filter=~Q(rating="")),
    "satisfied": Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
    "first_level": Count("id", filter=Q(replied_at__isnull=False, review_level=0)),
    "reopened": Count("id", filter=Q(replied_at__isnull=False, reopened=True)),
    "resolve_time": Avg(
        ExpressionWrapper(F("replied_at") - F("received_at"), output_field=DurationField()),
        filter=Q(replied_at__isnull=False),
    ),
}


def period_cases(qs: QuerySet[Grievance], start: date, end: date) -> QuerySet[Grievance]:
    """Cases received in [start, end], not counting those merged into a collective case
    (the collective case counts once), not even once the reply has reached them too."""
    return qs.filter(
        received_at__date__gte=start, received_at__date__lte=end, merged_into__isnull=True
    )


def unit_cards(
    qs: QuerySet[Grievance], root: Unit, today: date | None = None
) -> tuple[Card, list[Card]]:
    """The card of `root`'s subtree and one for each child's subtree. A case still waiting
    for its acceptance decision after the deadline counts against the timely-acceptance
    rate as of `today`."""
    children = list(Unit.objects.filter(parent=root).order_by("code"))
    rows: list[dict[str, Any]] = list(
        qs.values("unit_id", "unit__path").annotate(**_aggregates(today or local_date()))  # type: ignore[arg-type]
    )
    total = Card(unit=root)
    cards = {c.pk: Card(unit=c) for c in children}
    weighted_days: dict[int | None, float] = {}
    for row in rows:
        targets: list[Card] = [total]
        for c in children:
            if row["unit__path"].startswith(c.path):
                targets.append(cards[c.pk])
                break
        for card in targets:
            for key in (
                "received",
                "decided",
                "decided_on_time",
                "undecided_overdue",
                "replied",
                "replied_on_time",
                "rated",
                "satisfied",
                "first_level",
                "reopened",
            ):
                setattr(card, key, getattr(card, key) + row[key])
            rt = row["resolve_time"]
            if rt is not None:
                key_id = card.unit.pk if card.unit else None
                weighted_days[key_id] = weighted_days.get(key_id, 0.0) + (
                    _days(rt) * row["replied"]
                )
    for card in [total, *cards.values()]:
        w = weighted_days.get(card.unit.pk if card.unit else None)
        if w is not None and card.replied:
            card.days_to_resolve = round(w / card.replied, 1)
    return total, [cards[c.pk] for c in children]


def _days(value: timedelta | float | int) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000  # SQLite returns microseconds
