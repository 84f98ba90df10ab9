"""The roster in the REST API: duty now, shifts, and the declared actions; scopes, scoping
and JSON errors."""

from __future__ import annotations

from api.tests.rest_helpers import Api, token
from duty.models import Handover, Shift, SwapRequest, SwapState
from duty.roster import set_duty_phone
from duty.tests.roster_helpers import at, frozen, shift

READ = ("duty:read",)
BOTH = ("duty:read", "duty:act")


def test_duty_now_lists_the_units_of_the_tokens_subtree_with_phones(cast):
    set_duty_phone(cast.handler, "13800001111", by=cast.handler)
    api = Api(token(cast.head, cast.branch_a, READ))
    with frozen(2026, 11, 2, 12, 0):
        shift(cast, at(2026, 11, 2), at(2026, 11, 3), leader=cast.leader)
        r = api.get("/api/v1/duty/now/")
    assert r.status_code == 200
    rows = {row["unit"]: row for row in r.json()}
    assert set(rows) == {"A", "A1"}
    assert rows["A"]["shift"] is None
    officer = rows["A1"]["shift"]["officer"]
    assert officer["username"] == "handler" and officer["duty_phone"] == "13800001111"
    assert rows["A1"]["shift"]["leader"]["username"] == "leader"


def test_a_token_without_the_duty_scope_is_refused_in_json(cast):
    api = Api(token(cast.head, cast.branch_a, ("grievances:read",)))
    r = api.get("/api/v1/duty/now/")
    assert r.status_code == 403 and r.json()["error"]["code"] == "scope_missing"
    assert Api().get("/api/v1/duty/now/").status_code == 401


def test_shifts_by_unit_and_range(cast):
    shift(cast, at(2026, 11, 2), at(2026, 11, 3))
    shift(cast, at(2026, 12, 2), at(2026, 12, 3))
    api = Api(token(cast.leader, cast.workshop, READ))
    r = api.get("/api/v1/duty/shifts/", {"unit": "A1", "from": "2026-11-01", "to": "2026-11-30"})
    assert [s["starts"] for s in r.json()] == ["2026-11-02T08:30:00+08:00"]
    r = api.get("/api/v1/duty/shifts/", {"from": "2026-11-30", "to": "2026-11-01"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid"
    r = api.get("/api/v1/duty/shifts/", {"from": "yesterday"})
    assert r.status_code == 400 and "from" in r.json()["error"]["fields"]


def test_an_outsider_sees_no_shift_and_gets_404_for_the_unit(cast):
    shift(cast, at(2026, 11, 2), at(2026, 11, 3))
    api = Api(token(cast.outsider, cast.branch_b, BOTH))
    r = api.get("/api/v1/duty/shifts/", {"from": "2026-11-01", "to": "2026-11-30"})
    assert r.json() == []
    assert api.get("/api/v1/duty/shifts/", {"unit": "A1"}).status_code == 404
    s = Shift.objects.get()
    r = api.post(f"/api/v1/duty/shifts/{s.pk}/write-handover/", {"happened": "x"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_creating_a_shift_and_the_refusals(cast):
    api = Api(token(cast.leader, cast.workshop, BOTH))
    body = {
        "unit": "A1",
        "starts": "2026-11-02T08:30:00+08:00",
        "ends": "2026-11-03T08:30:00+08:00",
        "officer": "handler",
    }
    r = api.post("/api/v1/duty/shifts/", body)
    assert r.status_code == 201 and r.json()["officer"]["username"] == "handler"
    r = api.post("/api/v1/duty/shifts/", {**body, "officer": "clerk"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "refused"
    assert "overlaps" in r.json()["error"]["message"]
    r = api.post("/api/v1/duty/shifts/", {**body, "starts": "2026-11-05T08:30:00+08:00"})
    assert r.status_code == 400 and "must end after it starts" in r.json()["error"]["message"]
    r = api.post("/api/v1/duty/shifts/", {**body, "officer": "nobody"})
    assert r.status_code == 400 and "officer" in r.json()["error"]["fields"]
    assert Shift.objects.count() == 1


def test_a_read_only_token_cannot_change_the_roster(cast):
    api = Api(token(cast.leader, cast.workshop, READ))
    r = api.post("/api/v1/duty/rotations/", {"unit": "A1", "first_day": "2026-11-02", "days": 3})
    assert r.status_code == 403
    assert not Shift.objects.exists()


def test_a_handler_may_not_arrange_the_roster(cast):
    api = Api(token(cast.handler, cast.workshop, BOTH))
    body = {
        "unit": "A1",
        "first_day": "2026-11-02",
        "days": 3,
        "cadence": "daily",
        "officers": "handler",
    }
    r = api.post("/api/v1/duty/rotations/", body)
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_allowed"


def test_a_rotation_previews_then_saves(cast):
    api = Api(token(cast.leader, cast.workshop, BOTH))
    body = {
        "unit": "A1",
        "first_day": "2026-11-02",
        "days": 3,
        "cadence": "daily",
        "officers": "handler clerk",
        "preview": True,
    }
    r = api.post("/api/v1/duty/rotations/", body)
    assert r.status_code == 200 and r.json()["saved"] is False
    assert [s["officer"]["username"] for s in r.json()["shifts"]] == ["handler", "clerk", "handler"]
    assert not Shift.objects.exists()
    r = api.post("/api/v1/duty/rotations/", {**body, "preview": False})
    assert r.status_code == 201 and r.json()["saved"] is True
    assert Shift.objects.count() == 3


def test_swap_and_handover_through_the_api(cast):
    with frozen(2026, 11, 2, 12, 0):
        first = shift(cast, at(2026, 11, 2), at(2026, 11, 3), officer=cast.handler)
        shift(cast, at(2026, 11, 3), at(2026, 11, 4), officer=cast.clerk)
        later = shift(cast, at(2026, 11, 5), at(2026, 11, 6), officer=cast.handler)
        handler = Api(token(cast.handler, cast.workshop, BOTH))
        r = handler.post(
            f"/api/v1/duty/shifts/{later.pk}/request-swap/",
            {"role": "officer", "replacement": "clerk", "reason": "家中有事"},
        )
        assert r.status_code == 200 and r.json()["state"] == SwapState.PENDING
        swap = SwapRequest.objects.get()
        r = handler.post(f"/api/v1/duty/swaps/{swap.pk}/decide-swap/", {"decision": "approve"})
        assert r.status_code == 403
        head = Api(token(cast.head, cast.branch_a, BOTH))
        r = head.post(f"/api/v1/duty/swaps/{swap.pk}/decide-swap/", {"decision": "maybe"})
        assert r.status_code == 400 and "decision" in r.json()["error"]["fields"]
        r = head.post(f"/api/v1/duty/swaps/{swap.pk}/decide-swap/", {"decision": "approve"})
        assert r.json()["state"] == SwapState.APPROVED
        r = handler.post(f"/api/v1/duty/shifts/{first.pk}/write-handover/", {"happened": "平稳"})
        assert r.status_code == 200
        note = Handover.objects.get()
        clerk = Api(token(cast.clerk, cast.workshop, BOTH))
        r = clerk.post(f"/api/v1/duty/handovers/{note.pk}/acknowledge-handover/", {})
        assert r.status_code == 200
    later.refresh_from_db()
    note.refresh_from_db()
    assert later.officer == cast.clerk and note.acknowledged_by == cast.clerk
