"""The rotation generator: daily and weekly turns over a pool, skipping leave; a preview
saves nothing; saving is all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from duty.models import Leave, Shift
from duty.roster import Cadence, generate_rotation, save_roster
from duty.tests.roster_helpers import at, footprint
from minsheng.errors import DomainError


def test_a_daily_rotation_takes_turns_from_the_handover_hour(cast):
    plans = generate_rotation(
        cast.workshop, first_day=date(2026, 11, 2), days=4, officers=[cast.handler, cast.clerk]
    )
    assert (plans[0].starts, plans[0].ends) == (at(2026, 11, 2), at(2026, 11, 3))
    assert [p.officer for p in plans] == [cast.handler, cast.clerk, cast.handler, cast.clerk]
    assert all(p.leader is None for p in plans)
    assert Shift.objects.count() == 0  # a plan, not a roster


def test_it_skips_people_on_leave(cast):
    Leave.objects.create(user=cast.clerk, first_day=date(2026, 11, 3), last_day=date(2026, 11, 4))
    plans = generate_rotation(
        cast.workshop, first_day=date(2026, 11, 2), days=4, officers=[cast.handler, cast.clerk]
    )
    # The clerk is away on the 3rd and 4th: the handler stands in, the clerk takes the 5th.
    assert [p.officer for p in plans] == [cast.handler, cast.handler, cast.handler, cast.clerk]


def test_a_weekly_rotation_skips_someone_away_for_part_of_the_week(cast):
    Leave.objects.create(user=cast.handler, first_day=date(2026, 11, 4), last_day=date(2026, 11, 4))
    plans = generate_rotation(
        cast.workshop,
        first_day=date(2026, 11, 2),
        days=10,
        officers=[cast.handler, cast.clerk],
        cadence=Cadence.WEEKLY,
        start_hour=9,
        start_minute=0,
    )
    assert [(p.starts, p.ends) for p in plans] == [
        (at(2026, 11, 2, 9, 0), at(2026, 11, 9, 9, 0)),
        (at(2026, 11, 9, 9, 0), at(2026, 11, 12, 9, 0)),  # the last one ends on time
    ]
    assert [p.officer for p in plans] == [cast.clerk, cast.handler]


def test_it_refuses_when_the_whole_pool_is_away(cast):
    Leave.objects.create(user=cast.handler, first_day=date(2026, 11, 3), last_day=date(2026, 11, 3))
    with pytest.raises(DomainError, match="on leave on 2026-11-03"):
        generate_rotation(
            cast.workshop, first_day=date(2026, 11, 2), days=3, officers=[cast.handler]
        )


def test_it_refuses_an_empty_pool_and_a_bad_length(cast):
    with pytest.raises(DomainError, match="at least one duty officer"):
        generate_rotation(cast.workshop, first_day=date(2026, 11, 2), days=3, officers=[])
    with pytest.raises(DomainError, match="1 to 120 days"):
        generate_rotation(cast.workshop, first_day=date(2026, 11, 2), days=0, officers=[cast.clerk])


def test_a_rotation_over_national_day_needs_leaders_and_saves_with_them(cast):
    kw = dict(first_day=date(2026, 9, 28), days=14, officers=[cast.handler, cast.clerk])
    before = footprint()
    with pytest.raises(DomainError, match="needs a duty leader"):
        save_roster(cast.workshop, generate_rotation(cast.workshop, **kw), by=cast.leader)
    assert footprint() == before
    plans = generate_rotation(cast.workshop, leaders=[cast.leader, cast.head], **kw)
    saved = save_roster(cast.workshop, plans, by=cast.leader)
    assert len(saved) == 14
    assert {s.leader for s in saved} == {cast.leader, cast.head}


def test_a_rotation_overlapping_the_roster_saves_nothing(cast):
    save_roster(
        cast.workshop,
        generate_rotation(
            cast.workshop, first_day=date(2026, 11, 2), days=3, officers=[cast.clerk]
        ),
        by=cast.leader,
    )
    before = footprint()
    plans = generate_rotation(
        cast.workshop, first_day=date(2026, 11, 4), days=3, officers=[cast.handler]
    )
    with pytest.raises(DomainError, match="overlaps"):
        save_roster(cast.workshop, plans, by=cast.leader)
    assert footprint() == before
