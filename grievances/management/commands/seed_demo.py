from __future__ import annotations

import time
from argparse import SUPPRESS, ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from grievances.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Fill the database with a demo organisation, its staff and N grievances over the last"
        " months (see grievances/demo.py for the demo logins)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any grievance exists (what `make demo` runs on every start).",
        )
        parser.add_argument("--grievances", type=int, default=5000, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument("--months", type=int, default=18, help="How far back cases go.")
        parser.add_argument("--batch-size", type=int, default=1000, help=SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        n, months = options["grievances"], options["months"]
        if n < 0 or months < 1 or options["batch_size"] < 1:
            raise CommandError(
                "--grievances must be 0 or more, --months and --batch-size 1 or more."
            )
        started = time.monotonic()
        verbose = options["verbosity"] >= 1

        def progress(done: int, total: int) -> None:
            if verbose and total >= 20_000 and done % 20_000 < options["batch_size"]:
                self.stdout.write(f"  {done:,} / {total:,} grievances")

        summary = seed_demo(
            grievances=n,
            seed=options["seed"],
            months=months,
            batch_size=options["batch_size"],
            if_empty=options["if_empty"],
            progress=progress,
        )
        if summary.skipped:
            if verbose:
                self.stdout.write("Grievances exist already: nothing seeded (--if-empty).")
            return
        if not verbose:
            return
        took = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {summary.grievances:,} grievances, {summary.events:,} timeline events,"
            f" {summary.replies:,} replies and {summary.complainants:,} complainants"
            f" in {took:.1f} s."
        ))  # fmt: skip
        states = ", ".join(f"{k} {v:,}" for k, v in sorted(summary.states.items()))
        self.stdout.write(f"States: {states}")
        self.stdout.write(
            f"Demo logins (password {DEMO_PASSWORD}): admin, chief, head, leader, handler,"
            " clerk, auditor; other staff are staff001, staff002, ..."
        )
        for code, secret in summary.samples:
            self.stdout.write(f"Track a case on the portal: receipt code {code}, secret {secret}")
