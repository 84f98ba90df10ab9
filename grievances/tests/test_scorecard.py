"""The scorecard for a small set of cases whose figures are worked out by hand."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grievances import lifecycle
from grievances.models import Rating
from grievances.tests.helpers import at, frozen, received

GOOD = {"facts": "查明", "decision": "补发", "reasons": "依规"}


def work(cast, g, accept_on, reply_on):
    with frozen(*accept_on):
        g = lifecycle.accept(g, by=cast.handler)
        g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    with frozen(*reply_on):
        lifecycle.reply(g, by=cast.leader, **GOOD)
    return g


@pytest.fixture
def four_cases(cast):
    """
    case  received     accepted (due)       replied (due)        feedback
    1     2 Mar 10:00  5 Mar  (17 Mar) ok   12 Mar (4 May) ok    satisfied       10 days
    2     2 Mar 10:00  20 Mar (17 Mar) late 29 May (19 May) late none            88 days
    3     2 Mar 10:00  10 Mar (17 Mar) ok   17 Mar (9 May) ok    dissatisfied,   15 days
                                                                 asks for review
    4     3 Mar 10:00  declined 25 Mar (18 Mar) late
    5     2 Mar, merged into case 1: counted once, with case 1
    """
    c1, c2, c3, c5 = (received(cast, received_at=at(2026, 3, 2)) for _ in range(4))
    c4 = received(cast, received_at=at(2026, 3, 3))
    with frozen(2026, 3, 5):
        c1 = lifecycle.accept(c1, by=cast.handler)
        lifecycle.merge(c1, [c5], by=cast.leader)
        c1 = lifecycle.assign(c1, by=cast.leader, owner=cast.leader, handler=cast.handler)
    with frozen(2026, 3, 12):
        lifecycle.reply(c1, by=cast.leader, **GOOD)
        lifecycle.rate(c1, rating=Rating.SATISFIED)
    work(cast, c2, (2026, 3, 20), (2026, 5, 29))
    work(cast, c3, (2026, 3, 10), (2026, 3, 17))
    with frozen(2026, 3, 18):
        lifecycle.rate(c3, rating=Rating.DISSATISFIED)
        lifecycle.request_review(c3, reason="不服")
    with frozen(2026, 3, 25):
        lifecycle.decline(c4, by=cast.handler, reasons="不属于受理范围")


def scorecard(client, user, **params):
    client.force_login(user)
    with frozen(2026, 6, 30):
        return client.get(reverse("grievances:scorecard"), params)


def test_the_figures_for_four_cases(client, cast, four_cases):
    response = scorecard(client, cast.head, start="2026-03-01", end="2026-03-31")
    total = response.context["total"]
    assert total.unit == cast.branch_a
    assert total.received == 4  # the merged case is counted with its collective case
    assert total.timely_acceptance_rate == 50.0  # 1 and 3 of 4 decisions
    assert total.on_time_resolution_rate == 66.7  # 1 and 3 of 3 replies
    assert total.satisfaction_rate == 50.0  # 1 of the 2 ratings
    assert total.participation_rate == 66.7  # 2 of 3 replies rated
    assert total.first_level_rate == 66.7  # 3 went to review
    assert total.reopen_rate == 33.3
    assert total.days_to_resolve == 37.7  # (10 + 88 + 15) / 3
    [workshop] = response.context["rows"]
    assert workshop.unit == cast.workshop and workshop.received == 4
    assert workshop.days_to_resolve == 37.7
    text = response.content.decode()
    for figure in ("50.0%", "66.7%", "33.3%", "37.7"):
        assert figure in text


def test_the_period_selects_cases_by_the_day_received(client, cast, four_cases):
    response = scorecard(client, cast.head, start="2026-03-03", end="2026-03-31")
    total = response.context["total"]
    assert total.received == 1 and total.replied == 0
    assert total.timely_acceptance_rate == 0.0
    assert total.on_time_resolution_rate is None
    assert "—" in response.content.decode()


def test_the_workshop_sees_its_own_card(client, cast, four_cases):
    response = scorecard(client, cast.handler, start="2026-03-01", end="2026-03-31")
    assert response.context["total"].unit == cast.workshop
    assert response.context["total"].received == 4
    assert response.context["rows"] == []


def test_a_bad_date_is_a_message_not_a_crash(client, cast, four_cases):
    response = scorecard(client, cast.head, start="2026-02-30", end="2026-03-31")
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_an_end_before_the_start_is_pointed_out(client, cast, four_cases):
    response = scorecard(client, cast.head, start="2026-03-31", end="2026-03-01")
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()


def test_without_dates_the_last_year_is_shown(client, cast, four_cases):
    response = scorecard(client, cast.head)
    assert response.context["total"].received == 4
    assert "Cases received from 2025-07-01 to 2026-06-30." in response.content.decode()


def test_a_case_left_undecided_past_its_deadline_lowers_the_timely_acceptance_rate(
    client, cast, four_cases
):
    late = received(cast, received_at=at(2026, 3, 4))  # acceptance due 19 Mar, never decided
    response = scorecard(client, cast.head, start="2026-03-01", end="2026-03-31")
    total = response.context["total"]
    assert total.received == 5
    assert total.timely_acceptance_rate == 40.0  # 1 and 3 on time, of 4 decided + 1 overdue
    with frozen(2026, 3, 10):
        lifecycle.accept(late, by=cast.handler)
    total = scorecard(client, cast.head, start="2026-03-01", end="2026-03-31").context["total"]
    assert total.timely_acceptance_rate == 60.0  # decided in time now: 3 of 5


def test_a_case_still_inside_its_acceptance_window_does_not_count_yet(client, cast, four_cases):
    received(cast, received_at=at(2026, 6, 25))  # due 10 Jul; the card is read on 30 Jun
    total = scorecard(client, cast.head, start="2026-03-01", end="2026-06-30").context["total"]
    assert total.timely_acceptance_rate == 50.0
