"""Periodic background jobs, scheduled without cron.

Each module registers its sweeps here (in its AppConfig.ready()) as Django tasks with an
interval. The worker's scheduler calls `tick()` every few seconds: a job that is due is
claimed with one conditional UPDATE of its ScheduleSlot row and then enqueued. Several
workers may tick at once; the UPDATE lets exactly one of them enqueue. The job itself must
still be idempotent (a job enqueued twice by hand, or run by `minsheng sweep`, does no
harm), because a worker killed mid-job leaves it to the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from minsheng.models import ScheduleSlot


@dataclass(frozen=True)
class Job:
    name: str
    task: Any  # a django_tasks Task taking no arguments
    every: timedelta


_JOBS: dict[str, Job] = {}


def register(task: Any, *, every: timedelta, name: str = "") -> None:
    """Run `task` (a django-tasks Task without arguments) every `every`. Registering the
    same name twice replaces the earlier one (app reloads in tests)."""
    if every <= timedelta(0):
        raise ValueError("a periodic job needs a positive interval")
    key = name or task.module_path
    _JOBS[key] = Job(key, task, every)


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def _claim(job: Job, now: datetime) -> bool:
    """Take this run of the job: True for exactly one caller per due slot."""
    won = ScheduleSlot.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_enqueued_at=now
    )
    if won:
        return True
    if ScheduleSlot.objects.filter(name=job.name).exists():
        return False
    # First run of a new job: the row's primary key decides between racing schedulers.
    try:
        with transaction.atomic():
            ScheduleSlot.objects.create(
                name=job.name, next_run_at=now + job.every, last_enqueued_at=now
            )
    except IntegrityError:
        return False
    return True


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue every registered job that is due; the names of those enqueued."""
    now = now or timezone.now()
    started = []
    for job in jobs():
        if _claim(job, now):
            job.task.enqueue()
            started.append(job.name)
    return started


def run_all_now() -> list[str]:
    """Run every registered job in this process, in name order (`minsheng sweep`)."""
    names = []
    for job in jobs():
        job.task.call()
        names.append(job.name)
    return names


def run_soon(name: str, now: datetime | None = None) -> bool:
    """Bring a registered job's next run forward to now: the worker's next tick enqueues it
    once, however often this is called before then. False when no such job is registered."""
    if name not in _JOBS:
        return False
    now = now or timezone.now()
    # A job that never ran has no slot yet, and the first tick runs it anyway (see _claim).
    ScheduleSlot.objects.filter(name=name, next_run_at__gt=now).update(next_run_at=now)
    return True


def next_run(name: str) -> datetime | None:
    """When the worker will next enqueue the job (None: at its first tick)."""
    return ScheduleSlot.objects.filter(name=name).values_list("next_run_at", flat=True).first()
