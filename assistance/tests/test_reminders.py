"""Re-verification reminders from the worker: the handlers and leaders of the household's
unit are told when a check is due and again when it is overdue, once each per household and
check date, however often the job runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.utils import timezone

from assistance import lifecycle, tasks
from assistance.reminders import KIND_DUE, KIND_OVERDUE, send_reminders
from assistance.tests.helpers import programme, to_state
from minsheng import schedule
from notices.models import Notice


def test_due_then_overdue_once_each_to_the_units_handlers_and_leaders(cast: Any) -> None:
    a = to_state(cast, "approved", p=programme(cast))
    assert a.next_check is not None
    assert send_reminders() == 0  # a year away
    due_soon = timezone.make_aware(
        timezone.datetime.combine(a.next_check - timedelta(days=3), timezone.datetime.min.time())
    )
    with time_machine.travel(due_soon + timedelta(hours=12)):
        assert send_reminders() == 2
        assert send_reminders() == 0  # the same check, again: nothing new
        tasks.remind_reverification.call()
    notes = Notice.objects.filter(kind=KIND_DUE)
    assert {n.recipient for n in notes} == {cast.handler, cast.leader}
    title = notes.first().title  # type: ignore[union-attr]
    assert a.household.code in title and "王" not in title
    with time_machine.travel(due_soon + timedelta(days=5)):
        assert send_reminders() == 2
        assert send_reminders() == 0
    assert Notice.objects.filter(kind=KIND_OVERDUE).count() == 2
    # Re-verified: the next check is a year on, nothing is due.
    with time_machine.travel(due_soon + timedelta(days=6)):
        lifecycle.reverify(a, by=cast.handler, outcome="continue", reasons="仍困难")
        assert send_reminders() == 0
    assert Notice.objects.filter(kind__in=[KIND_DUE, KIND_OVERDUE]).count() == 4


def test_the_job_is_scheduled() -> None:
    assert "assistance.reverification.reminders" in {j.name for j in schedule.jobs()}
