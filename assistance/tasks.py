"""The assistance module's background work, run by `minsheng worker` (minsheng/schedule.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def remind_reverification() -> str:
    """Remind the staff of re-verifications due and overdue (assistance/reminders.py)."""
    from assistance import reminders

    return f"re-verification reminders written: {reminders.send_reminders()}"
