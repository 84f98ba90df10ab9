"""Coverage: gaps merged per unit, heightened shifts without a leader, and the scorecard's
roster compliance."""

from __future__ import annotations

from duty.coverage import coverage, roster_compliance
from duty.models import Shift
from duty.roster import gaps
from duty.tests.roster_helpers import at, shift


def test_gaps_merge_overlapping_and_touching_intervals():
    a, b = at(2026, 11, 1, 0, 0), at(2026, 11, 2, 0, 0)
    spans = [
        (at(2026, 11, 1, 2, 0), at(2026, 11, 1, 5, 0)),
        (at(2026, 11, 1, 4, 0), at(2026, 11, 1, 6, 0)),
        (at(2026, 11, 1, 6, 0), at(2026, 11, 1, 8, 0)),
        (at(2026, 11, 1, 20, 0), at(2026, 11, 2, 3, 0)),
    ]
    assert gaps(spans, a, b) == [
        (a, at(2026, 11, 1, 2, 0)),
        (at(2026, 11, 1, 8, 0), at(2026, 11, 1, 20, 0)),
    ]
    assert gaps([], a, b) == [(a, b)]


def test_coverage_per_unit_and_compliance_for_the_scorecard(cast):
    shift(cast, at(2026, 11, 1, 0, 0), at(2026, 11, 1, 20, 0))
    # An old shift without a leader on National Day (saved before the rule, say).
    Shift.objects.create(
        unit=cast.workshop, starts=at(2026, 10, 1), ends=at(2026, 10, 2), officer=cast.handler
    )
    start, end = at(2026, 10, 1, 0, 0), at(2026, 11, 2, 0, 0)
    cov = coverage([cast.workshop, cast.branch_b], start, end)
    assert cov[cast.workshop.pk].gaps[-1] == (at(2026, 11, 1, 20, 0), end)
    assert len(cov[cast.workshop.pk].without_leader) == 1
    assert cov[cast.branch_b.pk].gaps == [(start, end)]
    result = roster_compliance([cast.workshop.pk, cast.branch_b.pk], start, end)
    # Hours count from the organisation's first shift (1 Oct 08:30), not from midnight:
    # before it nobody kept a roster here, so nobody was known to be missing.
    hours = 32 * 24 - 8.5
    assert result[cast.branch_b.pk] == {"hours_uncovered": hours, "heightened_without_leader": 0}
    assert result[cast.workshop.pk] == {
        "hours_uncovered": hours - 24 - 20,
        "heightened_without_leader": 1,
    }


def test_the_database_sweep_finds_the_same_gaps_as_the_plain_sweep(cast):
    import random
    from datetime import timedelta

    rng = random.Random(8)
    units = [cast.workshop, cast.branch_a, cast.branch_b, cast.hq]
    start, end = at(2026, 11, 1, 0, 0), at(2026, 11, 15, 0, 0)
    spans: dict[int, list] = {u.pk: [] for u in units}
    for u in units[:3]:
        for _ in range(40):  # overlapping, nested and touching shifts, some outside the window
            s = at(2026, 10, 30, 0, 0) + timedelta(minutes=30 * rng.randrange(0, 900))
            e = s + timedelta(minutes=30 * rng.randrange(1, 40))
            Shift.objects.create(unit=u, starts=s, ends=e, officer=cast.handler)
            spans[u.pk].append((s, e))
    found = coverage(units, start, end)
    for u in units:
        assert found[u.pk].gaps == gaps(spans[u.pk], start, end), u.code
