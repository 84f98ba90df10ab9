"""Slow down guessing of receipt codes and secrets, per client address, in the database.
Shared by every front door that takes a secret: the portal's tracking form and the API's
complainant steps count failures together. (The count's table is still `portal`'s
TrackingFailures, where it was made; moving it needs a migration of its own.)

The count lives in the database, never in process memory, so any number of web processes
behind a load balancer share it. Each step is one conditional UPDATE (or a get_or_create),
so two processes recording failures at the same moment never lose a count.

The address is `REMOTE_ADDR`. Behind a reverse proxy or load balancer, that is the proxy's
address for every visitor: configure the proxy to pass the visitor's address and set
REMOTE_ADDR from it (for gunicorn, `--forwarded-allow-ips` with the proxy's address and a
middleware or the proxy setting the header it trusts), or every visitor shares one count.

Rules, with N = settings.MINSHENG_TRACK_FAILURES and L = settings.MINSHENG_TRACK_LOCK_SECONDS:
1. Failures are counted per address in a window of L seconds from the first failure.
2. The N-th failure in a window locks the address for L seconds: every attempt is refused
   without looking at the code or secret.
3. A success resets nothing. Resetting on success would let someone holding one valid
   code and secret (their own) interleave it with guesses and never be slowed down.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.models import TrackingFailures


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def client_key(address: str) -> str:
    """A keyed hash of the address, so the table holds no IP addresses."""
    return salted_hmac("minsheng.portal.throttle", address, algorithm="sha256").hexdigest()


def _window() -> timedelta:
    return timedelta(seconds=settings.MINSHENG_TRACK_LOCK_SECONDS)


def locked_for(address: str, now: datetime | None = None) -> int:
    """Seconds (rounded up) until this address may try again; 0 when it may try now."""
    now = now or timezone.now()
    until = (
        TrackingFailures.objects.filter(client=client_key(address), locked_until__gt=now)
        .values_list("locked_until", flat=True)
        .first()
    )
    if until is None:
        return 0
    return max(1, math.ceil((until - now).total_seconds()))


def record_failure(address: str, now: datetime | None = None) -> int:
    """Count one failed attempt. Returns the seconds of the lock when this failure reached
    the limit, else 0."""
    now = now or timezone.now()
    key = client_key(address)
    window = _window()
    rows = TrackingFailures.objects.filter(client=key)
    with transaction.atomic():
        TrackingFailures.objects.get_or_create(client=key, defaults={"window_start": now})
        # 1. A window that has ended (and whose lock has ended) starts again from zero. The
        #    condition makes the reset happen once even if two processes see the old window.
        rows.filter(window_start__lte=now - window).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=now)
        ).update(failures=0, window_start=now, locked_until=None)
        # 2. Count this failure in the database, not from a value read earlier.
        rows.update(failures=F("failures") + 1)
        # 3. Lock once the limit is reached; only the first process to get here sets it.
        locked = rows.filter(
            failures__gte=settings.MINSHENG_TRACK_FAILURES, locked_until__isnull=True
        ).update(locked_until=now + window)
        # 4. Forget addresses whose window and lock have both ended (a lock ends at most two
        #    windows after its window started), so the table stays small.
        TrackingFailures.objects.filter(window_start__lt=now - 2 * window).delete()
    return math.ceil(window.total_seconds()) if locked else 0
