from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.utils import timezone

from assistance import lifecycle
from assistance.tests.helpers import programme, to_state
from assistance.todo import items


def _whats(user: Any) -> list[str]:
    return [str(i.what) for i in items(user)]


def test_an_objection_waits_on_the_units_staff_and_then_the_decision_on_its_leader(
    cast: Any,
) -> None:
    a = to_state(cast, "on_notice")
    assert _whats(cast.handler) == []  # on notice, no objection: nothing to answer
    o, _again = lifecycle.lodge_objection(a, text="请核实")
    assert _whats(cast.handler) == ["Answer the objection"]
    assert items(cast.handler)[0].title == f"{a.code} 医疗救助"
    assert _whats(cast.outsider) == [] and _whats(cast.auditor) == []
    lifecycle.answer_objection(o, by=cast.handler, answer="已核实", upheld=False)
    assert _whats(cast.handler) == []
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert _whats(cast.leader) == ["Approve or refuse the application"]
        assert _whats(cast.handler) == []


def test_a_re_verification_waits_when_it_is_due(cast: Any) -> None:
    to_state(cast, "paid", p=programme(cast, reverify="month"))
    assert _whats(cast.handler) == []
    with time_machine.travel(timezone.now() + timedelta(days=60)):
        found = items(cast.handler)
        assert [str(i.what) for i in found] == ["Re-verify the household"]
        assert found[0].escalated


def test_each_step_in_between_waits_on_those_who_take_it(cast: Any) -> None:
    a = to_state(cast, "verified")
    assert _whats(cast.leader) == ["Record the committee's review"]
    assert _whats(cast.clerk) == []  # a clerk does not decide
    b = to_state(cast, "reviewed")
    assert "Publish the notice" in _whats(cast.clerk)
    c = to_state(cast, "approved")
    assert "Pay the approved amount" in _whats(cast.clerk)
    lifecycle.pay(c, by=cast.clerk, amount="2000", paid_on=timezone.localdate(), method="bank")
    assert "Pay the approved amount" not in _whats(cast.clerk)
    titles = {i.title for i in items(cast.leader)}
    assert f"{a.code} 医疗救助" in titles and f"{b.code} 医疗救助" in titles
