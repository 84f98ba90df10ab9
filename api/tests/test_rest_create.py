"""POST /api/v1/grievances/: intake with a token, and public intake without one."""

from __future__ import annotations

from typing import Any

import pytest

from api.tests.rest_helpers import NEW, Api, assert_no_personal_data, error, token
from grievances.intake import secret_matches
from grievances.models import Channel, Complainant, Grievance, IdentityMode, State, TimelineEvent

URL = "/api/v1/grievances/"


def test_a_token_with_intake_brings_a_grievance_to_its_own_unit(cast: Any) -> None:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    r = api.post(URL, {**NEW, "category": "wages"})
    assert r.status_code == 201
    body = r.json()
    g = Grievance.objects.get(code=body["code"])
    assert (g.unit, g.channel, g.state, g.category) == (
        cast.workshop,
        Channel.API,
        State.RECEIVED,
        cast.category,
    )
    assert g.created_by == cast.clerk
    assert body["state"] == "received" and body["unit"] == "A1"
    assert body["deadlines"]["accept_due"] == g.accept_due.isoformat()
    assert body["deadlines"]["next_due_kind"] == "accept"
    assert secret_matches(g, body["secret"])
    assert g.complainant is not None and g.complainant.name == "李红"
    assert_no_personal_data(r)


def test_a_token_may_bring_a_grievance_to_a_unit_below_its_own(cast: Any) -> None:
    api = Api(token(cast.head, cast.branch_a, ["grievances:intake"]))
    r = api.post(URL, {**NEW, "unit": "A1"})
    assert r.status_code == 201
    assert Grievance.objects.get(code=r.json()["code"]).unit == cast.workshop


def test_a_token_may_not_bring_a_grievance_outside_its_subtree(cast: Any) -> None:
    api = Api(token(cast.head, cast.branch_a, ["grievances:intake"]))
    r = api.post(URL, {**NEW, "unit": "B"})
    assert r.status_code == 400
    assert "unit" in error(r)["fields"]
    assert not Grievance.objects.exists()


def test_a_token_without_intake_may_not_bring_grievances_in(cast: Any) -> None:
    r = Api(token(cast.chief, cast.hq, ["grievances:read", "grievances:act"])).post(URL, NEW)
    assert r.status_code == 403
    assert error(r)["code"] == "scope_missing"
    assert not Grievance.objects.exists()


def test_the_public_brings_a_grievance_to_the_top_unit_by_default(cast: Any) -> None:
    r = Api().post(URL, NEW)
    assert r.status_code == 201
    g = Grievance.objects.get(code=r.json()["code"])
    assert (g.unit, g.channel, g.created_by) == (cast.hq, Channel.API, None)
    event = TimelineEvent.objects.get(grievance=g)
    assert event.actor is None
    assert_no_personal_data(r)


def test_the_public_may_name_any_unit(cast: Any) -> None:
    r = Api().post(URL, {**NEW, "unit": "B"})
    assert r.status_code == 201
    assert Grievance.objects.get(code=r.json()["code"]).unit == cast.branch_b


def test_an_anonymous_grievance_keeps_no_personal_details(cast: Any) -> None:
    r = Api().post(URL, {**NEW, "identity_mode": "anonymous"})
    assert r.status_code == 201
    g = Grievance.objects.get(code=r.json()["code"])
    assert g.identity_mode == IdentityMode.ANONYMOUS and g.complainant is None
    assert not Complainant.objects.exists()


def test_a_named_grievance_needs_a_name(cast: Any) -> None:
    body = {k: v for k, v in NEW.items() if k != "name"}
    r = Api().post(URL, {**body, "identity_mode": "confidential"})
    assert r.status_code == 400
    assert "name" in error(r)["fields"]
    assert not Grievance.objects.exists()


def test_a_console_session_cannot_bring_grievances_in(cast: Any, client: Any) -> None:
    client.force_login(cast.clerk)
    r = Api(client=client).post(URL, NEW)
    assert r.status_code == 403
    assert not Grievance.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"subject": ""}, "subject"),
        ({"subject": "长" * 201}, "subject"),
        ({"subject": 42}, "subject"),
        ({"description": None}, "description"),
        ({"headcount": "40"}, "headcount"),
        ({"headcount": 0}, "headcount"),
        ({"headcount": True}, "headcount"),
        ({"category": "nope"}, "category"),
        ({"unit": "nope"}, "unit"),
        ({"identity_mode": "secret"}, "identity_mode"),
        ({"email": "not-an-email"}, "email"),
        ({"subject": "a\x00b"}, "subject"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_it_refuses_bad_fields_by_name_and_writes_nothing(
    cast: Any, change: dict[str, Any], field: str
) -> None:
    r = Api().post(URL, {**NEW, **change})
    assert r.status_code == 400
    err = error(r)
    assert err["code"] == "invalid" and field in err["fields"]
    assert not Grievance.objects.exists() and not Complainant.objects.exists()


def test_it_lists_every_missing_required_field(cast: Any) -> None:
    r = Api().post(URL, {})
    assert r.status_code == 400
    assert {"kind", "subject", "description"} <= set(error(r)["fields"])


def test_it_lists_every_unknown_field(cast: Any) -> None:
    r = Api().post(URL, {**NEW, "colour": "red", "size": 3})
    assert set(error(r)["fields"]) == {"colour", "size"}


@pytest.mark.parametrize("raw", ["{bad", "[1, 2]", '"text"', "null", "NaN", "[" * 100_000])
def test_it_refuses_bodies_that_are_not_a_json_object(cast: Any, raw: str) -> None:
    r = Api().post(URL, raw=raw)
    assert r.status_code == 400
    error(r)
    assert not Grievance.objects.exists()


def test_it_refuses_a_body_that_is_not_json(cast: Any) -> None:
    r = Api().post(URL, raw="kind=complaint", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415
    assert error(r)["code"] == "unsupported_media_type"


def test_it_refuses_an_oversized_body_before_reading_it(cast: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    r = Api().post(URL, {**NEW, "description": "长" * 20_000})
    assert r.status_code == 413
    assert error(r)["code"] == "too_large"
    assert not Grievance.objects.exists()


def test_a_domain_refusal_is_a_400_in_the_error_shape(cast: Any) -> None:
    r = Api().post(URL, {**NEW, "subject": "   "})
    assert r.status_code == 400
    assert not Grievance.objects.exists()
    error(r)
