"""The duty roster's coverage view for a 30-unit organisation over the next 30 days.

    .venv/bin/python bench/duty_coverage_bench.py [--database sqlite|postgresql]
        [--requests 60] [--shifts-per-day 3]

Builds a database of its own (var/bench/duty-coverage.sqlite3, or the PostgreSQL database
`bench_duty_coverage` on 127.0.0.1; dropped and made again each run): one group with 4
branches of 6 workshops each and a headquarters department (30 units), a duty officer and a
leader per unit, and for every unit `--shifts-per-day` shifts a day from 60 days ago to 40
days ahead, with a few holes (a missed night every 9 days in a third of the units, a
heightened-day shift without a leader in another third). Then, as the chief (who sees all
30 units), it requests `/console/duty/coverage/` through Django's test client (no HTTP)
`--requests` times after two warm-up requests, and times the computation alone
(`duty.coverage.coverage`) the same number of times. Prints p50/p95 and the load average;
docs/benchmarks.md records them by hand. Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from fresh_db import fresh_database

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "bench_duty_coverage"


def _setup(kind: str) -> None:
    fresh_database(kind, PG_NAME, "duty-coverage.sqlite3")


def _build(per_day: int) -> object:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from duty.models import Shift
    from duty.roster import holiday_days
    from orgs.models import Membership, Role, Unit

    User = get_user_model()
    root = Unit.objects.create(name="集团", code="G")
    units = [root]
    for b in range(4):
        branch = Unit.objects.create(name=f"分公司{b}", code=f"B{b}", parent=root)
        units.append(branch)
        for w in range(6):
            units.append(Unit.objects.create(name=f"车间{b}-{w}", code=f"B{b}W{w}", parent=branch))
    units += [Unit.objects.create(name="办公室", code="HQ-O", parent=root)]
    assert len(units) == 30
    chief = User.objects.create_user("chief", password="x")
    Membership.objects.create(user=chief, unit=root, role=Role.HEAD)
    people = {}
    for u in units:
        officer = User.objects.create_user(f"o-{u.code}", password="x")
        leader = User.objects.create_user(f"l-{u.code}", password="x")
        Membership.objects.create(user=officer, unit=u, role=Role.HANDLER)
        Membership.objects.create(user=leader, unit=u, role=Role.LEADER)
        people[u.pk] = (officer, leader)
    today = timezone.localdate()
    first = today - timedelta(days=60)
    hot = holiday_days(first, today + timedelta(days=40))
    length = timedelta(hours=24 // per_day)
    rows = []
    for i, u in enumerate(units):
        officer, leader = people[u.pk]
        start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
        start += timedelta(hours=8, minutes=30)
        for n in range(100 * per_day):
            s, e = start + n * length, start + (n + 1) * length
            day = timezone.localtime(s).date()
            if i % 3 == 0 and n % (9 * per_day) == per_day - 1 and day not in hot:
                continue  # a missed night
            no_leader = i % 3 == 1 and n % (11 * per_day) == 0
            rows.append(
                Shift(
                    unit=u, starts=s, ends=e, officer=officer, leader=None if no_leader else leader
                )
            )
    Shift.objects.bulk_create(rows, batch_size=2000)
    print(f"{len(units)} units, {len(rows)} shifts")
    return chief


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--shifts-per-day", type=int, default=3, choices=[1, 2, 3, 4, 6])
    args = parser.parse_args()
    _setup(args.database)
    chief = _build(args.shifts_per_day)

    from django.test import Client

    from duty import coverage
    from orgs.models import Unit

    client = Client()
    client.force_login(chief)  # type: ignore[arg-type]
    for _ in range(2):
        assert client.get("/console/duty/coverage/").status_code == 200
    page: list[float] = []
    for _ in range(args.requests):
        t = time.perf_counter()
        r = client.get("/console/duty/coverage/")
        page.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    units = list(Unit.objects.order_by("path"))
    start, end = coverage.default_window()
    comp: list[float] = []
    for _ in range(args.requests):
        t = time.perf_counter()
        result = coverage.coverage(units, start, end)
        comp.append((time.perf_counter() - t) * 1000)
    gaps = sum(len(c.gaps) for c in result.values())
    leaderless = sum(len(c.without_leader) for c in result.values())
    load = os.getloadavg()
    print(f"database {args.database}; {gaps} gaps, {leaderless} heightened shifts without a leader")
    print(
        f"page        p50 {statistics.median(page):6.1f} ms  p95 {_pct(page, 95):6.1f} ms"
        f"  (n={len(page)})"
    )
    print(
        f"computation p50 {statistics.median(comp):6.1f} ms  p95 {_pct(comp, 95):6.1f} ms"
        f"  (n={len(comp)})"
    )
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
