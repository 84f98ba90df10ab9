from __future__ import annotations

from datetime import timedelta

import pytest

from api.tests.rest_helpers import token as make_token
from duty.tests.incident_helpers import at, frozen, initial, shift

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 6, 21, 30)


def token(user, unit, scopes):
    return make_token(user, unit, scopes)


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_read_list_and_one_incident_with_its_reports(cast, client):
    with frozen(NOW):
        i = initial(cast, NOW)
    key = token(cast.leader, cast.workshop, ["duty:read"])
    data = client.get("/api/v1/duty/incidents/", **auth(key)).json()
    assert [r["code"] for r in data["results"]] == [i.code]
    one = client.get(f"/api/v1/duty/incidents/{i.code}/", **auth(key)).json()
    assert one["reports"][0]["kind"] == "initial" and one["reports"][0]["corrected"] is False


def test_file_and_act_through_the_api(cast, client):
    shift(cast, at(2026, 12, 6, 8))
    key = token(cast.handler, cast.workshop, ["duty:read", "duty:act"])
    body = {
        "unit": "A1",
        "title": "配电房停电",
        "kind": "outage",
        "severity": "3",
        "place": "二号配电房",
        "occurred_at": "2026-12-06T21:00:00+08:00",
        "known_at": "2026-12-06T21:10:00+08:00",
        "what_happened": "配电房跳闸。",
    }
    with frozen(NOW):
        r = client.post(
            "/api/v1/duty/incidents/", body, content_type="application/json", **auth(key)
        )
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    leader_key = token(cast.leader, cast.workshop, ["duty:read", "duty:act"])
    with frozen(NOW + timedelta(minutes=5)):
        r = client.post(
            f"/api/v1/duty/incidents/{code}/acknowledge/",
            {},
            content_type="application/json",
            **auth(key),
        )
        # The one who filed it cannot acknowledge it: it must reach someone else.
        assert r.status_code == 403, r.content
        r = client.post(
            f"/api/v1/duty/incidents/{code}/acknowledge/",
            {},
            content_type="application/json",
            **auth(leader_key),
        )
        assert r.status_code == 200 and r.json()["alerts"][0]["acknowledged_by"] == "leader"
        r = client.post(
            f"/api/v1/duty/incidents/{code}/correct/",
            {"report": 1, "people_affected": 4, "version": r.json()["version"]},
            content_type="application/json",
            **auth(key),
        )
    assert r.status_code == 400 and r.json()["error"]["fields"]["reason"]


def test_bad_input_is_a_json_error(cast, client):
    key = token(cast.handler, cast.workshop, ["duty:act"])
    with frozen(NOW):
        r = client.post(
            "/api/v1/duty/incidents/",
            {
                "unit": "A1",
                "title": "x",
                "kind": "other",
                "severity": "4",
                "place": "p",
                "occurred_at": "2026-12-07T21:00:00+08:00",
                "known_at": "2026-12-06T21:10:00+08:00",
                "what_happened": "y",
            },
            content_type="application/json",
            **auth(key),
        )
    assert r.status_code == 400
    assert "future" in r.json()["error"]["message"]


def test_scopes_and_outsiders(cast, client):
    with frozen(NOW):
        i = initial(cast, NOW)
    read_only = token(cast.leader, cast.workshop, ["duty:read"])
    r = client.post(
        f"/api/v1/duty/incidents/{i.code}/acknowledge/",
        {},
        content_type="application/json",
        **auth(read_only),
    )
    assert r.status_code == 403
    outsider = token(cast.outsider, cast.branch_b, ["duty:read", "duty:act"])
    assert client.get(f"/api/v1/duty/incidents/{i.code}/", **auth(outsider)).status_code == 404
    assert client.get("/api/v1/duty/incidents/", **auth(outsider)).json()["results"] == []
