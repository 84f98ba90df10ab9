from __future__ import annotations

from datetime import date

import pytest

from grievances import lifecycle
from grievances.models import DueKind, EventKind, State, Supervision
from grievances.tests.helpers import fresh, frozen, in_progress, received, refused, replied
from minsheng.errors import NotAllowed


def test_the_head_above_places_a_case_under_supervision_with_a_tighter_deadline(cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)  # reply due 1 May
        s = lifecycle.supervise(
            g, by=cast.head, instructions="月底前办结", due=date(2026, 3, 31), version=g.version
        )
    g = fresh(g)
    assert g.supervised is True
    assert (g.next_due, g.next_due_kind) == (date(2026, 3, 31), DueKind.RESOLVE)
    assert g.resolve_due == date(2026, 5, 1)
    assert s.unit == cast.branch_a and s.by == cast.head and s.active
    ev = g.events.get(kind=EventKind.SUPERVISED)
    assert ev.public is False and ev.data == {"due": "2026-03-31", "unit": "A"}


def test_supervision_by_the_chief_is_recorded_as_headquarters(cast):
    with frozen(2026, 3, 2):
        s = lifecycle.supervise(
            in_progress(cast), by=cast.chief, instructions="督办", due=date(2026, 3, 31)
        )
    assert s.unit == cast.hq


def test_the_tightest_of_several_supervisions_is_the_next_deadline(cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)
        lifecycle.supervise(g, by=cast.head, instructions="督办", due=date(2026, 4, 15))
        lifecycle.supervise(g, by=cast.chief, instructions="加急", due=date(2026, 3, 20))
    assert fresh(g).next_due == date(2026, 3, 20)


def test_a_received_case_under_supervision_is_due_by_the_supervision_date(cast):
    with frozen(2026, 3, 2):
        g = received(cast)  # acceptance due 17 March
        lifecycle.supervise(g, by=cast.head, instructions="尽快受理", due=date(2026, 3, 5))
    g = fresh(g)
    assert g.accept_due == date(2026, 3, 17)
    assert (g.next_due, g.next_due_kind) == (date(2026, 3, 5), DueKind.ACCEPT)


def test_a_case_under_review_is_supervised_against_the_review_deadline(cast):
    with frozen(2026, 1, 5):
        g = replied(cast)  # the reply was due 6 March
    with frozen(2026, 1, 20):
        g = lifecycle.request_review(g, reason="不服")  # review due 19 February
    with frozen(2026, 2, 1):  # the review, not the old reply deadline, is what is due
        g = fresh(g)
        lifecycle.supervise(g, by=cast.chief, instructions="督办复查", due=date(2026, 2, 10))
        with refused("on or before the current deadline"):
            lifecycle.supervise(g, by=cast.chief, instructions="督办", due=date(2026, 2, 20))
    g = fresh(g)
    assert g.state == State.UNDER_REVIEW
    assert (g.next_due, g.next_due_kind) == (date(2026, 2, 10), DueKind.REVIEW)


def test_it_refuses_a_due_date_after_the_current_deadline(cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)
        with refused(r"on or before the current deadline \(2026-05-01\)"):
            lifecycle.supervise(g, by=cast.head, instructions="督办", due=date(2026, 5, 2))


def test_it_refuses_a_due_date_in_the_past(cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)
        with refused("cannot be in the past"):
            lifecycle.supervise(g, by=cast.head, instructions="督办", due=date(2026, 3, 1))
        lifecycle.supervise(g, by=cast.head, instructions="今天办结", due=date(2026, 3, 2))
    assert Supervision.objects.count() == 1


def test_it_refuses_supervision_without_instructions(cast):
    g = in_progress(cast)
    with refused("Please give instructions"):
        lifecycle.supervise(g, by=cast.head, instructions="", due=g.resolve_due)


@pytest.mark.parametrize("who", ["leader", "handler", "clerk", "outsider", "auditor"])
def test_only_a_head_of_the_unit_or_above_supervises(cast, who):
    g = in_progress(cast)
    with refused(error=NotAllowed):
        lifecycle.supervise(g, by=getattr(cast, who), instructions="督办", due=g.resolve_due)


def test_a_replied_case_is_not_supervised(cast):
    g = replied(cast)
    with refused("not possible while the case is Replied"):
        lifecycle.supervise(g, by=cast.head, instructions="督办", due=g.feedback_due)
