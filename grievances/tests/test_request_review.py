from __future__ import annotations

from datetime import date

from grievances import lifecycle
from grievances.models import DueKind, EventKind, Rating, State
from grievances.tests.helpers import fresh, frozen, in_progress, refused, replied
from minsheng.errors import DomainError


def test_the_complainant_asks_for_a_review_by_the_unit_above(cast):
    with frozen(2026, 3, 2):
        g = replied(cast)
    with frozen(2026, 3, 10):
        g = lifecycle.request_review(g, reason="补发金额不对")
    assert g.state == State.UNDER_REVIEW and g.review_level == 1
    assert g.review_unit == cast.branch_a
    assert g.review_due == date(2026, 4, 9)
    assert (g.next_due, g.next_due_kind) == (date(2026, 4, 9), DueKind.REVIEW)
    assert g.reopened is True
    ev = g.events.get(kind=EventKind.REVIEW_REQUESTED)
    assert ev.text == "补发金额不对" and ev.data == {"level": 1, "unit": "A"}


def test_a_closed_and_rated_case_may_be_reviewed_within_the_window(cast):
    with frozen(2026, 3, 2):
        g = lifecycle.rate(replied(cast), rating=Rating.DISSATISFIED)
    with frozen(2026, 4, 1):  # the last day of the window
        g = lifecycle.request_review(g, reason="不满意")
    assert g.state == State.UNDER_REVIEW and g.closed_at is None


def test_after_the_window_no_review_is_possible(cast):
    with frozen(2026, 3, 2):
        g = replied(cast)
    with frozen(2026, 4, 2), refused("window to ask for a review has ended"):
        lifecycle.request_review(g, reason="补发金额不对")


def review_upheld(cast, g, by):
    return lifecycle.decide_review(g, by=by, upheld=True, opinion="维持原答复")


def test_a_re_review_goes_one_more_level_up(cast):
    g = lifecycle.request_review(replied(cast), reason="不服")
    g = review_upheld(cast, g, cast.head)
    assert g.state == State.REPLIED and g.review_window_due is not None
    g = lifecycle.request_review(g, reason="仍然不服")
    assert g.review_level == 2 and g.review_unit == cast.hq
    assert g.events.filter(kind=EventKind.REVIEW_REQUESTED).last().data == {
        "level": 2,
        "unit": "HQ",
    }


def test_the_re_review_is_final(cast):
    g = lifecycle.request_review(replied(cast), reason="不服")
    g = review_upheld(cast, g, cast.head)
    g = lifecycle.request_review(g, reason="仍然不服")
    g = review_upheld(cast, g, cast.chief)
    assert g.review_window_due is None
    with refused("final"):
        lifecycle.request_review(g, reason="还是不服")


def test_it_refuses_a_review_request_without_a_reason(cast):
    g = replied(cast)
    with refused("reason for asking for a review"):
        lifecycle.request_review(g, reason="")


def test_a_case_still_being_worked_on_is_not_reviewed(cast):
    g = in_progress(cast)
    with refused("not possible while the case is In progress", error=DomainError):
        lifecycle.request_review(g, reason="太慢")


def test_a_case_under_review_cannot_be_put_under_review_again(cast):
    g = lifecycle.request_review(replied(cast), reason="不服")
    with refused("not possible while the case is Under review"):
        lifecycle.request_review(fresh(g), reason="再次申请")
