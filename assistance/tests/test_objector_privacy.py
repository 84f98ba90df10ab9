"""Who objected to a notice is personal data: the name and contact an objector gave are
shown on the application's page only to the staff acting at its unit, and each such view is
in the audit log; auditors (and anyone who only reads) see the name masked, no contact."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assistance import lifecycle
from assistance.tests.helpers import to_state
from assistance.tests.test_pages import _client
from audit.models import AuditRecord


def _objected(cast: Any) -> Any:
    a = to_state(cast, "on_notice")
    lifecycle.lodge_objection(a, text="该户有营业收入", name="李晓红", contact="13800009999")
    return a


def test_the_handler_sees_who_objected_and_the_view_is_audited(cast: Any) -> None:
    a = _objected(cast)
    html = _client(cast.handler).get(reverse("assistance:application", args=[a.code]))
    assert "李晓红" in html.content.decode() and "13800009999" in html.content.decode()
    seen = AuditRecord.objects.filter(action="application.objector_view", actor=cast.handler)
    assert seen.count() == 1


def test_the_auditor_sees_the_objection_but_not_who_made_it(cast: Any) -> None:
    a = _objected(cast)
    r = _client(cast.auditor).get(reverse("assistance:application", args=[a.code]))
    body = r.content.decode()
    assert r.status_code == 200 and "该户有营业收入" in body
    assert "李晓红" not in body and "13800009999" not in body and "李*红" in body
    assert not AuditRecord.objects.filter(action="application.objector_view").exists()
