"""The notices' public API: write notices inside the caller's transaction, deliver them from
the worker.

- `notify(users, kind, title=..., ...)` writes each user's inbox entry and the outgoing
  messages their preferences ask for, plus one message per group robot subscribed to the kind.
- `notify_complainant(grievance, kind)` tells a complainant who gave an e-mail or phone that
  their grievance moved on: receipt code and state only, in their language.
- `deliver_due()` is the worker's job: it claims due outgoing messages, sends them, and retries
  failures with exponential backoff. `send_digests()` writes the daily digest e-mails.

Nothing here sends anything during a request: the request only writes rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices import channels
from notices.kinds import Mode, get_kind
from notices.models import (
    WAITING_STATES,
    Channel,
    Notice,
    NoticeSettings,
    Outbox,
    OutboxState,
    Preference,
    Webhook,
)

logger = logging.getLogger("minsheng.notices")

# A worker holds a claimed message this long; if it dies mid-send the message is due again
# after the lease. Far longer than a send can take (channels.TIMEOUT_SECONDS).
LEASE = timedelta(minutes=5)
# Retries wait 1, 2, 4, ... minutes, at most 6 hours; after MAX_ATTEMPTS the message is
# marked failed (and kept, for an operator to retry from the admin).
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
MAX_ATTEMPTS = 12
# Claimed per round: a round's sends must fit well inside the lease.
CLAIM_BATCH = 10


# ---- text in each reader's language --------------------------------------------------------


class Msg:
    """A translatable message with parameters, rendered in each reader's language:
    `Msg(gettext_lazy("Case %(code)s is overdue"), code=g.code)`. Parameters may themselves
    be lazy strings, Msg or callables (a state's label, say)."""

    def __init__(self, template: str | Promise, /, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        params = {k: _text(v) if _is_text(v) else v for k, v in self.params.items()}
        return str(self.template) % params if params else str(self.template)


Text = str | Promise | Msg | Callable[[], str]


def _is_text(value: object) -> bool:
    return isinstance(value, Msg | Promise) or callable(value)


def _text(value: Text) -> str:
    if isinstance(value, str | Msg | Promise):
        return str(value)
    return str(value())


def render(text: Text, language: str) -> str:
    """The text as a reader of `language` reads it."""
    with translation.override(language):
        return _text(text)


def valid_language(code: str) -> str:
    """`code` if the site offers it, else the site's language."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def languages_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's notice language (one query)."""
    ids = list(user_ids)
    chosen = dict(NoticeSettings.objects.filter(user_id__in=ids).values_list("user_id", "language"))
    return {pk: valid_language(chosen.get(pk, "")) for pk in ids}


def absolute(url: str) -> str:
    """A site path made into a full address with MINSHENG_BASE_URL, for messages read
    outside the site."""
    base = settings.MINSHENG_BASE_URL.rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def _site_name() -> str:
    return settings.SITE_NAME or _("Minsheng")


# ---- writing -------------------------------------------------------------------------------


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "notices are written inside the transaction of the action that causes them"
        )


def _insert_once(row: models.Model, guarded: bool) -> bool:
    """Save a new row; False if its unique key exists (written before, or by a concurrent
    worker, which this waits for on PostgreSQL). The constraint decides, not a prior read."""
    if not guarded:
        row.save(force_insert=True)
        return True
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def notify(
    users: Iterable[User],
    kind: str,
    *,
    title: Text,
    body: Text = "",
    url: str = "",
    subject: str = "",
    dedupe_key: str = "",
) -> int:
    """Write a notice of `kind` to each active user and to the group robots subscribed to it.
    Must run inside the caller's transaction: the notice exists if and only if the change
    does. Returns the number of inbox notices written.

    Each user's preference for the kind decides: immediately (inbox + e-mail), daily digest
    (inbox + the next digest e-mail), off (kept in the inbox, already read; nothing sent).
    A user without an e-mail address gets the inbox entry only. Title and body are rendered
    in each reader's language (pass lazy strings, Msg or a callable).

    With a `dedupe_key`, writing the same kind and key to the same user again writes
    nothing: the unique constraint refuses it, even from two workers at once. Group robots
    get one message per kind and key. Raises UnknownKind for an unregistered kind. Never
    sends anything itself."""
    _require_transaction()
    notice_kind = get_kind(kind)
    if notice_kind.for_complainants:
        raise ValueError(f"{kind} is for complainants: use notify_complainant")
    people: dict[int, User] = {}
    for user in users:
        if user.is_active:
            people.setdefault(user.pk, user)
    prefs = dict(
        Preference.objects.filter(user_id__in=list(people), kind=kind).values_list(
            "user_id", "mode"
        )
    )
    languages = languages_of(people)
    now = timezone.now()
    written = 0
    for user in people.values():
        mode = prefs.get(user.pk, notice_kind.default_mode)
        language = languages[user.pk]
        email = (user.email or "").strip()
        notice = Notice(
            recipient=user,
            kind=kind,
            title=render(title, language)[:300],
            body=render(body, language),
            url=url,
            subject=subject,
            dedupe_key=dedupe_key,
            created=now,
            read_at=now if mode == Mode.OFF else None,
            in_digest=mode == Mode.DIGEST and bool(email),
        )
        if not _insert_once(notice, guarded=bool(dedupe_key)):
            continue
        written += 1
        if mode == Mode.IMMEDIATE and email:
            Outbox.objects.create(
                channel=Channel.EMAIL,
                kind=kind,
                recipient=user,
                target=email,
                payload=_staff_email(notice, language),
                subject=subject,
                dedupe=f"notice:{notice.pk}:email",
                created=now,
                next_attempt_at=now,
            )
    for hook in Webhook.objects.filter(active=True).order_by("pk"):
        if kind not in (hook.kinds or []):
            continue
        language = valid_language(hook.language)
        row = Outbox(
            channel=hook.kind,
            kind=kind,
            webhook=hook,
            payload=_robot_message(render(title, language), render(body, language), url, language),
            subject=subject,
            dedupe=f"{kind}|{dedupe_key}|robot:{hook.pk}" if dedupe_key else "",
            created=now,
            next_attempt_at=now,
        )
        _insert_once(row, guarded=bool(dedupe_key))
    return written


def _staff_email(notice: Notice, language: str) -> dict[str, str]:
    with translation.override(language):
        lines = [notice.body] if notice.body else []
        if notice.url:
            lines.append(absolute(notice.url))
        lines.append("")
        lines.append(
            _("You receive this because of your notice settings: %(link)s")
            % {"link": absolute(reverse("notices:settings"))}
        )
        return {
            "subject": f"[{_site_name()}] {notice.title}",
            "body": "\n\n".join(lines).strip() + "\n",
        }


def _robot_message(title: str, body: str, url: str, language: str) -> dict[str, str]:
    """Markdown for a group robot: bold title, text, link."""
    with translation.override(language):
        parts = [f"**{title}**"]
        if body:
            parts.append(body)
        if url:
            label = _("Open in Minsheng")
            parts.append(f"[{label}]({absolute(url)})")
        return {"title": title, "text": "\n\n".join(parts)}


# ---- complainants --------------------------------------------------------------------------

COMPLAINANT_TEXT: dict[str, str | Promise] = {
    "complainant.accepted": gettext_lazy(
        "Your grievance %(code)s has been accepted and is being handled."
    ),
    "complainant.replied": gettext_lazy(
        "Your grievance %(code)s has been replied to. Read the reply on the portal."
    ),
    "complainant.closed": gettext_lazy("Your grievance %(code)s is closed."),
}


def complainant_language(grievance: Any) -> str:
    """The language a complainant is written to in: the grievance's or the complainant's
    `language` when the model records one, else the site's language."""
    for holder in (grievance, getattr(grievance, "complainant", None)):
        code = getattr(holder, "language", "") or ""
        if code:
            return valid_language(code)
    return settings.LANGUAGE_CODE


def notify_complainant(grievance: Any, kind: str, *, dedupe_key: str = "") -> int:
    """Tell the complainant of `grievance` that it was accepted, replied to or closed: an
    e-mail if they gave an address, an SMS if they gave a phone. The message holds the
    receipt code, the state and the tracking page's address, never the case's content.
    Anonymous complainants, and those who gave neither, get nothing (they see it on the
    portal). Must run inside the caller's transaction; returns the messages written.

    Each transition is written once: the default key is the receipt code and the case's
    version, so calling it twice in one transition writes nothing more."""
    _require_transaction()
    notice_kind = get_kind(kind)
    if not notice_kind.for_complainants:
        raise ValueError(f"{kind} is not a complainant notice kind")
    complainant = getattr(grievance, "complainant", None)
    if complainant is None or getattr(grievance, "identity_mode", "") == "anonymous":
        return 0
    email = (complainant.email or "").strip()
    phone = (complainant.phone or "").strip()
    if not (email or phone):
        return 0
    code = grievance.code
    language = complainant_language(grievance)
    key = dedupe_key or f"{code}:{getattr(grievance, 'version', '')}"
    with translation.override(language):
        template = COMPLAINANT_TEXT.get(kind, gettext_lazy("%(what)s: %(code)s"))
        text = str(template) % {"code": code, "what": notice_kind.label}
        link = absolute(reverse("portal:track"))
        track = _("Follow it with your receipt code and secret at %(link)s") % {"link": link}
        messages = []
        if email:
            messages.append(
                (
                    Channel.EMAIL,
                    email,
                    {
                        "subject": _("[%(site)s] Your grievance %(code)s")
                        % {"site": _site_name(), "code": code},
                        "body": f"{text}\n\n{track}\n",
                    },
                )
            )
        if phone:
            messages.append((Channel.SMS, phone, {"text": f"【{_site_name()}】{text} {track}"}))
    now = timezone.now()
    written = 0
    for channel, target, payload in messages:
        row = Outbox(
            channel=channel,
            kind=kind,
            target=target,
            payload=payload,
            subject=f"grievance:{code}",
            dedupe=f"{kind}|{key}|{channel}",
            created=now,
            next_attempt_at=now,
        )
        written += _insert_once(row, guarded=True)
    return written


# ---- delivery ------------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4, ... minutes, capped."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def _due(now: datetime) -> Any:
    return Outbox.objects.filter(state__in=WAITING_STATES, next_attempt_at__lte=now)


def _claim(now: datetime, n: int) -> list[Outbox]:
    """Claim up to `n` due messages for this worker: mark them being sent, count the
    attempt and lease them until now + LEASE. On PostgreSQL rows another worker is claiming
    are skipped (SKIP LOCKED); SQLite takes its write lock at BEGIN, which serialises claims."""
    with transaction.atomic():
        ids = list(
            _due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:n]
        )
        if not ids:
            return []
        _due(now).filter(id__in=ids).update(
            state=OutboxState.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + LEASE
        )
    return list(
        Outbox.objects.filter(id__in=ids, state=OutboxState.SENDING)
        .select_related("webhook")
        .order_by("next_attempt_at", "id")
    )


def _finish(row: Outbox, **fields: Any) -> int:
    # Only the worker holding this attempt's lease records its outcome.
    return Outbox.objects.filter(
        pk=row.pk, state=OutboxState.SENDING, attempts=row.attempts
    ).update(**fields)


def deliver_due(now: datetime | None = None, limit: int = 500) -> int:
    """Send the outgoing messages that are due; returns how many were sent.

    1. Claim a few due messages (see `_claim`): two workers never hold the same one.
    2. Send each through its channel.
    3. Mark it sent, or record the error and wait `backoff(attempts)` before the next try;
       after MAX_ATTEMPTS it is marked failed and kept.
    A worker killed between 1 and 3 leaves its messages leased; they are due again when the
    lease ends, so nothing is lost (a message may then be sent twice: delivery is at least
    once)."""
    sent = handled = 0
    while handled < limit:
        moment = now or timezone.now()
        rows = _claim(moment, min(CLAIM_BATCH, limit - handled))
        if not rows:
            break
        for row in rows:
            handled += 1
            try:
                channels.send(row)
            except Exception as exc:  # any failure of a channel is retried, never fatal
                done = now or timezone.now()
                error = str(exc)[:2000] or type(exc).__name__
                permanent = isinstance(exc, channels.PermanentDeliveryError)
                if permanent or row.attempts >= MAX_ATTEMPTS:
                    _finish(row, state=OutboxState.FAILED, last_error=error, next_attempt_at=done)
                    logger.error("notice %s failed for good: %s", row.pk, error)
                else:
                    _finish(
                        row,
                        state=OutboxState.PENDING,
                        last_error=error,
                        next_attempt_at=done + backoff(row.attempts),
                    )
                    logger.warning("notice %s attempt %s failed: %s", row.pk, row.attempts, error)
            else:
                sent += _finish(row, state=OutboxState.SENT, sent_at=now or timezone.now())
    return sent


def retry(rows: Iterable[Outbox]) -> int:
    """Put failed messages back in the queue, due now, with their attempts counted afresh
    (the admin's “retry now”). Returns how many were re-queued."""
    return Outbox.objects.filter(pk__in=[r.pk for r in rows], state=OutboxState.FAILED).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


# ---- daily digest --------------------------------------------------------------------------


def send_digests(now: datetime | None = None) -> int:
    """Write one digest e-mail per user with notices waiting for it, at most once per local
    day and not before MINSHENG_NOTICE_DIGEST_HOUR; the worker then delivers it. Idempotent:
    the day's message is unique per user, so running twice (or on two workers) writes one.
    Returns the digests written."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.MINSHENG_NOTICE_DIGEST_HOUR:
        return 0
    day = local.date()
    waiting = Notice.objects.filter(in_digest=True, digest_on__isnull=True, created__lte=now)
    user_ids = sorted(set(waiting.values_list("recipient_id", flat=True)))
    languages = languages_of(user_ids)
    written = 0
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        with transaction.atomic():
            notices = list(waiting.filter(recipient=user).order_by("created", "id"))
            email = (user.email or "").strip()
            if not notices:
                continue
            if email and user.is_active:
                row = Outbox(
                    channel=Channel.EMAIL,
                    kind="digest",
                    recipient=user,
                    target=email,
                    payload=_digest_email(notices, languages[user.pk], day.isoformat()),
                    dedupe=f"digest|{user.pk}|{day.isoformat()}",
                    created=now,
                    next_attempt_at=now,
                )
                if not _insert_once(row, guarded=True):
                    continue  # today's digest is written: these wait for tomorrow's
                written += 1
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(digest_on=day)
    return written


def _digest_email(notices: list[Notice], language: str, day: str) -> dict[str, str]:
    with translation.override(language):
        lines = []
        for n in notices:
            lines.append(f"- {n.title}")
            if n.url:
                lines.append(f"  {absolute(n.url)}")
        lines.append("")
        lines.append(_("Your inbox: %(link)s") % {"link": absolute(reverse("notices:inbox"))})
        return {
            "subject": _("[%(site)s] Notices of %(day)s: %(n)d")
            % {"site": _site_name(), "n": len(notices), "day": day},
            "body": "\n".join(lines) + "\n",
        }
