from __future__ import annotations

import pytest

from grievances import lifecycle
from grievances.models import EventKind, State
from grievances.tests.helpers import accepted, fresh, in_progress, received, refused
from minsheng.errors import NotAllowed


def test_a_leader_gives_the_case_an_owner_and_a_handler(cast):
    g = accepted(cast)
    g = lifecycle.assign(
        g, by=cast.leader, owner=cast.leader, handler=cast.handler, version=g.version
    )
    assert g.state == State.ASSIGNED
    assert (fresh(g).owner, fresh(g).handler) == (cast.leader, cast.handler)
    ev = g.events.get(kind=EventKind.ASSIGNED)
    assert ev.data == {"owner": "leader", "handler": "handler"}
    assert ev.actor == cast.leader


@pytest.mark.parametrize("owner", ["head", "chief"])
def test_the_owner_may_be_a_head_of_a_unit_above(cast, owner):
    g = lifecycle.assign(
        accepted(cast), by=cast.head, owner=getattr(cast, owner), handler=cast.handler
    )
    assert fresh(g).owner == getattr(cast, owner)


def test_a_leader_may_also_be_the_handler(cast):
    g = lifecycle.assign(accepted(cast), by=cast.leader, owner=cast.leader, handler=cast.leader)
    assert fresh(g).handler == cast.leader


@pytest.mark.parametrize("owner", ["handler", "clerk", "outsider", "auditor"])
def test_it_refuses_an_owner_who_is_not_a_leader_of_the_unit_or_above(cast, owner):
    g = accepted(cast)
    with refused("owner must be a leader"):
        lifecycle.assign(g, by=cast.leader, owner=getattr(cast, owner), handler=cast.handler)


@pytest.mark.parametrize("handler", ["clerk", "head", "outsider", "auditor"])
def test_it_refuses_a_handler_who_is_not_a_handler_or_leader_of_the_unit(cast, handler):
    g = accepted(cast)
    with refused("handler must be a handler or leader"):
        lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=getattr(cast, handler))


@pytest.mark.parametrize("who", ["handler", "clerk", "outsider", "auditor"])
def test_only_leaders_and_heads_assign(cast, who):
    g = accepted(cast)
    with refused(error=NotAllowed):
        lifecycle.assign(g, by=getattr(cast, who), owner=cast.leader, handler=cast.handler)


def test_a_case_is_accepted_before_it_is_assigned(cast):
    g = received(cast)
    with refused("not possible while the case is Received"):
        lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)


def test_reassigning_a_case_in_progress_keeps_it_in_progress(cast):
    g = in_progress(cast)
    g = lifecycle.assign(g, by=cast.head, owner=cast.head, handler=cast.leader)
    assert g.state == State.IN_PROGRESS
    assert (fresh(g).owner, fresh(g).handler) == (cast.head, cast.leader)
