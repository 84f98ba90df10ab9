"""Saving shifts: the rules a roster is checked against, across a holiday period and a
make-up working day (调休), with nothing saved when refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from audit.models import AuditRecord
from duty.models import HeightenedPeriod, Shift
from duty.roster import PlannedShift, heightened_days, save_roster, save_shift
from duty.tests.roster_helpers import at, footprint, shift
from minsheng.errors import DomainError, NotAllowed


def test_a_leader_puts_a_shift_on_the_roster_and_it_is_audited(cast):
    s = shift(cast, at(2026, 11, 2), at(2026, 11, 3))
    assert Shift.objects.get().officer == cast.handler
    rec = AuditRecord.objects.get(action="duty.shift_saved")
    assert rec.object_id == str(s.pk) and rec.actor == cast.leader


def test_it_refuses_a_shift_that_ends_before_it_starts_and_saves_nothing(cast):
    before = footprint()
    with pytest.raises(DomainError, match="must end after it starts"):
        shift(cast, at(2026, 11, 3), at(2026, 11, 2))
    assert footprint() == before


def test_it_refuses_an_overlapping_shift_with_a_message_and_saves_nothing(cast):
    shift(cast, at(2026, 11, 2), at(2026, 11, 3))
    before = footprint()
    with pytest.raises(DomainError, match="overlaps the shift already on the roster"):
        shift(cast, at(2026, 11, 2, 20, 0), at(2026, 11, 3, 20, 0), officer=cast.clerk)
    assert footprint() == before


def test_shifts_of_another_unit_do_not_overlap(cast):
    shift(cast, at(2026, 11, 2), at(2026, 11, 3))
    save_shift(
        cast.branch_a,
        by=cast.head,
        starts=at(2026, 11, 2),
        ends=at(2026, 11, 3),
        officer=cast.head,
    )
    assert Shift.objects.count() == 2


def test_it_refuses_an_officer_from_another_unit(cast):
    before = footprint()
    with pytest.raises(DomainError, match="not staff of"):
        shift(cast, at(2026, 11, 2), at(2026, 11, 3), officer=cast.outsider)
    assert footprint() == before


def test_staff_of_a_unit_below_may_stand_at_the_unit_above(cast):
    s = save_shift(
        cast.branch_a,
        by=cast.head,
        starts=at(2026, 11, 2),
        ends=at(2026, 11, 3),
        officer=cast.handler,  # of the workshop, below the branch
    )
    assert s.officer == cast.handler


def test_a_duty_leader_must_lead_the_unit_or_head_one_above(cast):
    with pytest.raises(DomainError, match="cannot be its duty leader"):
        shift(cast, at(2026, 11, 2), at(2026, 11, 3), leader=cast.clerk)
    assert shift(cast, at(2026, 11, 2), at(2026, 11, 3), leader=cast.head).leader == cast.head


def test_only_a_leader_or_head_arranges_the_roster(cast):
    before = footprint()
    for who in (cast.handler, cast.outsider, cast.auditor):
        with pytest.raises(NotAllowed):
            save_shift(
                cast.workshop,
                by=who,
                starts=at(2026, 11, 2),
                ends=at(2026, 11, 3),
                officer=cast.handler,
            )
    assert footprint() == before


# ---- heightened periods: National Day 2026 and its make-up working days ----------------------


def test_the_national_day_break_is_heightened_but_its_make_up_working_days_are_not(cast):
    days = heightened_days(cast.workshop, date(2026, 9, 15), date(2026, 10, 15))
    # 1–7 October, the Sunday the 4th included (a rest day inside the break).
    assert {date(2026, 10, 1) + timedelta(days=i) for i in range(7)} <= days
    # Sunday 20 September and Saturday 10 October are working days (调休): not heightened.
    assert date(2026, 9, 20) not in days
    assert date(2026, 10, 10) not in days
    assert date(2026, 10, 8) not in days
    # The Mid-Autumn festival, Friday 25 September, and its weekend are.
    assert {date(2026, 9, 25), date(2026, 9, 26), date(2026, 9, 27)} <= days


def test_a_holiday_shift_without_a_leader_is_refused(cast):
    before = footprint()
    with pytest.raises(DomainError, match="needs a duty leader"):
        shift(cast, at(2026, 10, 2), at(2026, 10, 3))
    assert footprint() == before
    assert shift(cast, at(2026, 10, 2), at(2026, 10, 3), leader=cast.leader).pk


def test_the_shift_running_into_a_holiday_needs_a_leader_too(cast):
    with pytest.raises(DomainError, match="needs a duty leader"):
        shift(cast, at(2026, 9, 30), at(2026, 10, 1))


def test_a_make_up_working_saturday_needs_no_leader(cast):
    # Saturday 10 October 2026 is a working day: an ordinary day for the roster.
    s = shift(cast, at(2026, 10, 10), at(2026, 10, 10, 20, 0))
    assert s.leader is None


def test_a_batch_that_leaves_a_hole_in_the_holiday_is_refused_naming_the_first_hole(cast):
    plans = [
        PlannedShift(at(2026, 10, 1), at(2026, 10, 2), cast.handler, cast.leader),
        # nobody from 2 October 08:30 to 20:30
        PlannedShift(at(2026, 10, 2, 20, 30), at(2026, 10, 3), cast.clerk, cast.leader),
        PlannedShift(at(2026, 10, 3), at(2026, 10, 4), cast.handler, cast.leader),
    ]
    before = footprint()
    with pytest.raises(DomainError, match="from 2026-10-02 08:30 to 2026-10-02 20:30"):
        save_roster(cast.workshop, plans, by=cast.leader)
    assert footprint() == before


def test_a_gap_on_an_ordinary_day_is_allowed(cast):
    plans = [
        PlannedShift(at(2026, 11, 2), at(2026, 11, 2, 20, 0), cast.handler),
        PlannedShift(at(2026, 11, 3), at(2026, 11, 4), cast.clerk),
    ]
    assert len(save_roster(cast.workshop, plans, by=cast.leader)) == 2
    assert AuditRecord.objects.filter(action="duty.roster_saved").count() == 1


def test_a_period_added_for_the_branch_is_heightened_in_its_workshop_not_elsewhere(cast):
    HeightenedPeriod.objects.create(
        name="重要会议",
        first_day=date(2026, 11, 10),
        last_day=date(2026, 11, 11),
        unit=cast.branch_a,
    )
    assert date(2026, 11, 10) in heightened_days(
        cast.workshop, date(2026, 11, 9), date(2026, 11, 12)
    )
    assert heightened_days(cast.branch_b, date(2026, 11, 9), date(2026, 11, 12)) == set()
    with pytest.raises(DomainError, match="needs a duty leader"):
        shift(cast, at(2026, 11, 10), at(2026, 11, 11))
