"""Hardship assistance: the eligibility preview over a large register, and the public notice
page with many entries.

    .venv/bin/python bench/assistance_bench.py [--database sqlite|postgresql]
        [--households 100000] [--notices 2000] [--requests 30]

Builds a database of its own (var/bench/assistance.sqlite3, or the PostgreSQL database
`bench_assistance` on 127.0.0.1; dropped and made again each run): one unit, `--households`
households with one to four members each (incomes, birth years, a disability now and then),
written with bulk_create (the steps would audit each one; the preview reads only the rows),
one programme, and `--notices` applications on public notice. Then it times
`assistance.eligibility.preview(...).count()` for a condition over income per head and
members (`--requests` times after a warm-up), and `/notices/` through Django's test client
(no HTTP) the same number of times, then again with a change to one entry before each
request (the table is built again after every change). Prints p50/p95;
docs/benchmarks.md records them by hand.
Targets (issue #9): preview under 2 s, notice page p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from fresh_db import fresh_database

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "bench_assistance"
RULE = "income_per_head < 800 and members >= 2"


def _setup(kind: str) -> None:
    fresh_database(kind, PG_NAME, "assistance.sqlite3")


def _build(households: int, notices: int) -> object:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assistance.models import Application, Household, Member, Programme
    from orgs.models import Unit

    rng = random.Random(9)
    user = get_user_model().objects.create_user("bench", password="x")
    unit = Unit.objects.create(name="社区", code="C")
    now = timezone.now()
    year = now.year
    batch = 5000
    for start in range(0, households, batch):
        rows = [
            Household(
                code=f"KN-{n:07d}",
                unit=unit,
                head_name=rng.choice("王李张刘陈杨") + rng.choice(["建国", "秀英", "晓明"]),
                id_number=f"1101011980{n:08d}",
                id_hash=f"{n:064d}",
                hardship_types=[rng.choice(["illness", "disability", "unemployment"])],
                consent="同意",
                consent_at=now,
                created=now,
                created_by=user,
            )
            for n in range(start, min(households, start + batch))
        ]
        made = Household.objects.bulk_create(rows)
        members = []
        for h in made:
            for i in range(rng.randint(1, 4)):
                income = Decimal(rng.choice([0, 0, 500, 900, 1500, 3000]))
                members.append(
                    Member(
                        household=h,
                        relation="head" if i == 0 else "child",
                        birth_year=rng.randint(year - 80, year - 1),
                        employment="employed" if income else "unemployed",
                        disability=rng.random() < 0.05,
                        income={"wage": str(income)} if income else {},
                        monthly_income=income,
                    )
                )
        Member.objects.bulk_create(members, batch_size=5000)
    p = Programme.objects.create(
        name="生活补助", kind="living", budget=Decimal("10000000"), eligibility=RULE, benefit="600"
    )
    p.units.add(unit)
    picked = Household.objects.order_by("pk").values_list("pk", flat=True)[:notices]
    Application.objects.bulk_create(
        [
            Application(
                code=f"JZ-{pk:07d}",
                household_id=pk,
                programme=p,
                channel="staff",
                state="on_notice",
                amount=Decimal("600"),
                notice_name="张*明",
                notice_starts=now - timedelta(days=1),
                notice_ends=now + timedelta(days=6),
                created=now,
                created_by=user,
            )
            for pk in picked
        ],
        batch_size=2000,
    )
    return p


def _times(fn: object, n: int) -> list[float]:
    out = []
    fn()  # type: ignore[operator]
    for _ in range(n):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--notices", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    _setup(args.database)
    t = time.perf_counter()
    p = _build(args.households, args.notices)
    print(f"built in {time.perf_counter() - t:.0f} s")
    from django.test import Client

    from assistance import eligibility
    from assistance.models import Household

    found = eligibility.preview(p, Household.objects.all()).count()  # type: ignore[arg-type]
    preview = _times(
        lambda: eligibility.preview(p, Household.objects.all()).count(),  # type: ignore[arg-type]
        args.requests,
    )
    client = Client()

    def page() -> None:
        r = client.get("/notices/")
        assert r.status_code == 200 and r.content.count(b"<tr>") >= args.notices

    notices = _times(page, args.requests)
    from django.db.models import F

    from assistance.lifecycle import on_notice

    def changed_page() -> None:
        # Something on notice changed just before (its version bumped, as every step does),
        # so the table is built again: the page's cost the first time after a change.
        on_notice().filter(pk=on_notice().order_by("?").values("pk")[:1]).update(
            version=F("version") + 1
        )
        page()

    changed = _times(changed_page, args.requests)
    load = os.getloadavg()[0]
    for name, times in (
        ("preview", preview),
        ("notices", notices),
        ("notices after a change", changed),
    ):
        q = statistics.quantiles(times, n=20)
        print(f"{name}: p50 {statistics.median(times):.0f} ms, p95 {q[18]:.0f} ms")
    print(f"{found} of {args.households} households eligible; load average {load:.2f}")


if __name__ == "__main__":
    main()
