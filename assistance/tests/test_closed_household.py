"""A household closed while an application of it is open or supported (动态管理): its hardship
is resolved, so nothing more is published, approved or paid for it; each step is refused
with a message and changes nothing. Refusing the application and ending the support remain."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from assistance import lifecycle
from assistance.models import AppState, Payment
from assistance.tests.helpers import to_state
from minsheng.errors import DomainError


def _close(a: Any, cast: Any) -> None:
    lifecycle.close_household(a.household, by=cast.clerk, reason="已再就业，困难解除")
    a.refresh_from_db()


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
    lifecycle.reverify(b, by=cast.handler, outcome="end", reasons="困难解除")
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
