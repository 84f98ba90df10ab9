"""The next deadline kept on the row follows the case through its states, and a case received
before a holiday under a working-day policy is given the right dates."""

from __future__ import annotations

from datetime import date

from grievances import lifecycle
from grievances.models import DeadlinePolicy, DueKind, Kind, Rating
from grievances.tests.helpers import (
    at,
    fresh,
    frozen,
    in_progress,
    received,
    replied,
)
from minsheng.workdays import DayType


def due(g):
    g = fresh(g)
    return g.next_due, g.next_due_kind


def test_a_case_received_before_the_spring_festival_under_a_working_day_policy(cast):
    DeadlinePolicy.objects.create(day_type=DayType.WORKING)
    g = received(cast, received_at=at(2026, 2, 12, 16))
    # 13, Sat 14, then 24 Feb (the festival is off) ... Sat 28, 2 ... 11 March
    assert g.accept_due == date(2026, 3, 11)
    assert due(g) == (date(2026, 3, 11), DueKind.ACCEPT)


def test_the_same_case_under_calendar_days(cast):
    g = received(cast, received_at=at(2026, 2, 12, 16))
    assert g.accept_due == date(2026, 2, 27)


def test_a_kind_policy_in_working_days_applies_to_a_categorised_case(cast):
    DeadlinePolicy.objects.create(kind=Kind.COMPLAINT, day_type=DayType.WORKING, accept_days=1)
    g = received(cast, received_at=at(2026, 2, 14, 11))
    assert g.accept_due == date(2026, 2, 24)


def test_the_receiving_day_is_the_date_in_shanghai(cast):
    DeadlinePolicy.objects.create(day_type=DayType.WORKING, accept_days=1)
    # 00:30 on Saturday 14 February in Shanghai is still Friday the 13th in UTC.
    g = received(cast, received_at=at(2026, 2, 14, 0, 30))
    assert g.accept_due == date(2026, 2, 24)


def test_next_due_follows_the_state(cast):
    with frozen(2026, 3, 2):
        g = received(cast)
        assert due(g) == (date(2026, 3, 17), DueKind.ACCEPT)
        lifecycle.accept(g, by=cast.handler)
        assert due(g) == (date(2026, 5, 1), DueKind.RESOLVE)
    with frozen(2026, 3, 20):
        g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
        lifecycle.reply(g, by=cast.leader, facts="查明", decision="补发", reasons="依规")
        assert due(g) == (date(2026, 4, 19), DueKind.FEEDBACK)
        lifecycle.rate(fresh(g), rating=Rating.DISSATISFIED)
        assert due(g) == (None, "")
    with frozen(2026, 3, 25):
        lifecycle.request_review(fresh(g), reason="不服")
        assert due(g) == (date(2026, 4, 24), DueKind.REVIEW)
    with frozen(2026, 4, 1):
        lifecycle.decide_review(fresh(g), by=cast.head, upheld=False, opinion="重新办理")
        assert due(g) == (date(2026, 5, 31), DueKind.RESOLVE)


def test_declined_and_merged_cases_have_no_deadline(cast):
    declined = lifecycle.decline(received(cast), by=cast.handler, reasons="不属于受理范围")
    primary, merged = lifecycle.accept(received(cast), by=cast.handler), received(cast)
    lifecycle.merge(primary, [merged], by=cast.leader)
    assert due(declined) == (None, "")
    assert due(merged) == (None, "")


def test_a_replied_case_past_its_window_is_closed_without_deadline(cast):
    with frozen(2026, 3, 2):
        g = replied(cast)
    lifecycle.close_expired_feedback(today=date(2026, 5, 1))
    assert due(g) == (None, "")


def test_an_open_case_has_a_deadline(cast):
    g = in_progress(cast)
    assert due(g)[0] == fresh(g).resolve_due
