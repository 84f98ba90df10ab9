"""The audit chains: append a record, verify the chains.

Records are kept in `STREAMS` chains (streams) rather than one, so that appends to different
streams never wait on one another. Each record's hash covers its own content and the previous
record's hash in its stream, so changing or removing any row breaks the link after it, which
`minsheng verify-audit` reports stream by stream; removing a stream's newest records is found
against the checkpoint of its head (`audit/checkpoint.py`). See docs/audit.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditRecord

GENESIS = "0" * 64
_PG_LOCK_ID = 7_262_001  # any constant: with the stream number, the lock of one stream
# The number of streams. Changing it moves new records of an object to another stream; old
# records keep theirs, and every stream still verifies alone.
STREAMS = 64


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


def stream_of(object_type: str, object_id: str) -> int:
    """The stream an object's records go to (when the transaction has none yet): a hash of the
    object, so that concurrent intakes of different cases land on different streams."""
    digest = hashlib.sha256(f"{object_type}:{object_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % STREAMS


def _lock_chain(stream: int = 0) -> int:
    """Take the append lock of a stream until the end of the transaction; returns the stream
    the caller must append to.

    SQLite transactions here take the database's write lock at BEGIN (transaction_mode
    IMMEDIATE), so appends are already serialised and every record goes to `stream`. On
    PostgreSQL a transaction appends to one stream only, the first it locked: it then holds
    one stream lock at most, so two transactions can never deadlock on the chains (and a
    sweep that records many cases blocks one stream, not all)."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        return stream
    xid, held = getattr(conn, "_minsheng_audit_stream", (None, None))
    with conn.cursor() as cur:
        # pg_current_xact_id() never repeats, so an equal id means the same transaction.
        # Taking the lock again when already held is free and survives a rolled-back savepoint.
        cur.execute(
            "SELECT s, x, pg_advisory_xact_lock(%s, s) FROM"
            " (SELECT x, CASE WHEN x = %s THEN %s ELSE %s END AS s"
            "  FROM (SELECT pg_current_xact_id()::text AS x) AS t) AS c",
            [_PG_LOCK_ID, xid, held, stream],
        )
        locked, xid, _void = cur.fetchone()
    conn._minsheng_audit_stream = (xid, locked)
    return int(locked)


_HEAD_SQL = "SELECT seq, hash FROM audit_auditrecord WHERE stream = %s ORDER BY seq DESC LIMIT 1"


def _head(stream: int) -> tuple[int, str]:
    """The number and hash of the stream's newest record; (0, GENESIS) for an empty one."""
    # Plain SQL: on every append, the ORM's query building cost more than the query.
    with transaction.get_connection().cursor() as cur:
        cur.execute(_HEAD_SQL, [stream])
        row = cur.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


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
        stream = _lock_chain(stream_of(object_type, object_id))
        seq, prev = _head(stream)
        rec = AuditRecord(
            created=timezone.now().astimezone(UTC),
            actor=user,  # type: ignore[misc]
            actor_label=actor_label or (user.get_username() if user is not None else ""),
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=prev,
            stream=stream,
            seq=seq + 1,
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
    chained in one stream (that of the first object, or the one this transaction already
    appends to), so `verify-audit` passes afterwards. Like `record`, it must run inside the
    caller's transaction (the records exist if and only if the rows they describe do).
    Returns how many it appended."""
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
    if not records:
        return 0
    with transaction.atomic():
        stream = stream_of(records[0].object_type, records[0].object_id)
        AuditRecord.objects.bulk_create(chain_records(records, stream), batch_size=batch_size)
    return len(records)


def chain_records(records: Iterable[AuditRecord], stream: int = 0) -> Iterator[AuditRecord]:
    """Fill stream, seq, prev_hash and hash for records about to be bulk-inserted in order
    (seeding), all in one stream. Call it inside the transaction that inserts them: it takes
    that stream's lock."""
    if not 0 <= stream < STREAMS:
        raise ValueError(f"stream {stream} is not in 0..{STREAMS - 1}")
    stream = _lock_chain(stream)
    seq, prev = _head(stream)
    for rec in records:
        seq += 1
        rec.stream, rec.seq, rec.prev_hash = stream, seq, prev
        rec.hash = compute_hash(rec)
        prev = rec.hash
        yield rec


@dataclass(frozen=True)
class ChainProblem:
    record_id: int | None  # None when what is wrong is a record that is missing
    reason: str
    stream: int = 0
