from __future__ import annotations

from datetime import timedelta

import pytest

from audit.models import AuditRecord
from duty import incidents, sweeps
from duty.models import IncidentEventKind
from duty.tests.incident_helpers import at, frozen, initial
from notices.models import Notice

pytestmark = pytest.mark.django_db
KNOWN = at(2026, 11, 1, 9, 0)


def test_an_incident_without_a_final_report_in_its_window_is_marked_missing_once(cast):
    with frozen(KNOWN):
        due = initial(cast, KNOWN, severity=4)  # 30 days
        closed = initial(cast, KNOWN, severity=4)
        incidents.file_final(closed, by=cast.handler, what_happened="处置完毕。")
    with frozen(KNOWN + timedelta(days=29)):
        assert sweeps.mark_missing() == 0
    with frozen(KNOWN + timedelta(days=30, minutes=1)):
        assert sweeps.mark_missing() == 1
        audit = AuditRecord.objects.count()
        notices = Notice.objects.count()
        assert sweeps.mark_missing() == 0  # the second run: nothing more
        assert AuditRecord.objects.count() == audit and Notice.objects.count() == notices
    due.refresh_from_db()
    closed.refresh_from_db()
    assert due.missing and due.next_due is None and due.sweep_claim == ""
    assert not closed.missing
    assert list(due.events.filter(kind=IncidentEventKind.MISSING).values_list("kind", flat=True))
    assert Notice.objects.filter(kind="incident.missing", recipient=cast.leader).count() == 1
    assert AuditRecord.objects.filter(action="incident.missing").count() == 1


def test_a_missing_incident_stays_missing_when_the_final_report_comes(cast):
    with frozen(KNOWN):
        i = initial(cast, KNOWN, severity=1)
    with frozen(KNOWN + timedelta(days=8)):
        sweeps.mark_missing()
        incidents.file_final(i, by=cast.handler, what_happened="补报终报。")
    i.refresh_from_db()
    assert i.missing and i.late and i.state == "closed"
