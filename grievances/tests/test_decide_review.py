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
            g,
            by=cast.head,
            upheld=True,
            decision="维持原答复",
            reasons="经复查，原答复认定事实清楚",
            version=g.version,
        )
    assert g.state == State.REPLIED
    r = Reply.objects.latest("id")
    assert r.review_level == 1 and r.author == cast.head and not r.sent_back
    # The decision and its reasons are two texts; the facts of the reply under review are
    # not copied into the opinion.
    assert (r.decision, r.reasons, r.facts) == ("维持原答复", "经复查，原答复认定事实清楚", "")
    assert g.feedback_due == date(2026, 4, 19)
    event = g.events.get(kind=EventKind.REVIEW_DECIDED)
    assert event.data == {"upheld": True, "level": 1, "reply": r.pk}


def test_not_upheld_the_opinion_is_kept_as_the_one_that_sent_it_back(cast):
    g = under_review(cast)
    lifecycle.decide_review(
        g, by=cast.head, upheld=False, decision="重新办理", reasons="补发金额计算有误"
    )
    r = Reply.objects.latest("id")
    assert r.sent_back and r.review_level == 1
    assert (r.decision, r.reasons, r.facts) == ("重新办理", "补发金额计算有误", "")
    assert fresh(g).replied_at == Reply.objects.filter(review_level=0).get().created


def test_the_earlier_single_opinion_is_taken_as_the_decision_alone(cast):
    g = under_review(cast)
    lifecycle.decide_review(g, by=cast.head, upheld=True, opinion="维持原答复")
    r = Reply.objects.latest("id")
    assert (r.decision, r.reasons) == ("维持原答复", "")


def test_not_upheld_the_case_goes_back_to_work_with_a_new_deadline(cast):
    g = under_review(cast)
    with frozen(2026, 3, 20):
        g = lifecycle.decide_review(
            g, by=cast.head, upheld=False, decision="重新办理", reasons="请重新核算补发金额"
        )
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


@pytest.mark.parametrize(
    ("decision", "reasons", "missing"),
    [(" ", "事实清楚", "the decision"), ("维持", "", "the reasons"), ("", "", "the decision")],
)
def test_it_refuses_a_decision_without_its_decision_or_reasons(cast, decision, reasons, missing):
    g = under_review(cast)
    with refused(missing):
        lifecycle.decide_review(g, by=cast.head, upheld=True, decision=decision, reasons=reasons)


def test_only_a_case_under_review_is_decided(cast):
    g = in_progress(cast)
    with refused("not possible while the case is In progress"):
        lifecycle.decide_review(g, by=cast.head, upheld=True, opinion="维持")
