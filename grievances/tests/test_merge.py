from __future__ import annotations

import pytest

from grievances import lifecycle
from grievances.models import EventKind, State
from grievances.tests.helpers import accepted, fresh, received, refused, replied
from minsheng.errors import NotAllowed


def test_a_leader_merges_complaints_about_one_problem_into_a_collective_case(cast):
    primary = accepted(cast, headcount=2)
    others = [received(cast, headcount=5), received(cast)]
    lifecycle.merge(primary, others, by=cast.leader)
    primary = fresh(primary)
    assert primary.is_collective is True and primary.headcount == 8
    assert primary.state == State.ACCEPTED
    for o in others:
        o = fresh(o)
        assert o.state == State.MERGED and o.merged_into == primary
        assert o.next_due is None
        assert o.events.get(kind=EventKind.MERGED).data == {"into": primary.code}
    assert primary.events.get(kind=EventKind.MERGED).data == {
        "merged": [o.code for o in others],
        "headcount": 8,
    }


def test_it_refuses_to_merge_nothing(cast):
    g = accepted(cast)
    with refused("at least one other case"):
        lifecycle.merge(g, [], by=cast.leader)


def test_a_case_is_not_merged_into_itself(cast):
    g = accepted(cast)
    other = received(cast)
    with refused("into itself"):
        lifecycle.merge(g, [other, g], by=cast.leader)


def test_a_collective_case_is_not_merged_into_another(cast):
    collective = accepted(cast)
    lifecycle.merge(collective, [received(cast)], by=cast.leader)
    primary = accepted(cast)
    with refused("itself a collective case"):
        lifecycle.merge(primary, [collective], by=cast.leader)


def test_an_answered_case_is_not_merged(cast):
    primary = accepted(cast)
    done = replied(cast)
    with refused("not possible while the case is Replied"):
        lifecycle.merge(primary, [done], by=cast.leader)


def test_a_case_of_another_unit_is_not_merged_by_this_unit(cast):
    primary = accepted(cast)
    ours, theirs = received(cast), received(cast, unit=cast.branch_b)
    with refused(error=NotAllowed):
        lifecycle.merge(primary, [ours, theirs], by=cast.leader)


@pytest.mark.parametrize("who", ["handler", "clerk", "outsider", "auditor"])
def test_only_leaders_and_heads_merge(cast, who):
    primary, other = accepted(cast), received(cast)
    with refused(error=NotAllowed):
        lifecycle.merge(primary, [other], by=getattr(cast, who))
