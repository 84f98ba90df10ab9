"""The missing-report sweep over a million incidents (docs/benchmarks.md).

    MINSHENG_SECRET_KEY=x .venv/bin/python bench/duty_sweep_bench.py [N] [OVERDUE]

Loads N incidents (default 1,000,000; most closed, OVERDUE open past their final report's
deadline, default 1,000; the unit's one leader is told of each) into a fresh database (SQLite
file under var/, or MINSHENG_DATABASE_URL), then times `duty.sweeps.mark_missing` and a
second, empty run. See docs/benchmarks.md."""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
os.environ.setdefault("MINSHENG_DATABASE_URL", "sqlite:///var/duty_bench.sqlite3")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    overdue = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    call_command("migrate", verbosity=0)
    from duty.models import Incident
    from duty.sweeps import mark_missing
    from orgs.models import Unit

    if Incident.objects.count() < n:
        unit, _ = Unit.objects.get_or_create(code="B1", defaults={"name": "基准单位"})
        user, _ = get_user_model().objects.get_or_create(username="bench")
        now = timezone.now()
        t = time.perf_counter()
        batch = []
        for k in range(n):
            known = now - timedelta(days=40, minutes=k % 100000)
            is_open = k < overdue
            batch.append(
                Incident(
                    code=f"SJ-B-{k:08d}",
                    unit=unit,
                    title="基准事件",
                    kind="other",
                    severity=4,
                    place="p",
                    occurred_at=known,
                    known_at=known,
                    created=known,
                    created_by=user,
                    initial_due=known,
                    final_due=known + timedelta(days=30),
                    state="open" if is_open else "closed",
                    next_due=known + timedelta(days=30) if is_open else None,
                )
            )
            if len(batch) == 20_000:
                with transaction.atomic():
                    Incident.objects.bulk_create(batch)
                batch = []
        if batch:
            Incident.objects.bulk_create(batch)
        print(f"loaded {n} incidents in {time.perf_counter() - t:.0f} s")
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        else:
            with connection.cursor() as cur:
                cur.execute("ANALYZE duty_incident")
    # The unit's leader hears of each missing report: one inbox notice per incident.
    from orgs.models import Membership, Role

    bench_unit = Unit.objects.get(code="B1")
    leader, _ = get_user_model().objects.get_or_create(username="bench-leader")
    Membership.objects.get_or_create(user=leader, unit=bench_unit, role=Role.LEADER)
    # A run before this one marked them: open them again (same rows, same index).
    Incident.objects.filter(state="open").update(missing=False, next_due=F("final_due"))
    t = time.perf_counter()
    marked = mark_missing()
    first = time.perf_counter() - t
    t = time.perf_counter()
    again = mark_missing()
    second = time.perf_counter() - t
    print(
        f"{connection.vendor}: {Incident.objects.count()} incidents; marked {marked} missing"
        f" in {first:.2f} s; second run marked {again} in {second:.3f} s;"
        f" load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
