"""record_bulk: many records in one go (bulk loads), chained as one-by-one appends are."""

from __future__ import annotations

from django.db import connection

from audit import log as audit
from audit.models import AuditRecord
from audit.verify import verify_chain
from grievances.tests.helpers import replied


def test_bulk_records_continue_the_chain_and_verify(cast):
    g = replied(cast)
    before = AuditRecord.objects.count()
    n = audit.record_bulk(
        [("grievance.seeded", g, {"n": i}) for i in range(5)]
        + [("unit.seeded", ("orgs.unit", cast.workshop.pk), None)],
        actor_label="seed-demo",
        batch_size=2,
    )
    assert n == 6
    records = list(AuditRecord.objects.order_by("id"))[before:]
    assert [r.action for r in records] == ["grievance.seeded"] * 5 + ["unit.seeded"]
    assert [r.data for r in records[:5]] == [{"n": i} for i in range(5)]
    assert records[0].object_id == str(g.pk) and records[0].object_type == "grievances.grievance"
    assert records[5].object_id == str(cast.workshop.pk) and records[5].data == {}
    assert {r.actor_label for r in records} == {"seed-demo"} and records[0].actor is None
    assert verify_chain() == (before + 6, [])
    audit.record(cast.head, "grievance.viewed", g)  # one-by-one appends follow on
    assert verify_chain() == (before + 7, [])


def test_bulk_records_name_the_actor(cast):
    audit.record_bulk([("grievance.imported", ("grievances.grievance", 1), {})], actor=cast.clerk)
    rec = AuditRecord.objects.get()
    assert rec.actor == cast.clerk and rec.actor_label == cast.clerk.get_username()


def test_a_changed_bulk_record_is_found(cast):
    audit.record_bulk([("x.seeded", ("x.x", i), {"i": i}) for i in range(3)])
    victim = AuditRecord.objects.order_by("id")[1]
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditrecord SET action = 'x.changed' WHERE id = %s", [victim.pk])
    assert [p.record_id for p in verify_chain()[1]] == [victim.pk]


def test_nothing_to_record_appends_nothing(db):
    assert audit.record_bulk([]) == 0
    assert not AuditRecord.objects.exists()
