"""The console's home is the to-do list: what waits on you is the first thing staff see, and
each module's pages live under /console/<module>/."""

from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from grievances import lifecycle
from grievances.tests.helpers import frozen, replied
from minsheng import console


def test_staff_land_on_their_to_do_list_after_logging_in(client, cast):
    response = client.post(
        reverse("login"), {"username": "head", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/console/", 302)]
    assert response.templates[0].name == "console/todo.html"


def test_the_console_home_lists_the_review_waiting_on_the_head(client, cast):
    with frozen(2026, 3, 2):
        g = lifecycle.request_review(replied(cast), reason="补发金额不对")
        client.force_login(cast.head)
        response = client.get("/console/")
    assert response.status_code == 200
    assert [i["title"].split()[0] for i in response.context["items"]] == [g.code]
    assert reverse("console_home") == "/console/"


def test_the_to_do_address_shows_the_same_list(client, cast):
    with frozen(2026, 3, 2):
        lifecycle.request_review(replied(cast), reason="补发金额不对")
        client.force_login(cast.head)
        home = client.get("/console/").context["items"]
        todo = client.get(reverse("todo")).context["items"]
    assert reverse("todo") == "/console/todo/" and todo == home and len(home) == 1


def test_the_brand_link_on_every_console_page_leads_home(client, cast):
    client.force_login(cast.handler)
    for url in ("/console/", reverse("grievances:queue"), reverse("notices:inbox")):
        html = client.get(url).content.decode()
        assert '<a class="brand" href="/console/">' in html, url


def test_the_console_home_is_for_staff_only(client, cast, django_user_model):
    assert client.get("/console/").status_code == 302
    client.force_login(django_user_model.objects.create_user("stranger", password="x"))
    assert client.get("/console/").status_code == 403


def test_every_grievance_page_in_the_menu_lives_under_console_grievances(client, cast):
    entries = [e for e in console.menu_for(cast.clerk) if e["module"] == "grievances"]
    assert len(entries) == 5
    assert all(e["url"].startswith("/console/grievances/") for e in entries)
    assert reverse("grievances:home") == "/console/grievances/"
