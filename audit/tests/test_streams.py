"""The audit record is kept in streams: each its own chain, verified on its own, and its end
checked against the checkpoint the worker writes."""

from __future__ import annotations

import threading
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from audit import log as audit
from audit.checkpoint import write_checkpoints
from audit.log import GENESIS, stream_of
from audit.models import AuditCheckpoint, AuditRecord
from audit.verify import verify_stream, verify_streams


def record_each(n: int, prefix: str = "case") -> None:
    """n records about n objects, each in its own transaction (as n intakes would be)."""
    for i in range(n):
        audit.record(None, "demo.recorded", ("demo.case", f"{prefix}-{i}"), {"i": i})


def raw(sql, params):
    with connection.cursor() as cur:
        cur.execute(sql, params)


def newest(stream: int) -> AuditRecord:
    return AuditRecord.objects.filter(stream=stream).order_by("-seq").first()


@pytest.mark.django_db(transaction=True)
def test_records_of_different_objects_spread_over_streams_that_each_verify_alone():
    record_each(40)
    streams = sorted(set(AuditRecord.objects.values_list("stream", flat=True)))
    assert len(streams) > 10
    for s in streams:
        rows = list(AuditRecord.objects.filter(stream=s).order_by("seq"))
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
        assert rows[0].prev_hash == GENESIS
        report = verify_stream(s)
        assert report.intact and report.records == len(rows)
    assert sum(r.records for r in verify_streams()) == 40


@pytest.mark.django_db(transaction=True)
def test_the_history_of_one_object_stays_in_one_stream_in_order():
    for step in ("received", "accepted", "replied"):
        audit.record(None, f"grievance.{step}", ("grievances.grievance", "7"))
    rows = list(AuditRecord.objects.order_by("id"))
    assert {r.stream for r in rows} == {stream_of("grievances.grievance", "7")}
    assert [r.action for r in rows] == [
        "grievance.received",
        "grievance.accepted",
        "grievance.replied",
    ]
    assert [r.seq for r in rows] == [1, 2, 3]


def test_a_broken_link_is_reported_in_its_own_stream_only(db):
    audit.record(None, "demo.recorded", ("demo.case", "a"))
    victim = audit.record(None, "demo.recorded", ("demo.case", "a"))
    audit.record(None, "demo.recorded", ("demo.case", "a"))
    raw("UPDATE audit_auditrecord SET action = 'demo.forged' WHERE id = %s", [victim.pk])
    reports = {r.stream: r for r in verify_streams()}
    assert [(p.record_id, p.reason) for p in reports[victim.stream].problems] == [
        (victim.pk, "content does not match its hash")
    ]
    assert all(r.intact for s, r in reports.items() if s != victim.stream)


def test_deleting_the_newest_records_is_found_against_the_checkpoint(db):
    record_each(5)
    assert write_checkpoints() >= 1
    last = AuditRecord.objects.order_by("-id").first()
    stream, head = last.stream, last.seq
    raw("DELETE FROM audit_auditrecord WHERE id = %s", [last.pk])

    report = verify_stream(stream)
    assert not report.intact
    assert [p.reason for p in report.problems] == [
        f"the newest records are missing: the stream ends at {head - 1}"
        f" but was checkpointed at {head}"
    ]
    err = StringIO()
    with pytest.raises(CommandError, match="audit chain broken: 1 problem"):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert f"stream {stream}: {head - 1} records, head at {head - 1}" in err.getvalue()


def test_a_whole_stream_deleted_is_found_too(db):
    record_each(1)
    write_checkpoints()
    stream = AuditRecord.objects.get().stream
    raw("DELETE FROM audit_auditrecord WHERE stream = %s", [stream])
    [report] = verify_streams()
    assert (report.stream, report.records, report.checkpoint) == (stream, 0, 1)
    assert not report.intact


def test_a_checkpoint_written_after_the_tail_was_cut_does_not_hide_it(db):
    record_each(3)
    write_checkpoints()
    last = AuditRecord.objects.order_by("-id").first()
    raw("DELETE FROM audit_auditrecord WHERE id = %s", [last.pk])
    assert write_checkpoints() == 0  # a checkpoint never moves back
    assert AuditCheckpoint.objects.get(stream=last.stream).seq == last.seq
    assert not verify_stream(last.stream).intact


def test_a_replaced_newest_record_differs_from_its_checkpoint(db):
    audit.record(None, "demo.recorded", ("demo.case", "a"))
    write_checkpoints()
    last = AuditRecord.objects.get()
    raw("DELETE FROM audit_auditrecord WHERE id = %s", [last.pk])
    forged = audit.record(None, "demo.forged", ("demo.case", "a"))
    assert (forged.stream, forged.seq) == (last.stream, last.seq)
    assert [p.reason for p in verify_stream(forged.stream).problems] == [
        "it is not the record the checkpoint names"
    ]


def test_writing_checkpoints_again_changes_nothing_until_a_record_is_added(db):
    record_each(6)
    streams = set(AuditRecord.objects.values_list("stream", flat=True))
    assert write_checkpoints() == len(streams)
    assert write_checkpoints() == 0
    audit.record(None, "demo.recorded", ("demo.case", "late"))
    assert write_checkpoints() == 1
    for cp in AuditCheckpoint.objects.all():
        head = newest(cp.stream)
        assert (cp.seq, cp.hash) == (head.seq, head.hash)


def test_an_empty_record_writes_no_checkpoint_and_verifies(db):
    assert write_checkpoints() == 0
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit chain intact: 0 records in 0 stream(s)" in out.getvalue()


def test_records_inserted_in_bulk_continue_a_stream(db):
    audit.record(None, "demo.recorded", ("demo.case", "a"))
    stream = AuditRecord.objects.get().stream
    rows = [
        AuditRecord(
            created=timezone.now(), action="demo.seeded", object_type="demo", object_id=str(i)
        )
        for i in range(3)
    ]
    with transaction.atomic():
        AuditRecord.objects.bulk_create(audit.chain_records(rows, stream))
    assert list(AuditRecord.objects.filter(stream=stream).values_list("seq", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    assert verify_stream(stream).intact
    with pytest.raises(ValueError, match=r"not in 0\.\.63"):
        list(audit.chain_records(rows, audit.STREAMS))


def _two_objects_on_different_streams() -> tuple[str, str]:
    a = "a"
    b = next(
        f"b{i}" for i in range(100) if stream_of("demo.case", f"b{i}") != stream_of("demo.case", a)
    )
    return a, b


@pytest.mark.django_db(transaction=True)
def test_one_transaction_appends_to_one_stream_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite the database's write lock serialises all appends anyway")
    a, b = _two_objects_on_different_streams()
    with transaction.atomic():
        audit.record(None, "demo.merged", ("demo.case", a))
        audit.record(None, "demo.merged", ("demo.case", b))
    assert len(set(AuditRecord.objects.values_list("stream", flat=True))) == 1
    audit.record(None, "demo.recorded", ("demo.case", b))  # a new transaction: b's own stream
    assert AuditRecord.objects.latest("id").stream == stream_of("demo.case", b)
    assert all(r.intact for r in verify_streams())


@pytest.mark.django_db(transaction=True)
def test_an_open_transaction_on_one_stream_does_not_hold_up_another_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time by design")
    a, b = _two_objects_on_different_streams()
    holding, release = threading.Event(), threading.Event()

    def slow_intake() -> None:
        with transaction.atomic():
            audit.record(None, "demo.recorded", ("demo.case", a))
            holding.set()
            release.wait(10)
        close_old_connections()
        connection.close()

    t = threading.Thread(target=slow_intake)
    t.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        audit.record(None, "demo.recorded", ("demo.case", b))
        assert time.monotonic() - started < 2  # it did not wait for the open transaction
    finally:
        release.set()
        t.join(10)
    assert AuditRecord.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_writing_checkpoints_at_once_agree_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent sessions need PostgreSQL")
    record_each(30)
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait(10)
            results.append(write_checkpoints())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    streams = set(AuditRecord.objects.values_list("stream", flat=True))
    assert AuditCheckpoint.objects.count() == len(streams)
    assert sum(results) >= len(streams)
    for cp in AuditCheckpoint.objects.all():
        assert (cp.seq, cp.hash) == (newest(cp.stream).seq, newest(cp.stream).hash)
    assert write_checkpoints() == 0
