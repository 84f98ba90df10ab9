"""The scorecard from the daily rollup gives the same figures, to the case, as counting the
cases directly (the straightforward computation it replaced, kept here as the reference).

Varied cases, made through the actions at 23:30 UTC (07:30 the next day in Shanghai, so the
UTC date and the local date differ) and some near local midnight: decided and replied on time
and late, declined, rated, reopened for review, reviewed, merged, moved between units (by a
transfer and by a plain UPDATE), closed in another period than the one received. Compared
before the rollup is built (everything live), after a refresh, after more changes (the
changed days live, the rest from the rollup) and after the next refresh.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.urls import reverse

from grievances import lifecycle, rollups
from grievances.models import Grievance, Rating, ScorecardDay, ScorecardDirty, State
from grievances.scoping import visible_grievances
from grievances.scorecard import Card, stale_days, unit_cards
from grievances.tests.helpers import at, received
from minsheng.errors import DomainError
from minsheng.workdays import local_date
from orgs.models import Membership, Role, Unit
from orgs.scoping import subtree_ids, visible_units

# ---- the reference: the scorecard as it was computed before the rollup ---------------------


def reference_aggregates(today: date) -> dict[str, Any]:
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
        "resolve_time": Avg(
            ExpressionWrapper(F("replied_at") - F("received_at"), output_field=DurationField()),
            filter=Q(replied_at__isnull=False),
        ),
        "undecided_overdue": Count(
            "id", filter=Q(decided_at__isnull=True, accept_due__lt=today, state=State.RECEIVED)
        ),
    }


def reference_days(value: Any) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000


def reference_cards(
    qs: QuerySet[Grievance], root: Unit, start: date, end: date, today: date
) -> tuple[Card, list[Card]]:
    qs = qs.filter(
        received_at__date__gte=start, received_at__date__lte=end, merged_into__isnull=True
    )
    children = list(Unit.objects.filter(parent=root).order_by("code"))
    rows = list(qs.values("unit_id", "unit__path").annotate(**reference_aggregates(today)))
    total = Card(unit=root)
    cards = {c.pk: Card(unit=c) for c in children}
    weighted: dict[int | None, float] = {}
    keys = (
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
    )
    for row in rows:
        targets = [total]
        for c in children:
            if row["unit__path"].startswith(c.path):
                targets.append(cards[c.pk])
                break
        for card in targets:
            for key in keys:
                setattr(card, key, getattr(card, key) + row[key])
            if row["resolve_time"] is not None:
                k = card.unit.pk if card.unit else None
                weighted[k] = (
                    weighted.get(k, 0.0) + reference_days(row["resolve_time"]) * row["replied"]
                )
    for card in [total, *cards.values()]:
        w = weighted.get(card.unit.pk if card.unit else None)
        if w is not None and card.replied:
            card.days_to_resolve = round(w / card.replied, 1)
    return total, [cards[c.pk] for c in children]


# ---- the data -------------------------------------------------------------------------------

GOOD = {"facts": "查明", "decision": "补发", "reasons": "依规"}
PERIODS = [
    (date(2026, 3, 1), date(2026, 3, 31)),
    (date(2026, 3, 2), date(2026, 3, 2)),
    (date(2026, 3, 3), date(2026, 3, 4)),
    (date(2026, 3, 15), date(2026, 4, 20)),
    (date(2026, 2, 1), date(2026, 6, 30)),
    (date(2026, 4, 11), date(2026, 4, 30)),
]


def utc_2330(day: date) -> Any:
    """A frozen clock at 23:30 UTC on `day`: already the next day in Shanghai."""
    moment = datetime(day.year, day.month, day.day, 23, 30, tzinfo=UTC)
    return time_machine.travel(moment, tick=False)


def attempt(done: dict[str, int], what: str, step: Any) -> Any:
    """Run one step; a step the rules refuse (a review already used, say) is skipped. The
    counts in `done` show afterwards that the data is as varied as intended."""
    try:
        result = step()
    except DomainError:
        return None
    done[what] = done.get(what, 0) + 1
    return result


@pytest.fixture
def world(cast):
    """About sixty cases over March and early April 2026, in three units."""
    shop_b = Unit.objects.create(
        name="二车间", name_en="Workshop B1", code="B1", parent=cast.branch_b
    )
    staff = {cast.workshop.pk: cast.leader, cast.branch_b.pk: cast.outsider}
    for unit in (cast.branch_a, shop_b):
        user = User.objects.create_user(f"staff-{unit.code}", password="x")
        for role in (Role.LEADER, Role.HANDLER):
            Membership.objects.create(user=user, unit=unit, role=role)
        staff[unit.pk] = user
    rnd = random.Random(20260306)
    done: dict[str, int] = {}
    cases = []
    for i in range(60):
        day = date(2026, 3, 1) + timedelta(days=rnd.randint(0, 40))
        hour, minute = rnd.choice([(0, 5), (7, 30), (10, 0), (16, 45), (23, 55)])
        unit = rnd.choice([cast.workshop, cast.workshop, cast.branch_a, cast.branch_b, shop_b])
        g = received(cast, received_at=at(day.year, day.month, day.day, hour, minute), unit=unit)
        cases.append(g)
        leader = staff[unit.pk]
        moment = day
        if rnd.random() < 0.15:
            continue  # never decided: overdue once its acceptance deadline has passed
        moment += timedelta(days=rnd.choice([1, 3, 12, 20, 30]))
        with utc_2330(moment):
            if rnd.random() < 0.15:
                attempt(done, "declined", lambda: lifecycle.decline(g, by=leader, reasons="不属于"))
                continue
            g = attempt(done, "accepted", lambda: lifecycle.accept(g, by=leader))
            if g is None:
                continue
            if rnd.random() < 0.2:
                to = cast.branch_b if g.unit_id != cast.branch_b.pk else cast.branch_a
                moved = attempt(
                    done,
                    "transferred",
                    lambda: lifecycle.transfer(g, by=leader, to_unit=to, reasons="转办"),
                )
                if moved is not None:
                    g = moved
                    leader = staff[to.pk]
            g = attempt(
                done,
                "assigned",
                lambda: lifecycle.assign(g, by=leader, owner=leader, handler=leader),
            )
            if g is None:
                continue
        if rnd.random() < 0.2:
            continue  # accepted, not yet replied
        moment += timedelta(days=rnd.choice([2, 10, 45, 70]))
        with utc_2330(moment):
            attempt(done, "replied", lambda: lifecycle.reply(g, by=leader, **GOOD))
        moment += timedelta(days=rnd.choice([1, 5]))
        roll = rnd.random()
        with utc_2330(moment):
            if roll < 0.3:
                attempt(done, "rated", lambda: lifecycle.rate(g, rating=Rating.SATISFIED))
            elif roll < 0.45:
                attempt(done, "rated", lambda: lifecycle.rate(g, rating=Rating.BASIC))
            elif roll < 0.7:
                attempt(done, "rated", lambda: lifecycle.rate(g, rating=Rating.DISSATISFIED))
                attempt(done, "reopened", lambda: lifecycle.request_review(g, reason="不服"))
        if roll < 0.7 and rnd.random() < 0.5:
            with utc_2330(moment + timedelta(days=7)):
                attempt(
                    done,
                    "reviewed",
                    lambda: lifecycle.decide_review(
                        Grievance.objects.get(pk=g.pk),
                        by=cast.chief,
                        upheld=rnd.random() < 0.5,
                        opinion="复查意见",
                    ),
                )
    # Merges: two workshop cases still open go into a third.
    open_shop = list(
        Grievance.objects.filter(
            unit=cast.workshop, state__in=[State.RECEIVED, State.ACCEPTED, State.ASSIGNED]
        ).order_by("pk")
    )
    if len(open_shop) >= 3:
        with utc_2330(date(2026, 4, 12)):
            attempt(
                done,
                "merged",
                lambda: lifecycle.merge(open_shop[0], open_shop[1:3], by=cast.leader),
            )
    # Feedback windows that end close the replied cases nobody rated.
    with utc_2330(date(2026, 6, 1)):
        lifecycle.close_expired_feedback()
    for what in ("declined", "transferred", "replied", "rated", "reopened", "reviewed"):
        assert done.get(what, 0) >= 2, (what, done)
    assert done.get("merged") == 1, done
    return {"cases": cases, "shop_b": shop_b, "done": done}


def compare_everything(cast, when: date) -> int:
    """The new figures against the reference for every reader and period; the cards read."""
    compared = 0
    with utc_2330(when):
        today = local_date()
        for user in (cast.head, cast.chief, cast.handler, cast.outsider, cast.auditor):
            units = visible_units(user)
            top = units.order_by("level", "path").first()
            seen = set(units.values_list("id", flat=True))
            for root in {top, cast.branch_a, cast.branch_b} & set(units):
                ids = [i for i in subtree_ids(root) if i in seen]
                qs = visible_grievances(user).filter(unit_id__in=ids)
                for start, end in PERIODS:
                    new = unit_cards(root, ids, start, end, today)
                    old = reference_cards(qs, root, start, end, today)
                    assert new == old, (user.username, root.code, start, end)
                    compared += 1 + len(new[1])
    return compared


def test_the_rollup_gives_the_same_figures_as_counting_the_cases(cast, world):
    # 1. Before the rollup is built, every day is counted live.
    assert compare_everything(cast, date(2026, 6, 30)) > 100
    # 2. Built: every day from the rollup.
    with utc_2330(date(2026, 6, 30)):
        assert rollups.refresh().rebuilt
    assert ScorecardDay.objects.exists() and not ScorecardDirty.objects.exists()
    compare_everything(cast, date(2026, 6, 30))
    compare_everything(cast, date(2026, 3, 20))  # "today" inside the period: overdue differs
    # 3. Changed after the refresh: a plain UPDATE moving cases to another unit, a transfer,
    # a late decision, a new case near local midnight, a case taken out by a merge.
    shop_b = world["shop_b"]
    moved = Grievance.objects.filter(unit=cast.workshop).order_by("pk")[:3]
    Grievance.objects.filter(pk__in=[g.pk for g in moved]).update(unit=shop_b)
    waiting = Grievance.objects.filter(state=State.RECEIVED).order_by("pk")
    with utc_2330(date(2026, 7, 1)):
        lifecycle.accept(waiting[0], by=cast.chief)
        received(cast, received_at=at(2026, 3, 31, 23, 59))
        received(cast, received_at=at(2026, 4, 1, 0, 1), unit=cast.branch_b)
        replied_cases = Grievance.objects.filter(state=State.CLOSED, unit=cast.branch_b)
        for g in replied_cases[:1]:
            lifecycle.request_review(g, reason="再次不服")
    with utc_2330(date(2026, 7, 1)):
        assert stale_days()  # the triggers saw the changes
    compare_everything(cast, date(2026, 7, 1))
    # 4. Refreshed again: nothing stale, still the same.
    with utc_2330(date(2026, 7, 1)):
        refreshed = rollups.refresh()
        assert not refreshed.rebuilt and refreshed.days >= 3
        assert rollups.refresh().days == 0  # idempotent: nothing left to do
    compare_everything(cast, date(2026, 7, 1))


def test_a_change_shows_at_once_without_waiting_for_the_worker(client, cast):
    g = received(cast, received_at=at(2026, 3, 2))
    with utc_2330(date(2026, 3, 3)):
        rollups.refresh()
        client.force_login(cast.head)
        url = reverse("grievances:scorecard")
        params = {"start": "2026-03-01", "end": "2026-03-31"}
        assert client.get(url, params).context["total"].decided == 0
        lifecycle.accept(g, by=cast.leader)
        total = client.get(url, params).context["total"]
        assert total.decided == 1 and total.timely_acceptance_rate == 100.0


def test_a_case_moved_to_another_branch_leaves_the_old_branch_card_at_once(client, cast):
    g = received(cast, received_at=at(2026, 3, 2))
    with utc_2330(date(2026, 3, 3)):
        rollups.refresh()
        client.force_login(cast.chief)
        url = reverse("grievances:scorecard")
        params = {"start": "2026-03-01", "end": "2026-03-31"}
        a, b = client.get(url, params).context["rows"]
        assert (a.unit, a.received, b.unit, b.received) == (cast.branch_a, 1, cast.branch_b, 0)
        lifecycle.transfer(g, by=cast.leader, to_unit=cast.branch_b, reasons="转办")
        a, b = client.get(url, params).context["rows"]
        assert (a.received, b.received) == (0, 1)
        rollups.refresh()
        a, b = client.get(url, params).context["rows"]
        assert (a.received, b.received) == (0, 1)


def test_the_worker_refreshes_the_rollup_through_the_schedule(cast):
    from minsheng import schedule

    received(cast, received_at=at(2026, 3, 2))
    assert "grievances.scorecard" in [j.name for j in schedule.jobs()]
    assert ScorecardDirty.objects.exists()
    schedule.run_all_now()
    assert not ScorecardDirty.objects.exists()
    row = ScorecardDay.objects.get()
    assert (row.day, row.unit, row.received) == (date(2026, 3, 2), cast.workshop, 1)


def test_a_rollup_built_in_another_time_zone_is_not_used(cast, settings):
    received(cast, received_at=at(2026, 3, 2, 0, 30))  # 1 March in UTC
    rollups.refresh()
    settings.TIME_ZONE = "UTC"
    total, _ = unit_cards(cast.workshop, [cast.workshop.pk], date(2026, 3, 1), date(2026, 3, 1))
    assert total.received == 1  # counted live in the new zone, not from the stale rows
    assert rollups.refresh().rebuilt
    assert ScorecardDay.objects.get().day == date(2026, 3, 1)
