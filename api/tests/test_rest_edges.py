"""The API's edges, found by probing from outside: text that is not text (a lone UTF-16
surrogate escaped in the JSON), paths the API does not have, errors raised outside DRF, and
the index at /api/v1/. Every answer is JSON in the one error shape, whatever was sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from api.rest.renderers import SafeJSONRenderer
from api.tests.rest_helpers import NEW, Api, error, token, url
from grievances.models import Grievance
from grievances.tests.helpers import footprint, in_progress, replied

# Raw JSON text, as a client sends it: "\ud800" is the six characters of the escape.
LONE = [
    r'{"kind":"x\ud800"}',  # in a choice value
    r'{"x\ud800":"a"}',  # in a key
    r'{"rating":"satisfied","comment":"ok\udc00"}',  # a low half, in free text
    r'{"kind":"contact","nested":{"deep":["\udbff"]}}',  # deep inside
]


def _assert_refused_as_not_text(response: Any) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    err = error(response)
    assert err["code"] == "parse_error"
    # The message names the problem, and does not echo the bad value back.
    assert "\\ud800" in err["message"] and "x\ud800" not in err["message"]


@pytest.mark.parametrize("raw", LONE)
def test_a_lone_surrogate_in_a_new_grievance_is_a_json_400_and_nothing_is_stored(
    cast: Any, raw: str
) -> None:
    before = footprint()
    _assert_refused_as_not_text(Api().post("/api/v1/grievances/", raw=raw))
    key = token(cast.clerk, cast.workshop)
    _assert_refused_as_not_text(
        Api(key).post("/api/v1/grievances/", raw=raw, **{"Idempotency-Key": "k-1"})
    )
    assert footprint() == before


@pytest.mark.parametrize("raw", LONE)
@pytest.mark.parametrize("action", ["feedback", "review", "track"])
def test_a_lone_surrogate_sent_to_the_complainants_steps_is_a_json_400(
    cast: Any, raw: str, action: str
) -> None:
    g = replied(cast)
    before = footprint()
    _assert_refused_as_not_text(Api().post(url(g, action), raw=raw))
    key = token(cast.clerk, cast.workshop)
    _assert_refused_as_not_text(Api(key).post(url(g, action), raw=raw))
    assert footprint() == before


@pytest.mark.parametrize("raw", LONE)
@pytest.mark.parametrize("action", ["contact", "callback", "accept", "reply"])
def test_a_lone_surrogate_sent_to_a_staff_action_is_a_json_error_with_or_without_a_token(
    cast: Any, raw: str, action: str
) -> None:
    g = replied(cast) if action == "callback" else in_progress(cast)
    before = footprint()
    anonymous = Api().post(url(g, action), raw=raw)
    assert anonymous.status_code == 401 and error(anonymous)["code"] == "not_authenticated"
    _assert_refused_as_not_text(
        Api(token(cast.leader, cast.workshop)).post(url(g, action), raw=raw)
    )
    assert footprint() == before


def test_a_surrogate_pair_is_one_character_and_is_kept(cast: Any) -> None:
    """An escaped pair ("\\ud83d\\ude00", as JavaScript's JSON.stringify writes an emoji in
    some settings) is not a lone surrogate: it is one character, and it is stored."""
    body = json.dumps({**NEW, "subject": "食堂 \U0001f600"}, ensure_ascii=True)
    assert "\\ud83d\\ude00" in body
    r = Api().post("/api/v1/grievances/", raw=body)
    assert r.status_code == 201, r.content
    assert Grievance.objects.get(code=r.json()["code"]).subject == "食堂 \U0001f600"


def test_the_renderer_writes_text_it_cannot_encode_as_escapes_instead_of_failing() -> None:
    data = {"error": {"code": "invalid", "message": "x\ud800", "fields": {"y\udc00": ["中文"]}}}
    rendered = SafeJSONRenderer().render(data)
    assert json.loads(rendered) == data
    # Ordinary text stays as it is, in UTF-8.
    assert SafeJSONRenderer().render({"m": "中文"}).decode("utf-8") == '{"m":"中文"}'


# ---- paths the API does not have -----------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/grievances/A/B/C/", "/api/v1/x"])
def test_a_post_to_an_unknown_path_is_a_json_404_even_with_a_token(cast: Any, path: str) -> None:
    key = token(cast.chief, cast.hq)
    for api in (Api(key), Api()):
        r = api.post(path, {"kind": "complaint"})
        assert r.status_code == 404, r.content[:200]
        assert error(r)["code"] == "not_found"


def test_a_post_to_an_unknown_path_from_a_console_session_without_csrf_token_is_a_json_404(
    cast: Any,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.handler)
    r = client.post("/api/v1/nope/", "{}", content_type="application/json")
    assert r.status_code == 404
    assert error(r)["code"] == "not_found"


# ---- errors raised outside DRF -------------------------------------------------------------


def test_an_unexpected_failure_under_the_api_is_a_json_500(
    cast: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from api.rest import views

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(views.CategoriesView, "get", boom)
    r = Client(raise_request_exception=False).get("/api/v1/categories/")
    assert r.status_code == 500
    assert r["Content-Type"].startswith("application/json")
    err = error(r)
    assert err["code"] == "server_error" and "disk full" not in err["message"]
    assert "disk full" in caplog.text  # still logged, with its traceback, for the operator


def test_a_request_for_a_host_not_served_is_a_json_400_under_the_api(cast: Any) -> None:
    r = Client().get("/api/v1/units/", headers={"Host": "evil.example"})
    assert r.status_code == 400
    assert error(r)["code"] == "bad_request"


def test_errors_outside_the_api_stay_html_pages(cast: Any) -> None:
    r = Client().get("/no-such-page/")
    assert r.status_code == 404
    assert not r["Content-Type"].startswith("application/json")


# ---- the index ------------------------------------------------------------------------------


def test_the_api_address_answers_with_an_index_of_its_parts_and_links(cast: Any) -> None:
    client = Client()
    r = client.get("/api/v1/")
    assert r.status_code == 200
    body = r.json()
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    parts = {p["name"]: p for p in body["parts"]}
    assert {"grievances", "units", "categories"} <= set(parts)
    # Every link leads somewhere a client can use.
    assert client.get(body["schema"], {"format": "json"}).status_code == 200
    assert client.get(body["docs"]).status_code == 200
    assert client.get(parts["units"]["url"]).status_code == 200
    assert client.get(parts["categories"]["url"]).status_code == 200
    assert client.get(body["open311"]).status_code == 200
    # The grievances list needs a token: with one, the link works.
    key = token(cast.chief, cast.hq)
    assert Api(key).get(parts["grievances"]["url"]).status_code == 200


def test_the_index_speaks_the_callers_language(cast: Any) -> None:
    r = Client().get("/api/v1/", headers={"Accept-Language": "zh-hans"})
    text = " ".join(p["description"] for p in r.json()["parts"])
    assert "单位" in text and "unit" not in text


def test_the_index_takes_only_get(cast: Any) -> None:
    r = Api().post("/api/v1/", {})
    assert r.status_code == 405
    assert error(r)["code"] == "method_not_allowed"
