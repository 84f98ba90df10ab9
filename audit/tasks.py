"""Audit's background work, run by `minsheng worker` (see minsheng/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from audit.checkpoint import write_checkpoints
from audit.verify import verify_and_record


@task()
def checkpoints() -> str:
    """Record each stream's head, so that `verify-audit` finds a deleted tail."""
    return f"checkpoints moved {write_checkpoints()}"


@task()
def verify() -> str:
    """Walk every stream (`verify-audit`) and keep the result for the audit browser."""
    result = verify_and_record()
    return f"audit verified: {result.records} records, {result.problem_count} problem(s)"
