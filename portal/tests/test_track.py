from __future__ import annotations

import re

import pytest

from grievances import intake
from portal.tests.helpers import track


def test_the_right_code_and_secret_open_the_case(client, cast):
    g, secret = cast.submit()
    response = track(client, g.code, secret)
    assert response.status_code == 302 and response["Location"] == f"/track/{g.code}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and g.subject in page.content.decode()


def test_lower_case_and_missing_dashes_are_accepted(client, cast):
    g, secret = cast.submit()
    response = track(client, g.code.replace("-", "").lower(), f" {secret.lower()} ")
    assert response.status_code == 302 and response["Location"] == f"/track/{g.code}/"


def test_the_tracking_page_is_a_form_with_code_and_secret(client, db):
    html = client.get("/track/").content.decode()
    assert 'name="code"' in html and 'name="secret"' in html and "csrfmiddlewaretoken" in html


def _normalised(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="code" value="[^"]*"', "", html)


def test_a_wrong_code_and_a_wrong_secret_get_the_identical_answer(client, cast):
    g, secret = cast.submit()
    wrong_secret = "A" * 8 if secret != "A" * 8 else "B" * 8
    wrong_code = track(client, "ZZZZ-ZZZZ-ZZZZ", secret)
    wrong_pair = track(client, g.code, wrong_secret)
    assert wrong_code.status_code == wrong_pair.status_code == 200
    assert [t.name for t in wrong_code.templates] == [t.name for t in wrong_pair.templates]
    message = "The receipt code and secret do not match any case. Please check both."
    assert message in wrong_code.content.decode() and message in wrong_pair.content.decode()
    assert _normalised(wrong_code.content.decode()) == _normalised(wrong_pair.content.decode())


def test_a_wrong_code_costs_the_same_hash_as_a_wrong_secret(client, cast, monkeypatch):
    g, _secret = cast.submit()
    calls = []
    real = intake.hash_secret
    monkeypatch.setattr(intake, "hash_secret", lambda c, s: calls.append(c) or real(c, s))
    track(client, "ZZZZ-ZZZZ-ZZZZ", "ABCDEFGH")
    track(client, g.code, "ABCDEFGH")
    assert calls == ["ZZZZ-ZZZZ-ZZZZ", g.code]


def test_a_failed_attempt_does_not_open_the_case_page(client, cast):
    g, _secret = cast.submit()
    track(client, g.code, "WRONGSEC")
    response = client.get(f"/track/{g.code}/")
    assert response.status_code == 302 and response["Location"] == "/track/"


@pytest.mark.parametrize("data", [{}, {"code": "ABCD-EFGH-JKMN"}, {"secret": "ABCDEFGH"}])
def test_an_incomplete_form_asks_for_what_is_missing(client, db, data):
    response = client.post("/track/", data)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_successful_tracking_gives_the_browser_a_new_session(client, cast):
    g, secret = cast.submit()
    client.get("/track/")
    client.post("/track/", {"code": "nothing", "secret": "x"})
    before = client.session.session_key
    track(client, g.code, secret)
    assert client.session.session_key != before


def test_cases_opened_on_this_device_are_listed_on_the_tracking_page(client, cast):
    g, secret = cast.submit()
    track(client, g.code, secret)
    html = client.get("/track/").content.decode()
    assert f'href="/track/{g.code}/"' in html
