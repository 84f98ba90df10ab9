"""Verifying the audit streams, each on its own.

A stream is intact when its records are numbered 1, 2, 3, … without a gap, each links to the
one before it (the first to GENESIS), each still matches its hash, and it reaches at least as
far as its checkpoint, ending in or passing the record the checkpoint names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from audit.log import GENESIS, ChainProblem, compute_hash
from audit.models import AuditCheckpoint, AuditRecord, AuditVerification

LINK_BROKEN = "link to the previous record is broken"
CONTENT_CHANGED = "content does not match its hash"
NUMBER_JUMPS = "its number does not follow the previous record's"
CHECKPOINT_DIFFERS = "it is not the record the checkpoint names"


@dataclass
class StreamReport:
    stream: int
    records: int = 0
    head: int = 0  # the number of the stream's last record (0: none)
    checkpoint: int | None = None  # the number its checkpoint names, if it has one
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_stream(
    stream: int, batch: int = 5000, checkpoint: AuditCheckpoint | None = None
) -> StreamReport:
    """Walk one stream in order and compare its end with its checkpoint (read here unless
    given). Never changes anything."""
    if checkpoint is None:
        checkpoint = AuditCheckpoint.objects.filter(stream=stream).first()
    report = StreamReport(stream, checkpoint=checkpoint.seq if checkpoint else None)
    prev, expected = GENESIS, 1
    while True:
        rows = list(
            AuditRecord.objects.filter(stream=stream, seq__gte=expected).order_by("seq")[:batch]
        )
        if not rows:
            break
        for rec in rows:
            report.records += 1
            if rec.prev_hash != prev:
                report.problems.append(ChainProblem(rec.pk, LINK_BROKEN, stream))
            elif rec.seq != expected:
                report.problems.append(ChainProblem(rec.pk, NUMBER_JUMPS, stream))
            if compute_hash(rec) != rec.hash:
                report.problems.append(ChainProblem(rec.pk, CONTENT_CHANGED, stream))
            if checkpoint and rec.seq == checkpoint.seq and rec.hash != checkpoint.hash:
                report.problems.append(ChainProblem(rec.pk, CHECKPOINT_DIFFERS, stream))
            prev, expected = rec.hash, rec.seq + 1
            report.head = rec.seq
    if checkpoint and report.head < checkpoint.seq:
        report.problems.append(
            ChainProblem(
                None,
                f"the newest records are missing: the stream ends at {report.head}"
                f" but was checkpointed at {checkpoint.seq}",
                stream,
            )
        )
    return report


def verify_streams(batch: int = 5000) -> list[StreamReport]:
    """A report for every stream that has records or a checkpoint, in stream order."""
    checkpoints = {cp.stream: cp for cp in AuditCheckpoint.objects.all()}
    streams = set(AuditRecord.objects.order_by().values_list("stream", flat=True).distinct())
    return [
        verify_stream(s, batch=batch, checkpoint=checkpoints.get(s))
        for s in sorted(streams | set(checkpoints))
    ]


def verify_chain(batch: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Verify every stream (see `verify_streams`). Returns (records checked, problems found
    in all streams)."""
    reports = verify_streams(batch=batch)
    return sum(r.records for r in reports), [p for r in reports for p in r.problems]


def verify_and_record(batch: int = 5000) -> AuditVerification:
    """Verify every stream and keep the result (the worker's job, shown in the console's
    audit browser). Changes no audit record and writes none: only the result row."""
    started = timezone.now()
    reports = verify_streams(batch=batch)
    problems = [p for r in reports for p in r.problems]
    return AuditVerification.objects.create(
        started=started,
        finished=timezone.now(),
        records=sum(r.records for r in reports),
        streams=len(reports),
        broken_streams=sum(1 for r in reports if not r.intact),
        problem_count=len(problems),
        problems=[
            {"stream": p.stream, "record": p.record_id, "reason": p.reason}
            for p in problems[: AuditVerification.PROBLEMS_KEPT]
        ],
    )
