"""Checkpoints of the streams' heads, written by the worker.

A stream's links show a changed or removed record anywhere but at its end: removing the
newest records leaves a shorter chain that is perfectly linked. The checkpoint remembers how
far each stream reached, so `verify-audit` can tell that it now stops short.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.log import STREAMS, _head
from audit.models import AuditCheckpoint


def write_checkpoints() -> int:
    """Record the head (number and hash of the newest committed record) of every stream that
    has records. Returns how many checkpoints were written or moved forward: 0 when nothing
    was appended since the last run.

    Idempotent, and safe when two workers run it at once: a checkpoint only ever moves
    forward (a worker that read an older head changes nothing), and a stream's first
    checkpoint is created once. It writes no audit record (that would move the heads)."""
    moved = 0
    now = timezone.now()
    with transaction.atomic():
        for stream in range(STREAMS):
            seq, hash_ = _head(stream)
            if seq == 0:
                continue
            ahead = AuditCheckpoint.objects.filter(stream=stream, seq__lt=seq)
            n = ahead.update(seq=seq, hash=hash_, updated=now)
            if n == 0:
                _cp, created = AuditCheckpoint.objects.get_or_create(
                    stream=stream, defaults={"seq": seq, "hash": hash_, "updated": now}
                )
                n = int(created)
            moved += n
    return moved
