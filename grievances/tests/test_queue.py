"""The unit queue: filters, paging, and bad input answered with a message, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grievances import lifecycle
from grievances.models import Channel, Kind
from grievances.tests.helpers import at, frozen, received
from grievances.views import queue as queue_view


@pytest.fixture
def cases(cast):
    """Five cases the head of Branch A can see, seen on 16 March 2026."""
    c = {
        # acceptance due 17 March: due soon on the 16th
        "soon": received(cast, received_at=at(2026, 3, 2), subject="加班费未发放"),
        "accepted": received(
            cast, received_at=at(2026, 3, 5), kind=Kind.HELP, channel=Channel.WALK_IN,
            category=None, subject="申请困难补助",
        ),
        "collective": received(
            cast, received_at=at(2026, 3, 10), headcount=5, arrival_unit=cast.hq,
            subject="宿舍停水",
        ),
        "branch": received(
            cast, received_at=at(2026, 3, 12), unit=cast.branch_a, kind=Kind.SUGGESTION,
            subject="建议增加班车",
        ),
        # acceptance was due 16 February: overdue
        "overdue": received(cast, received_at=at(2026, 2, 1), subject="食堂价格"),
    }  # fmt: skip
    with frozen(2026, 3, 6):
        lifecycle.accept(c["accepted"], by=cast.handler)
    return c


def codes(response):
    assert response.status_code == 200
    return {g.code for g in response.context["page"].object_list}


def queue(client, cast, **params):
    client.force_login(cast.head)
    with frozen(2026, 3, 16):
        return client.get(reverse("grievances:queue"), params)


def expect(cases, *names):
    return {cases[n].code for n in names}


def test_without_filters_the_queue_lists_every_visible_case_newest_first(client, cast, cases):
    response = queue(client, cast)
    order = [g.code for g in response.context["page"].object_list]
    names = ["branch", "collective", "accepted", "soon", "overdue"]
    assert order == [cases[n].code for n in names]
    assert "5 cases" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"state": "accepted"}, ["accepted"]),
        ({"state": "received"}, ["soon", "collective", "branch", "overdue"]),
        ({"kind": "help"}, ["accepted"]),
        ({"channel": "walk_in"}, ["accepted"]),
        ({"due": "soon"}, ["soon"]),
        ({"due": "overdue"}, ["overdue"]),
        ({"collective": "1"}, ["collective"]),
        ({"collective": "0"}, ["soon", "accepted", "branch", "overdue"]),
        ({"skip_level": "1"}, ["collective"]),
        ({"received_from": "2026-03-05", "received_to": "2026-03-10"},
         ["accepted", "collective"]),
        ({"received_to": "2026-03-01"}, ["overdue"]),
        ({"q": "停水"}, ["collective"]),
        ({"state": "received", "kind": "complaint", "collective": "0"}, ["soon", "overdue"]),
    ],
)  # fmt: skip
def test_each_filter_narrows_the_queue(client, cast, cases, params, names):
    assert codes(queue(client, cast, **params)) == expect(cases, *names)


def test_the_category_filter(client, cast, cases):
    response = queue(client, cast, category=cast.category.pk)
    assert codes(response) == expect(cases, "soon", "collective", "branch", "overdue")


def test_the_unit_filter_takes_the_unit_and_everything_below(client, cast, cases):
    everything = expect(cases, "soon", "accepted", "collective", "branch", "overdue")
    assert codes(queue(client, cast, unit=cast.branch_a.pk)) == everything
    workshop = codes(queue(client, cast, unit=cast.workshop.pk))
    assert workshop == everything - expect(cases, "branch")


@pytest.mark.parametrize(
    "typed", ["{code}", "{lower}", "{bare}", " {code} "], ids=["exact", "lower", "bare", "spaced"]
)
def test_a_receipt_code_finds_its_case_however_it_is_typed(client, cast, cases, typed):
    code = cases["branch"].code
    q = typed.format(code=code, lower=code.lower(), bare=code.replace("-", "").lower())
    assert codes(queue(client, cast, q=q)) == {code}


def test_a_malformed_date_gives_a_message_and_the_other_filters_still_apply(client, cast, cases):
    response = queue(client, cast, received_from="2026-13-45", state="accepted")
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert codes(response) == expect(cases, "accepted")


def test_an_end_before_the_start_is_pointed_out(client, cast, cases):
    response = queue(client, cast, received_from="2026-03-10", received_to="2026-03-01")
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"state": "lost"}, {"due": "tomorrow"}, {"unit": "x"}, {"category": "999"}]
)
def test_a_nonsense_choice_is_an_error_message_not_a_crash(client, cast, cases, params):
    response = queue(client, cast, **params)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_queue_is_paged_and_the_pages_keep_the_filters(client, cast, cases, monkeypatch):
    monkeypatch.setattr(queue_view, "PAGE_SIZE", 2)
    first = queue(client, cast, state="received")
    text = first.content.decode()
    assert len(first.context["page"].object_list) == 2
    assert "Page 1 of 2" in text
    assert "?state=received&amp;page=2" in text
    second = queue(client, cast, state="received", page="2")
    assert len(second.context["page"].object_list) == 2
    assert codes(first) | codes(second) == expect(cases, "soon", "collective", "branch", "overdue")
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(("page", "number"), [("99", 3), ("abc", 1), ("-1", 3)])
def test_a_page_out_of_range_shows_a_real_page(client, cast, cases, monkeypatch, page, number):
    monkeypatch.setattr(queue_view, "PAGE_SIZE", 2)
    response = queue(client, cast, page=page)
    assert response.context["page"].number == number


def test_my_cases_lists_what_i_own_or_handle(client, cast, cases):
    lifecycle.assign(cases["accepted"], by=cast.leader, owner=cast.leader, handler=cast.handler)
    client.force_login(cast.handler)
    assert codes(client.get(reverse("grievances:home"))) == expect(cases, "accepted")
    client.force_login(cast.head)
    assert codes(client.get(reverse("grievances:home"))) == set()


def test_the_supervised_list_shows_supervised_cases(client, cast, cases):
    with frozen(2026, 3, 16):
        lifecycle.supervise(
            cases["soon"], by=cast.head, instructions="督办", due=at(2026, 3, 17).date()
        )
    client.force_login(cast.handler)
    assert codes(client.get(reverse("grievances:supervised"))) == expect(cases, "soon")
