from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from assistance import lifecycle
from assistance.models import Payment
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
    a = to_state(cast, "paid", p=p)
    today = timezone.localdate()
    last_month = lifecycle.period_start("month", today) - __import__("datetime").timedelta(1)
    lifecycle.pay(a, by=cast.clerk, amount="2000", paid_on=last_month, method="cash")
    assert lifecycle.spent(p, today) == Decimal("2000")
    assert lifecycle.spent(p, last_month) == Decimal("2000")


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
