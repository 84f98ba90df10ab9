"""The API's background work, run by `minsheng worker` (see minsheng/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from api.rest import idempotency


@task()
def expire_idempotency() -> str:
    """Forget idempotency records past their lifetime (MINSHENG_IDEMPOTENCY_HOURS)."""
    return f"idempotency records removed {idempotency.expire()}"
