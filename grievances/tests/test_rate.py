from __future__ import annotations

from datetime import timedelta

from audit.models import AuditRecord
from grievances import lifecycle
from grievances.models import TEXT_MAX, EventKind, Rating, State
from grievances.tests.helpers import fresh, in_progress, refused, replied


def test_the_complainants_rating_closes_the_case(cast):
    g = lifecycle.rate(replied(cast), rating=Rating.SATISFIED, comment="谢谢")
    g = fresh(g)
    assert g.state == State.CLOSED and g.closed_at is not None
    assert g.rating == Rating.SATISFIED and g.rated_at is not None
    assert g.rating_by_callback is False and g.next_due is None
    ev = g.events.get(kind=EventKind.RATED)
    assert ev.public and ev.actor is None and ev.text == "谢谢"
    last = AuditRecord.objects.order_by("-id").first()
    assert (last.action, last.actor_label) == ("grievance.rated", "complainant")


def test_a_reply_is_rated_once(cast):
    g = lifecycle.rate(replied(cast), rating=Rating.DISSATISFIED)
    with refused("already been rated"):
        lifecycle.rate(g, rating=Rating.SATISFIED)


def test_it_refuses_an_unknown_rating(cast):
    g = replied(cast)
    with refused("choose a rating"):
        lifecycle.rate(g, rating="excellent")


def test_there_is_nothing_to_rate_before_the_reply(cast):
    g = in_progress(cast)
    with refused("not possible while the case is In progress"):
        lifecycle.rate(g, rating=Rating.SATISFIED)


def test_it_refuses_a_comment_over_the_limit(cast):
    g = replied(cast)
    with refused("longer than 5000"):
        lifecycle.rate(g, rating=Rating.SATISFIED, comment="好" * (TEXT_MAX + 1))


def test_a_case_closed_by_the_sweep_can_still_be_rated(cast):
    g = replied(cast)
    lifecycle.close_expired_feedback(today=g.feedback_due + timedelta(days=1))
    assert fresh(g).state == State.CLOSED
    lifecycle.rate(g, rating=Rating.BASIC)
    g = fresh(g)
    assert g.state == State.CLOSED and g.rating == Rating.BASIC
