"""Idempotent creation: a retry with the same Idempotency-Key and the same body gets the
first response again, with the same grievance, never a second one.

Keys belong to a token: the (token, key) pair is unique in the database, which is what
makes two concurrent retries safe. Anonymous calls have no such identity (a client address
is shared behind NAT and changes on a phone), so an Idempotency-Key needs a token.

The stored response holds the tracking secret encrypted like personal data, so that a
client whose first response was lost still learns it on the retry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import ApiToken, IdempotencyRecord
from grievances.models import Grievance
from minsheng import crypto

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY = 200


class KeyReused(exceptions.APIException):
    status_code = 422
    default_detail = gettext_lazy("This Idempotency-Key was used with a different request body.")
    default_code = "idempotency_key_reused"


def header_key(request: Request, *, has_token: bool) -> str | None:
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    if not has_token:
        raise serializers.ValidationError(
            {HEADER: [_("An Idempotency-Key needs a token: keys belong to a token.")]}
        )
    if not 1 <= len(raw) <= MAX_KEY or not all(33 <= ord(ch) <= 126 for ch in raw):
        raise serializers.ValidationError(
            {HEADER: [_("1 to %(n)d visible ASCII characters.") % {"n": MAX_KEY}]}
        )
    return raw


def body_hash(data: Any) -> str:
    """The hash of the body as canonical JSON: key order and spacing do not matter."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _sealed(body: dict[str, Any]) -> dict[str, Any]:
    out = dict(body)
    out["secret"] = crypto.encrypt(str(out["secret"]))
    return out


def _opened(stored: dict[str, Any]) -> dict[str, Any]:
    out = dict(stored)
    out["secret"] = crypto.decrypt(str(out["secret"]))
    return out


def _opened_record(record: IdempotencyRecord, digest: str) -> dict[str, Any]:
    if record.body_hash != digest:
        raise KeyReused
    return _opened(record.response)


def _find(token: ApiToken | None, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(token=token, key=key).first()


def stored(token: ApiToken | None, key: str) -> tuple[dict[str, Any], str] | None:
    """The first response stored for this key and the hash of the body it answered, or
    None."""
    record = _find(token, key)
    return None if record is None else (_opened(record.response), record.body_hash)


def replayed(token: ApiToken | None, key: str, digest: str) -> dict[str, Any] | None:
    """The first response stored for this key, or None. Raises KeyReused if the key was
    used with another body."""
    record = _find(token, key)
    return None if record is None else _opened_record(record, digest)


def stored_once(
    token: ApiToken | None,
    key: str,
    digest: str,
    create: Callable[[], tuple[Grievance, dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """Run `create` (which returns the grievance and the response body, with its tracking
    secret under "secret") at most once per key: (the body, whether it is a replay).
    `token` None is the portal form's key space.

    1. A stored record for the key: its body again, or KeyReused if `digest` differs.
    2. Otherwise create and store the record in one transaction. If a concurrent request
       stored it first, the unique constraint refuses ours, the transaction (grievance
       included) rolls back, and the stored record is replayed."""
    first = replayed(token, key, digest)
    if first is not None:
        return first, True
    try:
        with transaction.atomic():
            g, body = create()
            IdempotencyRecord.objects.create(
                token=token,
                key=key,
                body_hash=digest,
                grievance=g,
                status=201,
                response=_sealed(body),
            )
    except IntegrityError:
        record = _find(token, key)
        if record is None:
            raise
        return _opened_record(record, digest), True
    return body, False


def expire(now: datetime | None = None) -> int:
    """Remove the records older than MINSHENG_IDEMPOTENCY_HOURS, SWEEP_BATCH rows per
    transaction; how many were removed. A retry after that is a new request."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.MINSHENG_IDEMPOTENCY_HOURS)
    removed = 0
    while True:
        with transaction.atomic():
            batch = list(
                IdempotencyRecord.objects.filter(created__lt=cutoff)
                .order_by("pk")
                .values_list("pk", flat=True)[: settings.SWEEP_BATCH]
            )
            if not batch:
                return removed
            removed += IdempotencyRecord.objects.filter(pk__in=batch).delete()[0]


def create_once(
    token: ApiToken | None,
    key: str | None,
    data: Any,
    create: Callable[[], tuple[Grievance, dict[str, Any]]],
) -> Response:
    """Run `create` (which returns the grievance and the 201 body) once per key.

    1. Without a key: create, answer 201.
    2. A stored record for the key: replay it (201 and the same body, with the header
       Idempotent-Replayed: true), or 422 if the body differs.
    3. Otherwise create and store the record (see `stored_once`)."""
    if key is None or token is None:
        return Response(create()[1], status=201)
    body, again = stored_once(token, key, body_hash(data), create)
    return Response(body, status=201, headers={REPLAYED: "true"} if again else None)
