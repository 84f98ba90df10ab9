"""The calendar every module counts deadlines with: calendar or working days with the Chinese
public-holiday calendar (including the weekend days that are made working days, 调休), the
local date, and whether a date is overdue or due soon. It knows no module's rows."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

import holidays
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DayType(models.TextChoices):
    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")


@functools.lru_cache(maxsize=64)
def _china(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=[year])


def is_working_day(day: date) -> bool:
    """True on a weekday that is not a public holiday, and on a weekend day declared a
    working day to make up for a holiday."""
    return bool(_china(day.year).is_working_day(day))


def add_days(start: date, days: int, day_type: str = DayType.CALENDAR) -> date:
    """The date `days` days after `start`, counting calendar days or working days (the start
    day itself never counts, as in 'within 15 days of receipt')."""
    if days < 0:
        raise ValueError("days must not be negative")
    if day_type == DayType.CALENDAR:
        return start + timedelta(days=days)
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def local_date(moment: datetime | None = None) -> date:
    """Today (or `moment`'s day) in the configured time zone: deadlines count local days."""
    return timezone.localdate(moment or timezone.now())


def due_soon_days() -> int:
    """The lead time, in days, within which a deadline counts as due soon
    (MINSHENG_DUE_SOON_DAYS, default 3)."""
    return int(settings.DUE_SOON_DAYS)


def due_status(due: date | None, today: date | None = None) -> str:
    """'overdue', 'due_soon' or '' for a due date."""
    if due is None:
        return ""
    today = today or local_date()
    if due < today:
        return "overdue"
    if (due - today).days <= due_soon_days():
        return "due_soon"
    return ""
