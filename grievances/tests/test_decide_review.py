from __future__ import annotations

from datetime import date

import pytest

from grievances import lifecycle
from grievances.models import DueKind, EventKind, Reply, State
from grievances.tests.helpers import fresh, frozen, in_progress, refused, replied
from minsheng.errors import NotAllowed


def under_review(cast):
    with frozen(2026, 3, 2):
        g = replied(cast)
    with frozen(2026, 3, 10):
        return lifecycle.request_review(g, reason="补发金额不对")


def test_upheld_the_opinion_is_the_new_reply(cast):
    g = under_review(cast)
    with frozen(2026, 3, 20):
        g = lifecycle.decide_review(
            g, by=cast.head, upheld=True, opinion="经复查，原答复正确", version=g.version
        )
    assert g.state == State.REPLIED
    r = Reply.objects.latest("id")
    assert r.decision == "经复查，原答复正确" and r.review_level == 1 and r.author == cast.head
    assert r.facts == Reply.objects.filter(review_level=0).latest("id").facts  # the facts stand
    assert g.feedback_due == date(2026, 4, 19)
    assert g.events.get(kind=EventKind.REVIEW_DECIDED).data == {"upheld": True, "level": 1}


def test_not_upheld_the_case_goes_back_to_work_with_a_new_deadline(cast):
    g = under_review(cast)
    with frozen(2026, 3, 20):
        g = lifecycle.decide_review(g, by=cast.head, upheld=False, opinion="请重新核算补发金额")
    g = fresh(g)
    assert g.state == State.IN_PROGRESS and g.owner == cast.leader
    assert g.resolve_due == date(2026, 5, 19)
    assert (g.next_due, g.next_due_kind) == (date(2026, 5, 19), DueKind.RESOLVE)
    # and the workshop can answer again
    lifecycle.reply(g, by=cast.leader, facts="重新核算", decision="补差额", reasons="核算有误")
    assert fresh(g).state == State.REPLIED


@pytest.mark.parametrize("who", ["leader", "handler", "outsider", "auditor"])
def test_only_a_leader_or_head_of_the_review_unit_decides(cast, who):
    g = under_review(cast)
    with refused("unit above", error=NotAllowed):
        lifecycle.decide_review(g, by=getattr(cast, who), upheld=True, opinion="维持")


def test_a_re_review_is_decided_at_headquarters_not_by_the_branch(cast):
    g = under_review(cast)
    g = lifecycle.decide_review(g, by=cast.head, upheld=True, opinion="维持")
    g = lifecycle.request_review(g, reason="仍然不服")
    with refused(error=NotAllowed):
        lifecycle.decide_review(g, by=cast.head, upheld=True, opinion="维持")
    g = lifecycle.decide_review(g, by=cast.chief, upheld=True, opinion="复核维持")
    assert g.state == State.REPLIED


def test_it_refuses_a_decision_without_an_opinion(cast):
    g = under_review(cast)
    with refused("review opinion"):
        lifecycle.decide_review(g, by=cast.head, upheld=True, opinion=" ")


def test_only_a_case_under_review_is_decided(cast):
    g = in_progress(cast)
    with refused("not possible while the case is In progress"):
        lifecycle.decide_review(g, by=cast.head, upheld=True, opinion="维持")
