"""The audit chain: append a record, verify the chain.

Each record's hash covers its own content and the previous record's hash, so changing or
removing any row breaks every link after it, which `minsheng verify-audit` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, models, transaction
from django.utils import timezone

from audit.models import AuditRecord

GENESIS = "0" * 64
_PG_LOCK_ID = 7_262_001  # any constant: the advisory lock that serialises chain appends


def _canonical(
    created: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    prev_hash: str,
) -> bytes:
    payload = {
        "created": created.isoformat(timespec="microseconds"),
        "actor": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object": f"{object_type}:{object_id}",
        "data": data,
        "prev": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def compute_hash(rec: AuditRecord) -> str:
    created = rec.created.astimezone(UTC)
    blob = _canonical(
        created,
        rec.actor_id,
        rec.actor_label,
        rec.action,
        rec.object_type,
        rec.object_id,
        rec.data,
        rec.prev_hash,
    )
    return hashlib.sha256(blob).hexdigest()


def _lock_chain() -> None:
    # SQLite transactions here take the write lock at BEGIN (transaction_mode IMMEDIATE), so
    # appends are already serialised; PostgreSQL needs an explicit lock.
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])


def _describe(obj: models.Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(obj, tuple):
        return obj[0], str(obj[1])
    return obj._meta.label_lower, str(obj.pk)


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | tuple[str, Any],
    data: dict[str, Any] | None = None,
    *,
    actor_label: str = "",
) -> AuditRecord:
    """Append one record to the chain. Must run inside the caller's transaction, so the
    record exists if and only if the change it describes does."""
    object_type, object_id = _describe(obj)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-id").values_list("hash", flat=True).first()
        rec = AuditRecord(
            created=timezone.now().astimezone(UTC),
            actor=user,  # type: ignore[misc]
            actor_label=actor_label or (user.get_username() if user is not None else ""),
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=last or GENESIS,
        )
        rec.hash = compute_hash(rec)
        rec.save()
    return rec


def record_bulk(
    entries: Iterable[tuple[str, models.Model | tuple[str, Any], dict[str, Any] | None]],
    *,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_label: str = "",
    batch_size: int = 1000,
) -> int:
    """Append many records in one go, for bulk loads (demo data, imports): one per
    (action, object, data) entry, in the order given, by one actor, all stamped now, and
    chained exactly as that many calls of `record` would chain them, so `verify_chain`
    passes afterwards. Like `record`, it must run inside the caller's transaction (the
    records exist if and only if the rows they describe do). Returns how many it appended."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user is not None else "")
    created = timezone.now().astimezone(UTC)
    records = []
    for action, obj, data in entries:
        object_type, object_id = _describe(obj)
        records.append(
            AuditRecord(
                created=created,
                actor=user,  # type: ignore[misc]
                actor_label=label,
                action=action,
                object_type=object_type,
                object_id=object_id,
                data=json.loads(json.dumps(data or {}, default=str)),
            )
        )
    with transaction.atomic():
        AuditRecord.objects.bulk_create(chain_records(records), batch_size=batch_size)
    return len(records)


def chain_records(
    records: Iterable[AuditRecord], prev_hash: str | None = None
) -> Iterator[AuditRecord]:
    """Fill prev_hash and hash for records about to be bulk-inserted in order (seeding).
    Call it inside the transaction that inserts them: it takes the chain lock."""
    _lock_chain()
    prev = prev_hash
    if prev is None:
        prev = AuditRecord.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    for rec in records:
        rec.prev_hash = prev
        rec.hash = compute_hash(rec)
        prev = rec.hash
        yield rec


@dataclass(frozen=True)
class ChainProblem:
    record_id: int
    reason: str


def verify_chain(batch: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Walk the chain in id order. Returns (records checked, problems found)."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditRecord.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for rec in rows:
            checked += 1
            if rec.prev_hash != prev:
                problems.append(ChainProblem(rec.pk, "link to the previous record is broken"))
            if compute_hash(rec) != rec.hash:
                problems.append(ChainProblem(rec.pk, "content does not match its hash"))
            prev = rec.hash
            last_id = rec.pk
    return checked, problems
