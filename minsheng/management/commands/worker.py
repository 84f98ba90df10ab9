from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from minsheng import schedule

log = logging.getLogger("minsheng.worker")


class Command(BaseCommand):
    help = (
        "Run background work: a scheduler that enqueues the periodic sweeps when they are due,"
        " and the task worker that runs what is queued. Start one or several; they never do the"
        " same job twice. --once runs what is due and everything queued, then exits (for cron"
        " and tests)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="One tick, drain the queue, exit.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of the queue."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        once = options["once"]
        if once:
            started = schedule.tick()
            self.stdout.write(f"enqueued {len(started)} periodic job(s): {', '.join(started)}")
        else:
            stop = threading.Event()
            ticker = threading.Thread(target=self._scheduler, args=(stop,), daemon=True)
            ticker.start()
            self.stdout.write(
                f"worker started ({settings.TASKS_BACKEND} queue; "
                f"{len(schedule.jobs())} periodic job(s), tick {settings.WORKER_TICK_SECONDS} s)"
            )
        if settings.TASKS_BACKEND == "rq":
            call_command(
                "rqworker",
                "default",
                burst=once,
                with_scheduler=False,
                job_class="django_tasks_rq.Job",
            )
        else:
            call_command(
                "db_worker",
                queue_name="default",
                interval=options["interval"],
                batch=once,
                reload=False,
                startup_delay=not once,
            )
        if not once:
            stop.set()

    @staticmethod
    def _scheduler(stop: threading.Event) -> None:
        """Tick until told to stop. A failed tick is logged and tried again next time: the
        slots in the database say what is still due, so nothing is lost."""
        while not stop.is_set():
            try:
                close_old_connections()
                schedule.tick()
            except Exception:
                log.exception("scheduler tick failed; trying again at the next tick")
            finally:
                connections.close_all()
            stop.wait(settings.WORKER_TICK_SECONDS)
