from __future__ import annotations

from datetime import timedelta

import pytest

from grievances import lifecycle
from grievances.models import EventKind, Rating, State
from grievances.scorecard import unit_cards
from grievances.tests.helpers import fresh, refused, replied
from minsheng.errors import NotAllowed
from minsheng.workdays import local_date


def test_a_clerk_records_the_rating_given_on_a_callback(cast):
    g = lifecycle.rate(
        replied(cast),
        rating=Rating.BASIC,
        comment="电话回访，基本满意",
        by=cast.clerk,
        via_callback=True,
    )
    g = fresh(g)
    assert g.state == State.CLOSED and g.rating == Rating.BASIC
    assert g.rating_by_callback is True
    ev = g.events.get(kind=EventKind.CALLBACK)
    assert ev.actor == cast.clerk and ev.text == "电话回访，基本满意"


def test_a_callback_rating_counts_in_the_scorecard(cast):
    g = replied(cast)
    lifecycle.rate(g, rating=Rating.SATISFIED, by=cast.handler, via_callback=True)
    today = local_date()
    total, _ = unit_cards(cast.workshop, [cast.workshop.pk], today - timedelta(days=30), today)
    assert (total.rated, total.satisfied, total.participation_rate) == (1, 1, 100.0)


def test_a_callback_is_recorded_by_staff(cast):
    g = replied(cast)
    with refused("recorded by staff", error=NotAllowed):
        lifecycle.rate(g, rating=Rating.SATISFIED, via_callback=True)


@pytest.mark.parametrize("who", ["outsider", "auditor"])
def test_outsiders_and_auditors_record_no_callback(cast, who):
    g = replied(cast)
    with refused(error=NotAllowed):
        lifecycle.rate(g, rating=Rating.SATISFIED, by=getattr(cast, who), via_callback=True)


def test_no_callback_after_the_complainant_rated_online(cast):
    g = lifecycle.rate(replied(cast), rating=Rating.SATISFIED)
    assert "callback" not in lifecycle.allowed_actions(cast.clerk, fresh(g))
    with refused("already been rated"):
        lifecycle.rate(g, rating=Rating.DISSATISFIED, by=cast.clerk, via_callback=True)
