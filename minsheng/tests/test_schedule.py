"""The scheduler of periodic jobs: a due job is enqueued once, however many workers tick."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minsheng import schedule
from minsheng.models import ScheduleSlot


def queued(name: str) -> int:
    return DBTaskResult.objects.filter(task_path=name).count()


@pytest.mark.django_db
def test_every_module_sweep_is_registered():
    names = {job.name for job in schedule.jobs()}
    assert {"grievances.sweep", "notices.deliver", "notices.digests", "audit.checkpoints"} <= names


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_per_interval_however_often_the_scheduler_ticks():
    job = next(j for j in schedule.jobs() if j.name == "grievances.sweep")
    now = timezone.now()
    assert "grievances.sweep" in schedule.tick(now)
    assert "grievances.sweep" not in schedule.tick(now)  # a second worker, same moment
    assert "grievances.sweep" not in schedule.tick(now + job.every - timedelta(seconds=1))
    assert "grievances.sweep" in schedule.tick(now + job.every)
    assert queued(job.task.module_path) == 2
    slot = ScheduleSlot.objects.get(name="grievances.sweep")
    assert slot.next_run_at == now + 2 * job.every


@pytest.mark.django_db
def test_a_job_needs_a_positive_interval():
    job = schedule.jobs()[0]
    with pytest.raises(ValueError, match="positive interval"):
        schedule.register(job.task, every=timedelta(0), name="broken")
    assert "broken" not in {j.name for j in schedule.jobs()}
