"""The audit chain: each record's hash covers its content and the record before it, so a
changed or removed row is found."""

from __future__ import annotations

import json
from itertools import pairwise

from django.db import connection

from audit import log as audit
from audit.log import GENESIS
from audit.models import AuditRecord
from audit.verify import verify_chain
from grievances.tests.helpers import replied


def flow(cast):
    """A case from intake to reply: about ten records."""
    g = replied(cast)
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) >= 5
    return g, ids


def raw(sql, params):
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_the_chain_is_intact_after_a_flow(cast):
    _, ids = flow(cast)
    checked, problems = verify_chain()
    assert (checked, problems) == (len(ids), [])
    first = AuditRecord.objects.order_by("id").first()
    assert first.prev_hash == GENESIS
    records = list(AuditRecord.objects.order_by("id"))
    assert all(b.prev_hash == a.hash for a, b in pairwise(records))


def test_it_is_checked_in_batches_as_well(cast):
    _, ids = flow(cast)
    assert verify_chain(batch=2) == (len(ids), [])


def test_a_record_changed_behind_the_systems_back_is_found(cast):
    _, ids = flow(cast)
    victim = ids[2]
    raw(
        "UPDATE audit_auditrecord SET data = %s WHERE id = %s",
        [json.dumps({"state": "declined"}), victim],
    )
    checked, problems = verify_chain()
    assert checked == len(ids)
    assert [(p.record_id, p.reason) for p in problems] == [
        (victim, "content does not match its hash")
    ]


def test_a_changed_actor_is_found(cast):
    _, ids = flow(cast)
    raw("UPDATE audit_auditrecord SET actor_label = %s WHERE id = %s", ["someone", ids[1]])
    assert [p.record_id for p in verify_chain()[1]] == [ids[1]]


def test_a_record_rewritten_with_a_fresh_hash_breaks_the_next_link(cast):
    _, ids = flow(cast)
    rec = AuditRecord.objects.get(pk=ids[2])
    rec.data = {"state": "declined"}
    rec.hash = audit.compute_hash(rec)
    raw(
        "UPDATE audit_auditrecord SET data = %s, hash = %s WHERE id = %s",
        [json.dumps(rec.data), rec.hash, rec.pk],
    )
    problems = verify_chain()[1]
    assert [(p.record_id, p.reason) for p in problems] == [
        (ids[3], "link to the previous record is broken")
    ]


def test_a_deleted_record_is_found(cast):
    _, ids = flow(cast)
    raw("DELETE FROM audit_auditrecord WHERE id = %s", [ids[3]])
    checked, problems = verify_chain()
    assert checked == len(ids) - 1
    assert [(p.record_id, p.reason) for p in problems] == [
        (ids[4], "link to the previous record is broken")
    ]


def test_viewing_personal_data_is_part_of_the_chain(cast, client):
    g, _ = flow(cast)
    client.force_login(cast.handler)
    client.get(f"/console/grievances/case/{g.code}/identity/")
    last = AuditRecord.objects.latest("id")
    assert last.action == "identity.view"
    assert verify_chain()[1] == []
