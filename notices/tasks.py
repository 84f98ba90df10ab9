"""Notices' background work, run by `minsheng worker` (see minsheng/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from notices import outbox


@task()
def deliver() -> str:
    """Send what is due in the outbox (new messages and retries whose wait is over), up to
    500 a run; the rest go at the next run, 30 seconds later."""
    return f"sent {outbox.deliver_due()}"


@task()
def digests() -> str:
    """The daily digest e-mails, once per user per local day."""
    return f"digests {outbox.send_digests()}"
