from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from grievances.lifecycle import close_expired_feedback


class Command(BaseCommand):
    help = "Close replied cases whose feedback window has ended (run daily, or from a worker)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_expired_feedback()
        self.stdout.write(f"closed {closed} case(s) whose feedback window ended")
