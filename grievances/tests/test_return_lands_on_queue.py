"""Returning a case takes it out of the returner's units: they land on their queue with a
message, not on a 404 without the console around it."""

from __future__ import annotations

from django.urls import reverse

from grievances import lifecycle
from grievances.tests.helpers import fresh, received
from grievances.tests.test_console_actions import act


def test_the_returner_lands_on_the_queue_with_a_message(client, cast):
    g = received(cast, unit=cast.branch_a)
    g = lifecycle.transfer(g, by=cast.head, to_unit=cast.workshop, reasons="由车间办理")
    r = act(client, cast.handler, g, "return", reasons="不属于本车间职责")
    assert r.status_code == 302 and r["Location"] == reverse("grievances:queue")
    assert fresh(g).unit == cast.branch_a
    page = client.get(r["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert g.code in text and "Branch A" in text and "no longer in your list" in text
    assert reverse("grievances:queue") in text  # the console's menu is there


def test_an_action_that_keeps_the_case_in_view_stays_on_the_case(client, cast):
    g = received(cast)
    r = act(client, cast.handler, g, "accept", reasons="")
    assert r.status_code == 302 and r["Location"] == reverse("grievances:case", args=[g.code])
