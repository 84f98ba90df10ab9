from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.log import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit record; exits non-zero if any link is broken."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problems = verify_chain()
        for p in problems:
            self.stderr.write(f"record {p.record_id}: {p.reason}")
        if problems:
            raise CommandError(
                f"audit chain broken: {len(problems)} problem(s) in {checked} records"
            )
        self.stdout.write(f"audit chain intact: {checked} records")
