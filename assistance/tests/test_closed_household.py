"""A household closed (动态管理): closing is refused while an application is open, and ends
the support still running. A closed household is reopened, never registered twice. For rows
closed before those rules (closed with an application open or supported), nothing more is
published, approved or paid; each step is refused with a message and changes nothing.
Refusing the application and ending the support remain."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from assistance import lifecycle, reports
from assistance.models import Application, AppState, Household, Payment
from assistance.tests.helpers import household, to_state
from minsheng.errors import DomainError


def _close(a: Any, cast: Any) -> None:
    """Closed as the register allowed before closing checked the applications."""
    Household.objects.filter(pk=a.household_id).update(status="closed", closed_reason="困难解除")
    a.refresh_from_db()


def test_closing_is_refused_while_an_application_is_open_and_changes_nothing(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    h = a.household
    with pytest.raises(DomainError, match=a.code):
        lifecycle.close_household(h, by=cast.clerk, reason="已再就业，困难解除")
    h.refresh_from_db()
    assert h.status == "registered" and h.closed_reason == "" and h.version == 1


def test_closing_ends_the_support_still_running(cast: Any) -> None:
    a = to_state(cast, "paid")
    lifecycle.close_household(a.household, by=cast.clerk, reason="已再就业，困难解除")
    a.refresh_from_db()
    assert a.state == AppState.ENDED and a.next_check is None and a.reason == "已再就业，困难解除"
    assert a.events.last().kind == "ended"  # type: ignore[union-attr]
    # Closing is not a re-verification: the report counts none done.
    now = timezone.now()
    table = reports.reverification_table(
        Application.objects.all(), now - timedelta(days=1), now + timedelta(days=1), now.date()
    )
    assert all(row[1] == 0 for row in table.rows)
    with pytest.raises(DomainError):
        lifecycle.pay(a, by=cast.clerk, amount="1", paid_on=timezone.localdate(), method="bank")
    assert a.payments.count() == 1


def test_a_closed_household_is_reopened_not_registered_twice(cast: Any) -> None:
    h = household(cast)
    lifecycle.close_household(h, by=cast.clerk, reason="困难解除")
    with pytest.raises(DomainError, match="reopen it"):
        household(cast, id_number=h.id_number)
    assert Household.objects.count() == 1
    h.refresh_from_db()
    lifecycle.reopen_household(h, by=cast.clerk, reason="旧病复发", version=h.version)
    h.refresh_from_db()
    assert h.status == "registered" and h.closed_reason == ""
    assert [e.kind for e in h.events.all()][-2:] == ["closed", "reopened"]
    with pytest.raises(DomainError, match="Only a closed household"):
        lifecycle.reopen_household(h, by=cast.clerk, reason="再次")


def test_an_application_of_a_closed_household_is_not_approved(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    _close(a, cast)
    later = time_machine.travel(timezone.now() + timedelta(days=8))
    with later, pytest.raises(DomainError, match="closed"):
        lifecycle.approve(a, by=cast.leader)
    a.refresh_from_db()
    assert a.state == AppState.ON_NOTICE and a.decided_at is None
    assert a.household.status == "closed"


def test_a_closed_household_is_not_paid(cast: Any) -> None:
    a = to_state(cast, "approved")
    _close(a, cast)
    with pytest.raises(DomainError, match="closed"):
        lifecycle.pay(a, by=cast.clerk, amount="2000", paid_on=timezone.localdate(), method="bank")
    a.refresh_from_db()
    assert a.state == AppState.APPROVED and not Payment.objects.exists()


def test_a_closed_household_is_not_published_on_the_notices(cast: Any) -> None:
    a = to_state(cast, "reviewed")
    _close(a, cast)
    with pytest.raises(DomainError, match="closed"):
        lifecycle.publish_notice(a, by=cast.handler)
    a.refresh_from_db()
    assert a.state == AppState.REVIEWED and a.notice_name == ""


def test_the_application_of_a_closed_household_can_still_be_refused_or_ended(
    cast: Any,
) -> None:
    a = to_state(cast, "on_notice")
    _close(a, cast)
    lifecycle.refuse(a, by=cast.leader, reasons="户已注销")
    a.refresh_from_db()
    assert a.state == AppState.REFUSED
    b = to_state(cast, "approved")
    _close(b, cast)
    lifecycle.reverify(b, by=cast.leader, outcome="end", reasons="困难解除")
    b.refresh_from_db()
    assert b.state == AppState.ENDED


def test_the_support_of_a_closed_household_is_not_continued(cast: Any) -> None:
    a = to_state(cast, "approved")
    _close(a, cast)
    before = (a.state, a.next_check, a.version)
    with pytest.raises(DomainError, match="closed"):
        lifecycle.reverify(a, by=cast.handler, outcome="continue", reasons="情况未变")
    a.refresh_from_db()
    assert (a.state, a.next_check, a.version) == before


def test_the_api_refuses_paying_a_closed_household_in_chinese_json(cast: Any) -> None:
    from api.models import Scope
    from api.tests.rest_helpers import Api, token

    a = to_state(cast, "approved")
    _close(a, cast)
    api = Api(token(cast.clerk, cast.hq, [Scope.ASSISTANCE_READ, Scope.ASSISTANCE_ACT]))
    r = api.post(
        f"/api/v1/assistance/applications/{a.code}/pay/",
        {"amount": "2000.00", "paid_on": str(timezone.localdate()), "method": "bank"},
        **{"Accept-Language": "zh-hans"},
    )
    assert r.status_code == 400 and "该户已注销" in r.json()["error"]["message"]
    assert not Payment.objects.exists()
