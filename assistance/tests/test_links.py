"""Referral from a grievance: the case's owner or handler refers the complainant's household
in one step; the grievance page and the application show the link and the outcome."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assistance import lifecycle, links
from assistance.models import Application, AppState, Channel
from assistance.tests.helpers import household, programme
from conftest import PASSWORD
from grievances import lifecycle as glife
from minsheng.errors import DomainError, NotAllowed

COMPLAINANT_ID = "110101199001011234"  # the complainant's in cast.submit


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _case(cast: Any) -> Any:
    g, _secret = cast.submit()
    glife.accept(g, by=cast.leader)
    g.refresh_from_db()
    glife.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    g.refresh_from_db()
    return g


def test_the_handler_refers_the_complainants_household_from_the_case_page(cast: Any) -> None:
    g = _case(cast)
    h = household(cast, id_number=COMPLAINANT_ID)
    p = programme(cast)
    c = _client(cast.handler)
    page = c.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert reverse("assistance:refer", args=[g.code]) in page
    r = c.post(reverse("assistance:refer", args=[g.code]), {"programme": p.pk, "reason": "大病"})
    assert r.status_code == 302 and r["Location"].endswith(g.code + "/")
    a = Application.objects.get()
    assert (a.household, a.channel, a.grievance_id) == (h, Channel.GRIEVANCE, g.pk)
    page = c.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert a.code in page and "Applied" in page
    app_page = c.get(reverse("assistance:application", args=[a.code])).content.decode()
    assert g.code in app_page


def test_the_outcome_is_visible_from_the_grievance(cast: Any) -> None:
    g = _case(cast)
    household(cast, id_number=COMPLAINANT_ID)
    a = links.refer(g, programme(cast), by=cast.handler)
    lifecycle.refuse(a, by=cast.leader, reasons="收入超标")
    page = _client(cast.leader).get(reverse("grievances:case", args=[g.code])).content.decode()
    assert a.code in page and "Refused" in page
    # Someone who sees the case but not the household's unit sees no application.
    assert list(links.linked_applications(g, cast.outsider)) == []


def test_an_unregistered_household_is_refused_with_a_pointer_to_register(cast: Any) -> None:
    g = _case(cast)
    p = programme(cast)
    household(cast)  # someone else
    c = _client(cast.handler)
    r = c.post(reverse("assistance:refer", args=[g.code]), {"programme": p.pk}, follow=True)
    assert "register the household first" in r.content.decode()
    assert Application.objects.count() == 0
    r = c.post(reverse("assistance:refer", args=[g.code]), {"programme": ""}, follow=True)
    assert "Please choose the programme" in r.content.decode()
    assert Application.objects.count() == 0


def test_only_the_owner_or_handler_refers(cast: Any) -> None:
    g = _case(cast)
    household(cast, id_number=COMPLAINANT_ID)
    p = programme(cast)
    with pytest.raises(NotAllowed):
        links.refer(g, p, by=cast.clerk)
    page = _client(cast.clerk).get(reverse("grievances:case", args=[g.code])).content.decode()
    assert reverse("assistance:refer", args=[g.code]) not in page
    r = _client(cast.outsider).post(reverse("assistance:refer", args=[g.code]), {"programme": p.pk})
    assert r.status_code == 404
    assert _client(cast.handler).get(reverse("assistance:refer", args=[g.code])).status_code == 405
    assert Application.objects.count() == 0


def test_a_second_open_referral_is_refused(cast: Any) -> None:
    g = _case(cast)
    household(cast, id_number=COMPLAINANT_ID)
    p = programme(cast)
    links.refer(g, p, by=cast.handler)
    with pytest.raises(DomainError):
        links.refer(g, p, by=cast.handler)
    assert Application.objects.filter(state=AppState.APPLIED).count() == 1


def test_the_grievance_timeline_shows_the_referral_to_staff_only(cast: Any) -> None:
    g = _case(cast)
    household(cast, id_number=COMPLAINANT_ID)
    p = programme(cast)
    a = links.refer(g, p, by=cast.handler)
    event = g.events.get(kind="linked")
    assert (event.actor, event.public) == (cast.handler, False)
    assert event.text.startswith(a.code) and event.data["ref"] == a.code
    c = _client(cast.leader)
    c.cookies["django_language"] = "zh-hans"
    page = c.get(reverse("grievances:case", args=[g.code]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    timeline = page.content.decode().split("timeline", 1)[-1]
    assert "由其他记录关联" in timeline and a.code in timeline
    # A refused referral (the same programme, still open) leaves no trace on the case.
    with pytest.raises(DomainError):
        links.refer(g, p, by=cast.handler)
    assert g.events.filter(kind="linked").count() == 1
