from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_streams


class Command(BaseCommand):
    help = (
        "Verify the audit streams one by one: every link, every hash, and that no stream ends"
        " before its checkpoint. Exits non-zero if any stream is broken."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet", action="store_true", help="Print only broken streams and the summary."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reports = verify_streams()
        checked = sum(r.records for r in reports)
        broken = [r for r in reports if not r.intact]
        for r in reports:
            cp = f", checkpoint at {r.checkpoint}" if r.checkpoint is not None else ""
            state = "intact" if r.intact else f"BROKEN ({len(r.problems)} problem(s))"
            line = f"stream {r.stream}: {r.records} records, head at {r.head}{cp}: {state}"
            if not r.intact:
                self.stderr.write(line)
            elif not options["quiet"]:
                self.stdout.write(line)
            for p in r.problems:
                where = f"record {p.record_id}" if p.record_id is not None else "end"
                self.stderr.write(f"  stream {r.stream}, {where}: {p.reason}")
        if broken:
            problems = sum(len(r.problems) for r in broken)
            raise CommandError(
                f"audit chain broken: {problems} problem(s) in {len(broken)} of"
                f" {len(reports)} stream(s), {checked} records"
            )
        self.stdout.write(f"audit chain intact: {checked} records in {len(reports)} stream(s)")
