"""Deadline arithmetic against the 2026 Chinese public-holiday calendar, as published by the
State Council and as the `holidays` library has it: the Spring Festival is 15-23 February with
Saturdays 14 and 28 February made working days; National Day is 1-7 October with Sunday
20 September and Saturday 10 October made working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from minsheng.workdays import DayType, add_days, is_working_day

W = DayType.WORKING


def test_the_calendar_matches_the_published_2026_arrangements():
    spring = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
    national = [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]
    assert not any(is_working_day(d) for d in spring + national)
    for makeup in (date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)):
        assert is_working_day(makeup), makeup
    assert not is_working_day(date(2026, 3, 1))  # an ordinary Sunday
    assert is_working_day(date(2026, 2, 24))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Fri → the make-up Saturday
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # over the whole festival
        (date(2026, 2, 13), 6, date(2026, 2, 28)),  # 14, 24, 25, 26, 27, Sat 28
        (date(2026, 2, 13), 7, date(2026, 3, 2)),
        (date(2026, 2, 12), 15, date(2026, 3, 11)),
    ],
)
def test_working_days_across_the_spring_festival(start, days, due):
    assert add_days(start, days, W) == due


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Fri → the make-up Sunday
        (date(2026, 9, 24), 1, date(2026, 9, 28)),  # Fri 25 Sep is Mid-Autumn
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # Thu 8, Fri 9, Sat 10
        (date(2026, 9, 30), 4, date(2026, 10, 12)),
    ],
)
def test_working_days_across_national_day(start, days, due):
    assert add_days(start, days, W) == due


def test_calendar_days_count_holidays_and_weekends():
    assert add_days(date(2026, 2, 13), 15) == date(2026, 2, 28)
    assert add_days(date(2026, 2, 13), 15, DayType.CALENDAR) == date(2026, 2, 28)
    assert add_days(date(2026, 12, 20), 15) == date(2027, 1, 4)


def test_the_start_day_itself_never_counts():
    assert add_days(date(2026, 2, 14), 0, W) == date(2026, 2, 14)
    assert add_days(date(2026, 2, 16), 0) == date(2026, 2, 16)


def test_a_negative_number_of_days_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        add_days(date(2026, 3, 2), -1)
