from __future__ import annotations

import pytest

from grievances import lifecycle
from grievances.models import TEXT_MAX, EventKind, State
from grievances.scoping import visible_grievances
from grievances.tests.helpers import fresh, in_progress, received, refused, replied
from minsheng.errors import NotAllowed


def test_a_leader_transfers_a_case_to_the_unit_that_should_handle_it(cast):
    g = in_progress(cast)
    g = lifecycle.transfer(
        g, by=cast.leader, to_unit=cast.branch_b, reasons="属于二分公司的工资", version=g.version
    )
    g = fresh(g)
    assert g.unit == cast.branch_b and g.dispatched_from == cast.workshop
    assert g.owner is None and g.handler is None
    assert g.state == State.ACCEPTED  # the receiving unit assigns anew
    ev = g.events.get(kind=EventKind.TRANSFERRED)
    assert ev.text == "属于二分公司的工资"
    assert ev.data == {"from": "A1", "to": "B"}


def test_after_a_transfer_the_case_leaves_the_old_units_queue(cast):
    g = in_progress(cast)
    lifecycle.transfer(g, by=cast.leader, to_unit=cast.branch_b, reasons="属于二分公司")
    assert not visible_grievances(cast.handler).filter(pk=g.pk).exists()
    assert visible_grievances(cast.outsider).filter(pk=g.pk).exists()


def test_a_received_case_stays_received_when_transferred(cast):
    g = lifecycle.transfer(received(cast), by=cast.leader, to_unit=cast.branch_a, reasons="上交")
    assert g.state == State.RECEIVED


def test_skip_level_is_recomputed_for_the_new_unit(cast):
    # Brought to headquarters about the workshop: two levels up, skip-level.
    g = received(cast, arrival_unit=cast.hq)
    assert g.is_skip_level
    g = lifecycle.transfer(g, by=cast.leader, to_unit=cast.branch_a, reasons="由分公司办理")
    assert fresh(g).is_skip_level is False
    g = lifecycle.transfer(g, by=cast.head, to_unit=cast.workshop, reasons="由车间办理")
    assert fresh(g).is_skip_level is True


@pytest.mark.parametrize(
    ("reasons", "message"), [("", "reasons for the transfer"), ("因" * (TEXT_MAX + 1), "longer")]
)
def test_it_refuses_a_transfer_without_reasons_or_with_too_long_reasons(cast, reasons, message):
    g = in_progress(cast)
    with refused(message):
        lifecycle.transfer(g, by=cast.leader, to_unit=cast.branch_b, reasons=reasons)


def test_it_refuses_a_transfer_to_the_same_unit(cast):
    g = in_progress(cast)
    with refused("already with that unit"):
        lifecycle.transfer(g, by=cast.leader, to_unit=cast.workshop, reasons="重新办理")


def test_a_replied_case_is_not_transferred(cast):
    g = replied(cast)
    with refused("not possible while the case is Replied"):
        lifecycle.transfer(g, by=cast.leader, to_unit=cast.branch_b, reasons="转办")


@pytest.mark.parametrize("who", ["handler", "clerk", "outsider", "auditor"])
def test_only_leaders_and_heads_transfer(cast, who):
    g = in_progress(cast)
    with refused(error=NotAllowed):
        lifecycle.transfer(g, by=getattr(cast, who), to_unit=cast.branch_b, reasons="转办")
