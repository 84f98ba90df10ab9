"""Shared makers for the assistance tests: a household, a programme, an application taken
through the steps up to a given state."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.utils import timezone

from assistance import lifecycle
from assistance.lifecycle import MemberInput
from assistance.models import Application, Household, Period, Programme, ProgrammeKind

_n = [0]


def id_number() -> str:
    _n[0] += 1
    return f"11010119800101{_n[0]:04d}"


def household(cast: Any, **kwargs: Any) -> Household:
    fields: dict[str, Any] = {
        "by": cast.clerk,
        "unit": cast.workshop,
        "head_name": "王建国",
        "id_number": id_number(),
        "phone": "13900001111",
        "address": "一车间宿舍3栋201",
        "hardship_types": ["illness"],
        "consent": "户主书面同意登记家庭信息用于帮扶",
        "members": [
            MemberInput("head", 1975, "unable", health="serious", income={"pension": "800"}),
            MemberInput("child", timezone.localdate().year - 12, "student"),
        ],
    }
    fields.update(kwargs)
    return lifecycle.register_household(**fields)


def programme(cast: Any, **kwargs: Any) -> Programme:
    fields: dict[str, Any] = {
        "name": "医疗救助",
        "kind": ProgrammeKind.MEDICAL,
        "budget": Decimal("10000"),
        "budget_period": Period.YEAR,
        "eligibility": "income_per_head < 1000",
        "benefit": "2000",
    }
    fields.update(kwargs)
    p = Programme.objects.create(**fields)
    p.units.add(cast.hq)
    return p


def to_state(
    cast: Any,
    state: str,
    *,
    h: Household | None = None,
    p: Programme | None = None,
    amount: str = "2000",
) -> Application:
    """An application taken through the steps up to `state` (verified, reviewed, on_notice,
    approved, paid). For approved and paid, the steps up to the notice happen nine days ago,
    so that the approval and the payment are today's."""
    order = ["verified", "reviewed", "on_notice", "approved", "paid"]
    h = h or household(cast)
    back = timezone.now() - timedelta(days=9)
    early = time_machine.travel(back) if state in ("approved", "paid") else nullcontext()
    with early:
        a = lifecycle.apply(h, p or programme(cast), by=cast.clerk)
        for step in order[: min(order.index(state), 2) + 1]:
            if step == "verified":
                lifecycle.record_visit(
                    a, by=cast.handler, visited_on=timezone.localdate(), findings="入户核实属实"
                )
            elif step == "reviewed":
                lifecycle.committee_decision(
                    a,
                    by=cast.leader,
                    members="甲、乙、丙",
                    votes_for=3,
                    votes_against=0,
                    decision="support",
                    reasons="符合条件",
                    amount=amount,
                )
            elif step == "on_notice":
                lifecycle.publish_notice(a, by=cast.handler)
            a.refresh_from_db()
    if order.index(state) >= order.index("approved"):
        lifecycle.approve(a, by=cast.leader)
    if state == "paid":
        lifecycle.pay(a, by=cast.clerk, amount=amount, paid_on=timezone.localdate(), method="bank")
    a.refresh_from_db()
    return a
