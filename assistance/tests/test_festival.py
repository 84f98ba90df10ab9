"""Batch festival payments: every eligible household of the units where the user decides is
paid in one action, within the budget (all or nothing), once per period; the roster with
names goes to leaders and heads only, and each download is audited."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assistance import festival
from assistance.lifecycle import MemberInput
from assistance.models import Application, AppState, Payment, ProgrammeKind
from assistance.tests.helpers import household, programme
from audit.models import AuditRecord
from conftest import PASSWORD
from minsheng.errors import DomainError, NotAllowed


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _festival(cast: Any, **kw: Any) -> Any:
    fields = {
        "name": "春节慰问",
        "kind": ProgrammeKind.FESTIVAL,
        "budget": Decimal("2000"),
        "eligibility": "income_per_head < 1000",
        "benefit": "300 + 100 * minors",
    }
    fields.update(kw)
    return programme(cast, **fields)


def _rich(cast: Any) -> Any:
    members = [MemberInput("head", 1980, "employed", income={"wage": "9000"})]
    return household(cast, members=members)


def test_every_eligible_household_is_paid_once_by_the_benefit_rule(cast: Any) -> None:
    p = _festival(cast)
    poor = [household(cast), household(cast)]  # one minor each: 400 yuan
    _rich(cast)
    household(cast, unit=cast.branch_b, by=cast.outsider)  # not the leader's unit
    today = timezone.localdate()
    batch = festival.pay_all(p, by=cast.leader, paid_on=today, method="cash")
    assert (batch.count, batch.total) == (2, Decimal("800.00"))
    paid = Payment.objects.filter(programme=p)
    assert {x.application.household for x in paid} == set(poor)
    assert {x.amount for x in paid} == {Decimal("400.00")}
    a = Application.objects.filter(programme=p).first()
    assert a is not None and a.state == AppState.PAID
    assert [e.kind for e in a.events.all()] == ["applied", "paid"]
    assert AuditRecord.objects.filter(action="programme.festival_paid").count() == 1
    assert AuditRecord.objects.filter(action="application.paid").count() == 2
    with pytest.raises(DomainError, match="No eligible household is left"):
        festival.pay_all(p, by=cast.leader, paid_on=today, method="cash")
    assert paid.count() == 2


def test_beyond_the_budget_nothing_is_paid(cast: Any) -> None:
    p = _festival(cast, budget=Decimal("700"))
    household(cast)
    household(cast)
    with pytest.raises(DomainError, match="Nothing was paid"):
        festival.pay_all(p, by=cast.leader, paid_on=timezone.localdate(), method="bank")
    assert Payment.objects.count() == 0 and Application.objects.count() == 0


def test_only_festival_programmes_and_deciders(cast: Any) -> None:
    household(cast)
    today = timezone.localdate()
    with pytest.raises(DomainError):
        festival.pay_all(programme(cast), by=cast.leader, paid_on=today, method="bank")
    with pytest.raises(NotAllowed):
        festival.pay_all(_festival(cast), by=cast.handler, paid_on=today, method="bank")
    assert Payment.objects.count() == 0


def test_the_page_pays_and_the_roster_names_the_heads_for_leaders_only(cast: Any) -> None:
    p = _festival(cast)
    h = household(cast)
    c = _client(cast.leader)
    page = c.get(reverse("assistance:programme", args=[p.pk])).content.decode()
    assert reverse("assistance:festival_pay", args=[p.pk]) in page and "400.00" in page
    today = timezone.localdate().isoformat()
    r = c.post(
        reverse("assistance:festival_pay", args=[p.pk]),
        {"paid_on": today, "method": "cash", "amount": "250"},
    )
    assert r.status_code == 302 and Payment.objects.get().amount == Decimal("250.00")
    bad = c.post(reverse("assistance:festival_pay", args=[p.pk]), {"paid_on": "", "method": "x"})
    assert bad.status_code == 400 and Payment.objects.count() == 1
    r = c.get(reverse("assistance:festival_roster", args=[p.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert sheet.cell(2, 2).value == h.code and sheet.cell(2, 3).value == "王建国"
    assert AuditRecord.objects.filter(action="programme.roster_export").count() == 1
    assert (
        _client(cast.handler).get(reverse("assistance:festival_roster", args=[p.pk])).status_code
        == 403
    )
    assert (
        reverse("assistance:festival_roster", args=[p.pk])
        not in _client(cast.handler)
        .get(reverse("assistance:programme", args=[p.pk]))
        .content.decode()
    )
