from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from grievances.lifecycle import close_expired_feedback


class Command(BaseCommand):
    help = "Close replied cases whose feedback window has ended (run daily, or from a worker)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_expired_feedback()
        self.stdout.write(f"closed {closed} case(s) whose feedback window ended")
        if connection.vendor == "sqlite":
            # Keeps the planner's statistics current; without them the queue's query falls
            # back to collecting and sorting every case in scope (docs/benchmarks.md).
            with connection.cursor() as cur:
                cur.execute("PRAGMA optimize")
