"""Evidence is never edited or removed through the ORM: not one row, not a whole query."""

from __future__ import annotations

import pytest
from django.utils import timezone

from audit import log as audit
from audit.models import AppendOnlyError, AuditRecord
from audit.verify import verify_chain
from grievances.models import Reply, TimelineEvent
from grievances.tests.helpers import footprint, replied


@pytest.fixture
def evidence(cast):
    replied(cast)
    return {
        TimelineEvent: TimelineEvent.objects.first(),
        AuditRecord: AuditRecord.objects.first(),
        Reply: Reply.objects.first(),
    }


@pytest.mark.parametrize("model", [TimelineEvent, AuditRecord, Reply])
def test_a_saved_row_cannot_be_saved_again(evidence, model):
    row = evidence[model]
    before = footprint()
    row.text = row.data = row.facts = "改过"
    with pytest.raises(AppendOnlyError, match="append-only"):
        row.save()
    assert footprint() == before


@pytest.mark.parametrize("model", [TimelineEvent, AuditRecord, Reply])
def test_a_row_cannot_be_deleted(evidence, model):
    before = footprint()
    with pytest.raises(AppendOnlyError, match="append-only"):
        evidence[model].delete()
    assert footprint() == before


@pytest.mark.parametrize("model", [TimelineEvent, AuditRecord, Reply])
def test_a_query_cannot_delete_or_update_rows_either(evidence, model):
    before = footprint()
    with pytest.raises(AppendOnlyError, match="append-only"):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyError, match="append-only"):
        model.objects.all().update(created=None)
    assert footprint() == before


def test_rows_are_still_added_one_by_one_and_in_bulk(evidence):
    chain = list(
        audit.chain_records(
            AuditRecord(
                created=timezone.now(),
                actor_label="seed",
                action="demo.seeded",
                object_type="demo",
                object_id=str(i),
                data={},
            )
            for i in range(3)
        )
    )
    AuditRecord.objects.bulk_create(chain)
    audit.record(None, "demo.checked", ("demo", 4))
    assert AuditRecord.objects.filter(object_type="demo").count() == 4
    assert verify_chain()[1] == []
