"""Open311 POST is throttled: per api_key at the REST API's token rate (one budget for both
doors), and an address that sends too many wrong api_keys waits, as for wrong tracking
secrets. Refusals are 429 in the specification's error shape, with Retry-After."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from api.open311.testing import as_json, as_xml, make_token, xml_errors
from api.tests.rest_helpers import Api
from grievances.models import Grievance

URL = "/open311/v2/requests.json"


@pytest.fixture
def rates(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min", "anon": "2/min"},
    }


def form(key: str) -> dict[str, str]:
    return {
        "api_key": key,
        "service_code": "wages",
        "description": "三车间十月份的加班费到现在还没有发。",
        "address_string": "三车间",
    }


def test_a_key_over_its_rate_gets_429_with_retry_after_and_nothing_is_made(
    client: Client, cast: Any, rates: Any
) -> None:
    key = make_token(cast.clerk, cast.workshop)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert [client.post(URL, form(key)).status_code for _ in range(3)] == [200, 200, 200]
        r = client.post(URL, form(key))
        assert r.status_code == 429
        assert r["Retry-After"] == "60"
        body = as_json(r)
        assert body[0]["code"] == 429
        assert "too many requests" in body[0]["description"]
        assert Grievance.objects.count() == 3
        traveller.shift(61)
        assert client.post(URL, form(key)).status_code == 200


def test_the_refusal_is_in_the_format_asked_for(client: Client, cast: Any, rates: Any) -> None:
    key = make_token(cast.clerk, cast.workshop)
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(3):
            client.post("/open311/v2/requests.xml", form(key))
        r = client.post("/open311/v2/requests.xml", form(key))
    assert r.status_code == 429
    assert xml_errors(as_xml(r))[0][0] == "429"


def test_each_key_has_its_own_count(client: Client, cast: Any, rates: Any) -> None:
    one = make_token(cast.clerk, cast.workshop, name="one")
    two = make_token(cast.clerk, cast.workshop, name="two")
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(3):
            client.post(URL, form(one))
        assert client.post(URL, form(one)).status_code == 429
        assert client.post(URL, form(two)).status_code == 200


def test_a_key_has_one_budget_for_open311_and_the_rest_api(
    client: Client, cast: Any, rates: Any
) -> None:
    key = make_token(cast.clerk, cast.workshop, ["grievances:intake", "grievances:read"])
    with time_machine.travel(timezone.now(), tick=False):
        api = Api(key)
        for _ in range(3):
            assert api.get("/api/v1/grievances/").status_code == 200
        assert client.post(URL, form(key)).status_code == 429


def test_reading_is_not_counted_against_posting(client: Client, cast: Any, rates: Any) -> None:
    key = make_token(cast.clerk, cast.workshop)
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(10):
            assert client.get("/open311/v2/services.json").status_code == 200
        assert client.post(URL, form(key)).status_code == 200


def test_an_address_sending_wrong_keys_waits_even_with_a_right_key(
    client: Client, cast: Any, settings: Any
) -> None:
    settings.MINSHENG_TRACK_FAILURES = 3
    key = make_token(cast.clerk, cast.workshop)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        statuses = [
            client.post(URL, form(f"ms_wrong{i}"), REMOTE_ADDR="10.2.0.1").status_code
            for i in range(4)
        ]
        assert statuses == [403, 403, 403, 429]
        r = client.post(URL, form(key), REMOTE_ADDR="10.2.0.1")
        assert r.status_code == 429 and int(r["Retry-After"]) > 0
        # Another address is not held up.
        assert client.post(URL, form(key), REMOTE_ADDR="10.2.0.2").status_code == 200
        traveller.shift(settings.MINSHENG_TRACK_LOCK_SECONDS + 1)
        assert client.post(URL, form(key), REMOTE_ADDR="10.2.0.1").status_code == 200
    assert Grievance.objects.count() == 2


def test_a_post_without_any_key_is_refused_without_counting(
    client: Client, cast: Any, settings: Any
) -> None:
    settings.MINSHENG_TRACK_FAILURES = 2
    data = form("x")
    del data["api_key"]
    assert [client.post(URL, data).status_code for _ in range(4)] == [403] * 4
