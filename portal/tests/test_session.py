from __future__ import annotations

import re

import pytest
from django.test import Client

from grievances.models import Grievance


def token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def test_a_first_time_visitor_can_submit_and_track_with_csrf_enforced(browser, cast):
    form = browser.get("/submit/").content.decode()
    response = browser.post(
        "/submit/",
        {
            "csrfmiddlewaretoken": token(form),
            "kind": "suggestion",
            "unit": str(cast.workshop.pk),
            "subject": "建议增加夜班班车",
            "description": "夜班下班后没有班车。",
            "headcount": "1",
            "identity_mode": "anonymous",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    secret = re.search(r'id="receipt-secret">([^<]+)<', html).group(1)
    g = Grievance.objects.get()

    fresh = Client(enforce_csrf_checks=True)  # another device: no session yet
    form = fresh.get("/track/").content.decode()
    response = fresh.post(
        "/track/",
        {"csrfmiddlewaretoken": token(form), "code": g.code, "secret": secret},
        follow=True,
    )
    assert response.status_code == 200 and "建议增加夜班班车" in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused(browser, cast):
    g, secret = cast.submit()
    browser.get("/track/")
    response = browser.post("/track/", {"code": g.code, "secret": secret})
    assert response.status_code == 403


def test_the_session_cookie_is_out_of_reach_of_scripts(client, cast):
    g, secret = cast.submit()
    client.post("/track/", {"code": g.code, "secret": secret})
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"


def test_an_opened_case_is_forgotten_when_the_browser_closes(client, cast):
    g, secret = cast.submit()
    client.post("/track/", {"code": g.code, "secret": secret})
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_a_visitor_without_any_cookie_is_sent_to_the_tracking_form(cast):
    g, _secret = cast.submit()
    response = Client().get(f"/track/{g.code}/")
    assert response.status_code == 302 and response["Location"] == "/track/"


def test_a_session_with_a_damaged_list_of_cases_does_not_break_the_portal(client, cast):
    g, secret = cast.submit()
    session = client.session
    session["portal_tracked"] = "not-a-list"
    session.save()
    assert client.get("/track/").status_code == 200
    assert client.get(f"/track/{g.code}/").status_code == 302
    assert client.post("/track/", {"code": g.code, "secret": secret}).status_code == 302
    assert client.get(f"/track/{g.code}/").status_code == 200
