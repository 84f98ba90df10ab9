"""My cases shows open cases unless asked for closed ones; lists sort by date received,
deadline, state or unit, keeping the filters, in a stable order."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grievances import lifecycle
from grievances.models import State
from grievances.tests.helpers import at, in_progress, received


def codes(response):
    assert response.status_code == 200
    return [g.code for g in response.context["page"].object_list]


@pytest.fixture
def mine(cast):
    """Two open cases of the handler and one closed (declined after assignment is not
    possible, so: replied and rated)."""
    open_one = in_progress(cast, subject="宿舍停水")
    open_two = in_progress(cast, subject="班车时间")
    closed = in_progress(cast, subject="食堂价格")
    lifecycle.reply(closed, by=cast.leader, facts="查明", decision="调整", reasons="依规")
    lifecycle.rate(closed, rating="satisfied")
    return {"open": {open_one.code, open_two.code}, "closed": closed.code}


def test_my_cases_shows_open_cases_by_default(client, cast, mine):
    client.force_login(cast.handler)
    r = client.get(reverse("grievances:home"))
    assert set(codes(r)) == mine["open"]
    assert "Include closed cases" in r.content.decode()


def test_my_cases_includes_closed_cases_when_asked(client, cast, mine):
    client.force_login(cast.handler)
    r = client.get(reverse("grievances:home"), {"closed": "on"})
    assert set(codes(r)) == mine["open"] | {mine["closed"]}
    # and the filters keep the choice
    r = client.get(reverse("grievances:home"), {"closed": "on", "state": State.CLOSED})
    assert codes(r) == [mine["closed"]]


def test_the_unit_queue_still_shows_every_case(client, cast, mine):
    client.force_login(cast.leader)
    assert mine["closed"] in codes(client.get(reverse("grievances:queue")))


@pytest.fixture
def three(cast):
    old = received(cast, received_at=at(2026, 1, 5), unit=cast.branch_a)  # due 20 Jan
    mid = received(cast, received_at=at(2026, 1, 10))  # workshop, due 25 Jan
    new = received(cast, received_at=at(2026, 1, 1))  # workshop, due 16 Jan
    lifecycle.accept(mid, by=cast.handler)  # accepted: reply due in 60 days
    return old, mid, new


def test_the_queue_sorts_by_deadline_state_and_unit(client, cast, three):
    old, mid, new = three
    client.force_login(cast.head)
    url = reverse("grievances:queue")
    assert codes(client.get(url)) == [mid.code, old.code, new.code]  # newest first
    assert codes(client.get(url, {"sort": "due"})) == [new.code, old.code, mid.code]
    # accepted before received (grouped by state)
    assert codes(client.get(url, {"sort": "state"}))[0] == mid.code
    # Branch A before its workshop (the tree's order), newest first within a unit
    assert codes(client.get(url, {"sort": "unit"})) == [old.code, mid.code, new.code]


def test_sorting_keeps_the_filters_and_the_headers_keep_them_too(client, cast, three):
    old, _mid, new = three
    client.force_login(cast.head)
    url = reverse("grievances:queue")
    r = client.get(url, {"sort": "due", "state": State.RECEIVED})
    assert codes(r) == [new.code, old.code]
    html = r.content.decode()
    assert "?state=received&amp;sort=unit" in html  # the header link keeps the filter
    assert '<select name="sort"' in html  # and the filter form keeps the sort


def test_an_unknown_sort_falls_back_to_newest_first(client, cast, three):
    old, mid, new = three
    client.force_login(cast.head)
    r = client.get(reverse("grievances:queue"), {"sort": "'; DROP TABLE x"})
    assert codes(r) == [mid.code, old.code, new.code]


def test_a_deadline_sort_puts_cases_without_a_deadline_last(client, cast, three, mine):
    client.force_login(cast.head)
    r = client.get(reverse("grievances:queue"), {"sort": "due"})
    assert codes(r)[-1] == mine["closed"]


def test_a_replied_case_awaiting_feedback_stays_in_my_cases(client, cast, mine):
    waiting = in_progress(cast, subject="路灯不亮")
    lifecycle.reply(waiting, by=cast.leader, facts="查明", decision="修复", reasons="依规")
    client.force_login(cast.handler)
    assert waiting.code in codes(client.get(reverse("grievances:home")))
