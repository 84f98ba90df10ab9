"""Idempotency-Key on POST /api/v1/grievances/: a retry never makes a second grievance."""

from __future__ import annotations

import json
from typing import Any

from api.models import IdempotencyRecord
from api.rest import idempotency
from api.tests.rest_helpers import NEW, Api, error, token
from grievances.intake import secret_matches
from grievances.models import Grievance

URL = "/api/v1/grievances/"


def test_the_same_key_and_body_twice_make_one_grievance_and_the_same_response(
    cast: Any,
) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    first = api.post(URL, NEW, **{"Idempotency-Key": "order-1"})
    again = api.post(URL, NEW, **{"Idempotency-Key": "order-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Grievance.objects.count() == 1


def test_the_replay_carries_the_secret_which_is_stored_encrypted(cast: Any) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    secret = api.post(URL, NEW, **{"Idempotency-Key": "k"}).json()["secret"]
    record = IdempotencyRecord.objects.get()
    assert secret not in json.dumps(record.response)
    replay = api.post(URL, NEW, **{"Idempotency-Key": "k"}).json()
    assert replay["secret"] == secret
    assert secret_matches(Grievance.objects.get(), secret)


def test_key_order_and_spacing_of_the_body_do_not_matter(cast: Any) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    api.post(URL, NEW, **{"Idempotency-Key": "k"})
    reordered = json.dumps(dict(reversed(list(NEW.items()))), indent=2)
    r = api.post(URL, raw=reordered, **{"Idempotency-Key": "k"})
    assert r.status_code == 201 and r.headers["Idempotent-Replayed"] == "true"
    assert Grievance.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(cast: Any) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    api.post(URL, NEW, **{"Idempotency-Key": "k"})
    r = api.post(URL, {**NEW, "subject": "另一件事"}, **{"Idempotency-Key": "k"})
    assert r.status_code == 422
    assert error(r)["code"] == "idempotency_key_reused"
    assert Grievance.objects.count() == 1


def test_keys_belong_to_a_token(cast: Any) -> None:
    one = Api(token(cast.clerk, cast.workshop, ["grievances:intake"], name="one"))
    two = Api(token(cast.clerk, cast.workshop, ["grievances:intake"], name="two"))
    a = one.post(URL, NEW, **{"Idempotency-Key": "k"}).json()["code"]
    b = two.post(URL, NEW, **{"Idempotency-Key": "k"}).json()["code"]
    assert a != b and Grievance.objects.count() == 2


def test_without_a_key_every_call_makes_a_grievance(cast: Any) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    api.post(URL, NEW)
    api.post(URL, NEW)
    assert Grievance.objects.count() == 2
    assert not IdempotencyRecord.objects.exists()


def test_an_anonymous_call_with_a_key_is_refused(cast: Any) -> None:
    r = Api().post(URL, NEW, **{"Idempotency-Key": "k"})
    assert r.status_code == 400
    assert idempotency.HEADER in error(r)["fields"]
    assert not Grievance.objects.exists()


def test_a_key_of_spaces_or_too_long_is_refused(cast: Any) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    for key in ("two words", "x" * 201):
        r = api.post(URL, NEW, **{"Idempotency-Key": key})
        assert r.status_code == 400
        assert idempotency.HEADER in error(r)["fields"]
    assert not Grievance.objects.exists()


def test_a_refused_create_stores_no_key_and_a_corrected_retry_succeeds(cast: Any) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    assert api.post(URL, {**NEW, "kind": "x"}, **{"Idempotency-Key": "k"}).status_code == 400
    assert not IdempotencyRecord.objects.exists()
    # A retry of the same bad body is refused again, not replayed.
    assert api.post(URL, {**NEW, "kind": "x"}, **{"Idempotency-Key": "k"}).status_code == 400
    assert api.post(URL, NEW, **{"Idempotency-Key": "k"}).status_code == 201


def test_two_concurrent_requests_with_one_key_make_one_grievance(
    cast: Any, monkeypatch: Any
) -> None:
    """The second request looks before the first has stored its record (both see no
    record), creates, and meets the unique constraint: its grievance is rolled back and the
    first response is replayed."""
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    first = api.post(URL, NEW, **{"Idempotency-Key": "k"})
    real_find = idempotency._find
    calls: list[int] = []

    def late_find(*args: Any) -> Any:
        calls.append(1)
        return None if len(calls) == 1 else real_find(*args)

    monkeypatch.setattr(idempotency, "_find", late_find)
    second = api.post(URL, NEW, **{"Idempotency-Key": "k"})
    assert len(calls) == 2
    assert second.status_code == 201 and second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Grievance.objects.count() == 1


def test_a_concurrent_request_with_another_body_gets_422_and_no_grievance(
    cast: Any, monkeypatch: Any
) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    api.post(URL, NEW, **{"Idempotency-Key": "k"})
    real_find = idempotency._find
    calls: list[int] = []

    def late_find(*args: Any) -> Any:
        calls.append(1)
        return None if len(calls) == 1 else real_find(*args)

    monkeypatch.setattr(idempotency, "_find", late_find)
    r = api.post(URL, {**NEW, "subject": "另一件事"}, **{"Idempotency-Key": "k"})
    assert r.status_code == 422
    assert Grievance.objects.count() == 1
