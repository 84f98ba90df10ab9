from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from minsheng import schedule


class Command(BaseCommand):
    help = (
        "Run every periodic job once, now, in this process: the deadline sweeps, escalation,"
        " notice delivery, audit checkpoints. For cron users; `minsheng worker` runs the same"
        " jobs on their own schedule. Safe to run at any time: each job is idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for job in schedule.jobs():
            result = job.task.call()
            self.stdout.write(f"{job.name}: {result if result is not None else 'done'}")
