"""Grievances' background work, run by `minsheng worker` (see minsheng/schedule.py)."""

from __future__ import annotations

from django.db import connection
from django_tasks import task

from grievances import rollups, sweeps


@task()
def sweep_deadlines() -> str:
    """Every grievance sweep (grievances/sweeps.py); idempotent, safe to run at any time."""
    result = sweeps.sweep()
    if connection.vendor == "sqlite":
        # Keeps the planner's statistics current; without them the queue's query falls back
        # to collecting and sorting every case in scope (docs/benchmarks.md).
        with connection.cursor() as cur:
            cur.execute("PRAGMA optimize")
    return str(result)


@task()
def refresh_scorecard() -> str:
    """The scorecard's daily rollup brought up to date (grievances/rollups.py); idempotent."""
    return str(rollups.refresh())
