from __future__ import annotations

import pytest

from grievances import lifecycle
from grievances.models import DeadlinePolicy, EventKind, State
from grievances.tests.helpers import fresh, in_progress, received, refused
from minsheng.errors import NotAllowed


def dispatched_to_workshop(cast, **kwargs):
    """A case lodged with Branch A, which sends it down to the workshop."""
    g = received(cast, unit=cast.branch_a, **kwargs)
    return lifecycle.transfer(g, by=cast.head, to_unit=cast.workshop, reasons="由车间办理")


def test_the_receiving_unit_returns_a_misrouted_case(cast):
    g = dispatched_to_workshop(cast)
    g = lifecycle.return_case(g, by=cast.handler, reasons="本车间无此类人员", version=g.version)
    g = fresh(g)
    assert g.unit == cast.branch_a and g.dispatched_from == cast.workshop
    assert g.return_count == 1 and not g.routing_disputed
    assert g.state == State.RECEIVED
    ev = g.events.get(kind=EventKind.RETURNED)
    assert ev.public is False and ev.text == "本车间无此类人员"
    assert ev.data == {"from": "A1", "to": "A", "returns": 1}


def test_returning_an_assigned_case_clears_owner_and_handler(cast):
    g = lifecycle.accept(dispatched_to_workshop(cast), by=cast.handler)
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    lifecycle.return_case(g, by=cast.leader, reasons="不属于本车间")
    g = fresh(g)
    assert g.state == State.ACCEPTED and g.owner is None and g.handler is None


def test_returning_recomputes_skip_level_for_the_unit_it_goes_back_to(cast):
    # Lodged at headquarters for Branch A (one level: proper), sent down to the workshop
    # (two levels below headquarters: skip-level), and returned to Branch A.
    g = dispatched_to_workshop(cast, arrival_unit=cast.hq)
    assert fresh(g).is_skip_level is True
    lifecycle.return_case(g, by=cast.handler, reasons="不属于本车间")
    assert fresh(g).is_skip_level is False


def test_a_case_that_was_not_dispatched_cannot_be_returned(cast):
    g = received(cast)
    with refused("not dispatched"):
        lifecycle.return_case(g, by=cast.handler, reasons="不属于本车间")


def test_a_case_in_progress_is_no_longer_returned(cast):
    g = lifecycle.accept(dispatched_to_workshop(cast), by=cast.handler)
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    g = lifecycle.log_contact(g, by=cast.handler, kind=EventKind.VISIT, summary="走访")
    with refused("not possible while the case is In progress"):
        lifecycle.return_case(g, by=cast.handler, reasons="不属于本车间")


def test_it_refuses_a_return_without_reasons(cast):
    g = dispatched_to_workshop(cast)
    with refused("reasons for returning"):
        lifecycle.return_case(g, by=cast.handler, reasons=" ")


@pytest.mark.parametrize("who", ["clerk", "outsider", "auditor"])
def test_clerks_outsiders_and_auditors_return_nothing(cast, who):
    g = dispatched_to_workshop(cast)
    with refused(error=NotAllowed):
        lifecycle.return_case(g, by=getattr(cast, who), reasons="不属于本车间")


def ping_pong(cast, times):
    """Branch B sends a case to the workshop, which returns it, `times` times."""
    g = received(cast, unit=cast.branch_b)
    for _ in range(times):
        g = lifecycle.transfer(g, by=cast.outsider, to_unit=cast.workshop, reasons="由车间办理")
        g = lifecycle.return_case(g, by=cast.handler, reasons="不属于本车间")
    return lifecycle.transfer(g, by=cast.outsider, to_unit=cast.workshop, reasons="由车间办理")


def test_after_the_last_allowed_return_the_case_stays_and_the_unit_above_decides(cast):
    g = ping_pong(cast, 2)  # the default policy allows two returns
    assert lifecycle.returns_left(g) == 0
    g = lifecycle.return_case(g, by=cast.handler, reasons="仍然不属于本车间")
    g = fresh(g)
    assert g.unit == cast.workshop and g.return_count == 2
    assert g.routing_disputed is True
    assert g.events.filter(kind=EventKind.RETURNED).latest("id").data["referred_up"] is True


def test_the_number_of_returns_comes_from_the_policy(cast):
    DeadlinePolicy.objects.create(max_returns=1)
    g = ping_pong(cast, 1)
    lifecycle.return_case(g, by=cast.handler, reasons="仍然不属于本车间")
    assert fresh(g).unit == cast.workshop and fresh(g).routing_disputed


def disputed(cast):
    """The workshop has used its one return and refuses the case again."""
    DeadlinePolicy.objects.create(max_returns=1)
    g = lifecycle.return_case(ping_pong(cast, 1), by=cast.handler, reasons="仍然不属于本车间")
    assert g.unit == cast.workshop and g.routing_disputed
    return g


def test_a_transfer_by_a_head_above_settles_the_dispute(cast):
    g = disputed(cast)
    g = lifecycle.transfer(g, by=cast.chief, to_unit=cast.branch_a, reasons="由一分公司办理")
    g = fresh(g)
    assert g.unit == cast.branch_a and g.routing_disputed is False


def test_the_disputing_unit_cannot_settle_the_dispute_itself(cast):
    g = disputed(cast)
    with refused("unit above", error=NotAllowed):
        lifecycle.transfer(g, by=cast.leader, to_unit=cast.branch_b, reasons="退回二分公司")


def test_a_case_under_work_in_its_own_unit_has_no_returns_offered(cast):
    g = in_progress(cast)
    assert "return" not in lifecycle.allowed_actions(cast.leader, g)
