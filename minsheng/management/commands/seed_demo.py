from __future__ import annotations

import time
from argparse import SUPPRESS, ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.registry import Context, seed_all


class Command(BaseCommand):
    help = (
        "Fill the database with demo data: every part registered in demo/ in turn (the"
        " organisation, its staff and logins, then N grievances over the last months)."
        " See demo/orgs.py for the demo logins."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if demo data exist (what `make demo` runs on every start).",
        )
        parser.add_argument("--grievances", type=int, default=5000, metavar="N")
        parser.add_argument(
            "--full-histories",
            type=int,
            default=None,
            metavar="N",
            help="How many grievances are taken through the real actions step by step (the"
            " rest are time-shifted copies of their histories). Default 600.",
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument("--months", type=int, default=18, help="How far back cases go.")
        parser.add_argument("--batch-size", type=int, default=1000, help=SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        n, months, full = options["grievances"], options["months"], options["full_histories"]
        if n < 0 or months < 1 or options["batch_size"] < 1 or (full is not None and full < 1):
            raise CommandError(
                "--grievances must be 0 or more, --months, --full-histories and --batch-size"
                " 1 or more."
            )
        started = time.monotonic()
        verbose = options["verbosity"] >= 1
        extra: dict[str, Any] = {"batch_size": options["batch_size"]}
        if full is not None:
            extra["full_histories"] = full
        ctx = Context(
            seed=options["seed"],
            months=months,
            volumes={"grievances": n},
            options=extra,
            progress=lambda line: self.stdout.write(line) if verbose else None,
        )
        report = seed_all(ctx, if_empty=options["if_empty"])
        if not verbose:
            return
        if report.skipped:
            self.stdout.write("Demo data exist already: nothing seeded (--if-empty).")
            return
        took = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Seeded the demo in {took:.1f} s."))
        for lines in report.lines.values():
            for line in lines:
                self.stdout.write(line)
