from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assistance import lifecycle
from assistance.models import Application, AppState
from assistance.tests.helpers import programme, to_state
from conftest import PASSWORD
from minsheng.errors import DomainError, NotAllowed


def test_next_check_follows_the_schedule() -> None:
    assert lifecycle.next_check("month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert lifecycle.next_check("quarter", date(2026, 11, 15)) == date(2027, 2, 15)
    assert lifecycle.next_check("year", date(2028, 2, 29)) == date(2029, 2, 28)


def test_approval_schedules_the_first_check_and_each_check_the_next(cast: Any) -> None:
    a = to_state(cast, "paid", p=programme(cast, reverify="quarter"))
    approved = a.decided_at
    assert approved is not None
    first = lifecycle.next_check("quarter", timezone.localtime(approved).date())
    assert a.next_check == first
    with time_machine.travel(timezone.now() + timedelta(days=95)):
        lifecycle.reverify(a, by=cast.handler, outcome="continue", reasons="情况未变")
    a.refresh_from_db()
    assert a.next_check == lifecycle.next_check("quarter", first)
    assert a.events.filter(kind="reverified").get().data["outcome"] == "continue"


def test_an_adjustment_changes_the_amount_and_an_end_stops_the_checks(cast: Any) -> None:
    a = to_state(cast, "approved")
    lifecycle.reverify(a, by=cast.leader, outcome="adjust", reasons="收入增加", amount="800")
    a.refresh_from_db()
    assert a.amount == Decimal("800")
    with pytest.raises(DomainError):
        lifecycle.reverify(a, by=cast.leader, outcome="adjust", reasons="x", amount="-1")
    assert a.household.status == "supported"
    lifecycle.reverify(a, by=cast.leader, outcome="end", reasons="已再就业")
    a.refresh_from_db()
    assert a.state == AppState.ENDED and a.next_check is None and a.reason == "已再就业"
    # Its only support ended: the household is registered again, no longer supported.
    a.household.refresh_from_db()
    assert a.household.status == "registered"
    assert a.household.events.last().kind == "support_ended"  # type: ignore[union-attr]
    with pytest.raises(DomainError):
        lifecycle.reverify(a, by=cast.handler, outcome="continue", reasons="x")


def test_changing_or_ending_support_is_a_leaders_decision(cast: Any) -> None:
    a = to_state(cast, "approved")
    version = a.version
    for outcome in ("adjust", "end"):
        with pytest.raises(NotAllowed):
            lifecycle.reverify(a, by=cast.handler, outcome=outcome, reasons="x", amount="800")
    a.refresh_from_db()
    assert a.state == AppState.APPROVED and a.amount == Decimal("2000") and a.version == version


def test_an_outsider_cannot_reverify_and_nothing_changes(cast: Any) -> None:
    a = to_state(cast, "approved")
    with pytest.raises(NotAllowed):
        lifecycle.reverify(a, by=cast.outsider, outcome="end", reasons="x")
    assert Application.objects.get().state == AppState.APPROVED


def test_the_due_list_shows_due_and_overdue_checks_of_the_users_units(cast: Any) -> None:
    a = to_state(cast, "approved", p=programme(cast, reverify="month"))
    c = Client()
    c.login(username="handler", password=PASSWORD)
    url = reverse("assistance:reverification")
    assert a.code not in c.get(url).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=60)):
        c.force_login(cast.handler)  # the session of 60 days ago has expired
        html = c.get(url).content.decode()
        assert a.code in html and "Overdue" in html
        c.force_login(cast.outsider)
        assert a.code not in c.get(url).content.decode()
