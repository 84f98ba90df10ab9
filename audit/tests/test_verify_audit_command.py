from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditRecord
from grievances.tests.helpers import replied


def test_it_reports_an_intact_chain(cast):
    replied(cast)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert f"audit chain intact: {AuditRecord.objects.count()} records" in out.getvalue()


def test_it_fails_on_a_tampered_chain(cast):
    replied(cast)
    victim = AuditRecord.objects.order_by("id")[2]
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditrecord SET action = 'grievance.declined' WHERE id = %s",
                    [victim.pk])  # fmt: skip
    err = StringIO()
    with pytest.raises(CommandError, match="audit chain broken: 1 problem"):
        call_command("verify_audit", stderr=err)
    assert f"record {victim.pk}: content does not match its hash" in err.getvalue()


def test_the_dashed_name_runs_the_same_command(cast, monkeypatch):
    from minsheng import cli

    replied(cast)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditrecord WHERE id = %s",
                    [AuditRecord.objects.order_by("id")[1].pk])  # fmt: skip
    monkeypatch.setattr("sys.argv", ["minsheng", "verify-audit"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code != 0
