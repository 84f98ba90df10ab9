from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from assistance import lifecycle
from assistance.models import Payment, ProgrammeKind
from assistance.tests.helpers import household, programme, to_state
from minsheng.errors import DomainError


def _pay(a: Any, by: Any, amount: str) -> Payment:
    return lifecycle.pay(a, by=by, amount=amount, paid_on=timezone.localdate(), method="bank")


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "1e9", "NaN", "10.001", "2000000"])
def test_it_refuses_negative_or_absurd_amounts(cast: Any, amount: str) -> None:
    a = to_state(cast, "approved")
    with pytest.raises(DomainError):
        _pay(a, cast.clerk, amount)
    assert Payment.objects.count() == 0


def test_it_refuses_a_payment_beyond_the_budget_of_the_period(cast: Any) -> None:
    p = programme(cast, budget=Decimal("3000"))
    a = to_state(cast, "paid", p=p)
    b = to_state(cast, "approved", p=p)
    with pytest.raises(DomainError, match="beyond its budget"):
        _pay(b, cast.clerk, "1000.01")
    _pay(b, cast.clerk, "1000")
    assert lifecycle.spent(p, timezone.localdate()) == Decimal("3000")
    assert a.payments.count() == 1 and b.payments.count() == 1


def test_the_budget_counts_only_the_period(cast: Any) -> None:
    p = programme(cast, budget=Decimal("2000"), budget_period="month")
    today = timezone.localdate()
    last_month = lifecycle.period_start("month", today) - timedelta(days=1)
    with time_machine.travel(
        datetime.combine(last_month, time(12), timezone.get_current_timezone())
    ):
        to_state(cast, "paid", p=p)
    to_state(cast, "paid", p=p)
    assert lifecycle.spent(p, today) == Decimal("2000")
    assert lifecycle.spent(p, last_month) == Decimal("2000")


def test_a_one_off_aid_is_paid_at_most_its_approved_amount(cast: Any) -> None:
    a = to_state(cast, "approved", amount="1500")
    _pay(a, cast.clerk, "1000")
    with pytest.raises(DomainError, match=r"more than the approved 1,500\.00 yuan"):
        _pay(a, cast.clerk, "500.01")
    _pay(a, cast.clerk, "500")
    with pytest.raises(DomainError, match=r"1,500\.00 yuan is paid already"):
        _pay(a, cast.clerk, "1")
    assert [p.amount for p in a.payments.order_by("pk")] == [Decimal("1000"), Decimal("500")]


def test_a_monthly_allowance_is_paid_once_a_month(cast: Any) -> None:
    p = programme(cast, kind=ProgrammeKind.LIVING, budget=Decimal("100000"))
    a = to_state(cast, "paid", p=p, amount="600")
    with pytest.raises(DomainError, match="a month"):
        _pay(a, cast.clerk, "600")
    next_month = lifecycle.period_end("month", timezone.localdate())
    with time_machine.travel(
        datetime.combine(next_month, time(9), timezone.get_current_timezone())
    ):
        lifecycle.pay(a, by=cast.clerk, amount="600", paid_on=next_month, method="bank")
    assert a.payments.count() == 2


def test_a_payment_dated_before_the_approval_is_refused(cast: Any) -> None:
    a = to_state(cast, "approved")
    before = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError, match="before the approval"):
        lifecycle.pay(a, by=cast.clerk, amount="100", paid_on=before, method="bank")
    assert not a.payments.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_exceed_the_budget(cast: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises writers")
    p = programme(cast, budget=Decimal("3000"))
    apps = [to_state(cast, "approved", p=p, h=household(cast)) for _ in range(4)]
    barrier = threading.Barrier(4)
    results: list[str] = []

    def worker(a: Any) -> None:
        try:
            barrier.wait()
            _pay(a, cast.clerk, "1000")
            results.append("paid")
        except DomainError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["paid", "paid", "paid", "refused"]
    assert lifecycle.spent(p, timezone.localdate()) == Decimal("3000")


def test_the_payment_form_offers_what_may_still_be_paid(cast: Any) -> None:
    from django.urls import reverse

    from assistance.tests.test_pages import _client

    a = to_state(cast, "approved", amount="1500")
    url = reverse("assistance:application", args=[a.code])
    c = _client(cast.clerk)
    assert 'name="amount" value="1500.00"' in c.get(url).content.decode()
    _pay(a, cast.clerk, "1000")
    html = c.get(url).content.decode()
    assert 'name="amount" value="500.00"' in html
    assert f'name="paid_on" value="{timezone.localdate().isoformat()}"' in html
    assert lifecycle.payable(a, timezone.localdate()) == Decimal("500")
