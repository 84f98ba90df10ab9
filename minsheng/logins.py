"""Staff login lockout, through django-axes.

The rules (settings MINSHENG_LOGIN_FAILURES = N, MINSHENG_LOGIN_LOCK_MINUTES = L):
1. Failed logins are counted per account (the username typed) and per client address
   (REMOTE_ADDR), in the database, so every web process sees the same count.
2. The N-th failure for an account, or from an address, locks it: any further login of that
   account, or from that address, is refused with the right password too, until L minutes
   after the last try (a try during the lock starts the L minutes again).
3. The moment a lock starts is written to the audit log (`login.locked`), once per lock, not
   once per refused try: a flood of tries cannot flood the audit chain.
4. An administrator lifts a lock in the admin (*Locked logins*, action *Unlock*), which is
   audited too (`login.unlocked`); so is `unlock()` called from code.

API tokens never pass through here (they are not passwords), nor do the test client's
`login()` and other in-process calls of `authenticate()` without a request: only a login
sent over HTTP can be guessed at from outside.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from audit import log as audit


class LockoutBackend(AxesStandaloneBackend):
    """Refuses every login of a locked account or from a locked address; authenticates no
    one itself (ModelBackend, after it, does)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None  # not a login over HTTP (see the module's docstring)
        super().authenticate(request, username, password, **kwargs)
        return None


def username_of(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The account name a login tried, as axes counts and stores it. Django's login form does
    not hold the name to the model's 150 characters before it tries it: a longer one is cut
    (no account has it) and NUL characters dropped, so that storing it never fails."""
    raw = credentials.get("username") if credentials else request.POST.get("username")
    if not isinstance(raw, str):
        return None
    return raw.replace("\x00", "")[:150]


def lock_minutes() -> int:
    return int(settings.MINSHENG_LOGIN_LOCK_MINUTES)


def lock_message() -> str:
    n = lock_minutes()
    return ngettext(
        "Too many failed logins for this account or from your connection. Please try again"
        " in %(n)d minute, or ask an administrator to unlock it.",
        "Too many failed logins for this account or from your connection. Please try again"
        " in %(n)d minutes, or ask an administrator to unlock it.",
        n,
    ) % {"n": n}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page a refused login gets (axes calls this): 429 with Retry-After, in the user's
    language, the same for the console's login and the admin's."""
    response = render(
        request, "registration/locked_out.html", {"message": lock_message()}, status=429
    )
    response["Retry-After"] = str(lock_minutes() * 60)
    return response


def _subject(username: str | None) -> models.Model | tuple[str, Any]:
    """What an audit record about a login is about: the account when it exists, else the
    name that was typed (cut short: it is whatever someone sent)."""
    name = (username or "")[:150]
    user = get_user_model().objects.filter(username=name).first() if name else None
    # The record's object id holds 64 characters; the whole name is in its data.
    return user if user is not None else ("login", name[:64] or "-")


@receiver(user_locked_out, dispatch_uid="minsheng.logins.audit_lock")
def _audit_lock(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kw: Any
) -> None:
    failures = getattr(request, "axes_failures_since_start", None)
    if failures != settings.AXES_FAILURE_LIMIT:
        return  # a try during a lock that is already recorded
    audit.record(
        None,
        "login.locked",
        _subject(username),
        {
            "username": (username or "")[:150],
            "address": ip_address or "",
            "failures": failures,
            "minutes": lock_minutes(),
        },
        actor_label="public",
    )


def is_locked(attempt: AccessAttempt, now: Any = None) -> bool:
    """Whether this row alone holds a lock now (a lock may also come from several rows of
    one account or one address together; `locked_attempts` finds those)."""
    now = now or timezone.now()
    recent = attempt.attempt_time >= now - settings.AXES_COOLOFF_TIME
    return recent and attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def unlock(
    attempts: QuerySet[AccessAttempt], *, by: AbstractBaseUser | AnonymousUser | None
) -> int:
    """Forget these failed-login rows (which lifts the locks they make), each with an audit
    record in the same transaction. Returns how many rows were removed."""
    with transaction.atomic():
        rows = list(attempts.select_for_update().order_by("pk"))
        for row in rows:
            audit.record(
                by,
                "login.unlocked",
                _subject(row.username),
                {
                    "username": row.username or "",
                    "address": row.ip_address or "",
                    "failures": row.failures_since_start,
                },
            )
        AccessAttempt.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)
