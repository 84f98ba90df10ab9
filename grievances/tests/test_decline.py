from __future__ import annotations

import pytest

from grievances import lifecycle
from grievances.models import TEXT_MAX, EventKind, Kind, State
from grievances.scoping import visible_grievances
from grievances.tests.helpers import accepted, audit_actions, kinds, received, refused
from minsheng.errors import NotAllowed


def test_it_declines_with_reasons_and_closes_the_case(cast):
    g = received(cast)
    g = lifecycle.decline(g, by=cast.handler, reasons="不属于本单位职责范围", version=g.version)
    assert g.state == State.DECLINED
    assert g.decided_at is not None and g.closed_at is not None
    assert g.next_due is None and g.next_due_kind == ""
    assert kinds(g)[-1] == EventKind.DECLINED
    assert g.events.get(kind=EventKind.DECLINED).text == "不属于本单位职责范围"
    assert audit_actions(g)[-1] == "grievance.declined"


def test_declining_a_litigation_matter_points_to_the_court(cast):
    g = received(cast, kind=Kind.LITIGATION)
    g = lifecycle.decline(g, by=cast.handler, reasons="已进入诉讼程序")
    text = g.events.get(kind=EventKind.DECLINED).text
    assert text.startswith("已进入诉讼程序")
    assert "people's court" in text and "procuratorate" in text


def test_declining_an_ordinary_case_carries_no_court_pointer(cast):
    g = lifecycle.decline(received(cast), by=cast.handler, reasons="重复提交")
    assert "court" not in g.events.get(kind=EventKind.DECLINED).text


@pytest.mark.parametrize("reasons", ["", "   \n "])
def test_it_refuses_to_decline_without_reasons(cast, reasons):
    g = received(cast)
    with refused("reasons for declining"):
        lifecycle.decline(g, by=cast.handler, reasons=reasons)


def test_it_refuses_reasons_over_the_limit(cast):
    g = received(cast)
    with refused("longer than 5000 characters"):
        lifecycle.decline(g, by=cast.handler, reasons="理" * (TEXT_MAX + 1))


def test_an_accepted_case_can_no_longer_be_declined(cast):
    g = accepted(cast)
    with refused("not possible while the case is Accepted"):
        lifecycle.decline(g, by=cast.handler, reasons="不予受理")


@pytest.mark.parametrize("who", ["clerk", "outsider", "auditor"])
def test_only_handlers_leaders_and_heads_decline(cast, who):
    g = received(cast)
    with refused(error=NotAllowed):
        lifecycle.decline(g, by=getattr(cast, who), reasons="不予受理")


def test_declining_a_supervised_case_ends_the_supervision(cast):
    g = received(cast)
    s = lifecycle.supervise(g, by=cast.head, instructions="尽快受理", due=g.accept_due)
    lifecycle.decline(g, by=cast.handler, reasons="不属于受理范围")
    s.refresh_from_db()
    assert s.active is False
    assert not visible_grievances(cast.head).filter(supervised=True).exists()
