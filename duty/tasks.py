"""The duty module's background work, run by `minsheng worker` (see minsheng/schedule.py)."""

from __future__ import annotations

from django_tasks import task

# ---- roster ----

# ---- incidents ----


@task()
def sweep_incidents() -> str:
    """Mark incidents whose final report is overdue as missing (duty/sweeps.py)."""
    from duty import sweeps

    return f"incidents marked missing: {sweeps.mark_missing()}"


@task()
def advance_alerts() -> str:
    """Take the next step of every unacknowledged alert whose wait is over."""
    from duty import escalation

    return f"alert steps taken: {escalation.advance()}"
