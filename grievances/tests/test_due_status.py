from __future__ import annotations

from datetime import date

import pytest

from grievances.tests.helpers import frozen
from minsheng.workdays import due_status

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (date(2026, 3, 9), "overdue"),
        (date(2026, 3, 10), "due_soon"),
        (date(2026, 3, 13), "due_soon"),
        (date(2026, 3, 14), ""),
        (None, ""),
    ],
)
def test_due_status(due, status):
    assert due_status(due, TODAY) == status


def test_today_is_the_local_date_in_shanghai():
    # 23:30 on 9 March in Shanghai is still 9 March there, even though it is 15:30 UTC.
    with frozen(2026, 3, 9, 23, 30):
        assert due_status(date(2026, 3, 9)) == "due_soon"
    with frozen(2026, 3, 10, 0, 30):  # 16:30 UTC on the 9th, but the 10th in Shanghai
        assert due_status(date(2026, 3, 9)) == "overdue"
