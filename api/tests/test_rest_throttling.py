"""Rate limits: per token (or console user), and per client address for anonymous calls."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from api.rest.throttling import TokenRateThrottle
from api.tests.rest_helpers import NEW, Api, error, token
from grievances.models import Grievance

URL = "/api/v1/grievances/"


@pytest.fixture
def rates(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min", "anon": "2/min"},
    }


def test_a_token_over_its_rate_gets_429_with_retry_after(cast: Any, rates: Any) -> None:
    api = Api(token(cast.chief, cast.hq, ["grievances:read"]))
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert [api.get(URL).status_code for _ in range(3)] == [200, 200, 200]
        r = api.get(URL)
        assert r.status_code == 429
        assert error(r)["code"] == "throttled"
        assert r.headers["Retry-After"] == "60"
        traveller.shift(61)
        assert api.get(URL).status_code == 200


def test_each_token_has_its_own_count(cast: Any, rates: Any) -> None:
    one = Api(token(cast.chief, cast.hq, ["grievances:read"], name="one"))
    two = Api(token(cast.chief, cast.hq, ["grievances:read"], name="two"))
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(3):
            one.get(URL)
        assert one.get(URL).status_code == 429
        assert two.get(URL).status_code == 200


def test_a_console_user_is_counted_per_user(cast: Any, rates: Any, client: Any) -> None:
    client.force_login(cast.head)
    api = Api(client=client)
    with time_machine.travel(timezone.now(), tick=False):
        assert [api.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_anonymous_intake_is_limited_per_address(cast: Any, rates: Any) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        here = Api(REMOTE_ADDR="10.0.0.1")
        assert [here.post(URL, NEW).status_code for _ in range(2)] == [201, 201]
        r = here.post(URL, NEW)
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
        assert Grievance.objects.count() == 2
        # Writing X-Forwarded-For does not make a new address.
        assert here.post(URL, NEW, **{"X-Forwarded-For": "1.2.3.4"}).status_code == 429
        assert Api(REMOTE_ADDR="10.0.0.2").post(URL, NEW).status_code == 201
        traveller.shift(61)
        assert here.post(URL, NEW).status_code == 201


def test_a_token_is_not_held_to_the_anonymous_rate(cast: Any, rates: Any) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(2):
            Api(REMOTE_ADDR="10.0.0.1").post(URL, NEW)
        api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]), REMOTE_ADDR="10.0.0.1")
        assert api.post(URL, NEW).status_code == 201


def test_a_malformed_rate_fails_loudly(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "lots", "anon": "2/min"},
    }
    with pytest.raises(ImproperlyConfigured, match="MINSHENG_API_TOKEN_RATE"):
        TokenRateThrottle()
