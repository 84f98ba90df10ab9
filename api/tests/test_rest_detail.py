"""GET /api/v1/grievances/{code}/: the case with its public timeline and replies."""

from __future__ import annotations

from typing import Any

from api.tests.rest_helpers import Api, assert_no_personal_data, error, token, url
from grievances import lifecycle
from grievances.models import EventKind
from grievances.tests.helpers import in_progress, replied


def test_it_shows_the_case_its_public_timeline_and_its_reply(cast: Any) -> None:
    g = replied(cast)
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(url(g))
    assert r.status_code == 200
    body = r.json()
    assert (body["code"], body["state"], body["unit"], body["category"]) == (
        g.code,
        "replied",
        "A1",
        "wages",
    )
    assert body["description"] == g.description
    kinds = [e["kind"] for e in body["timeline"]]
    assert kinds == ["received", "accepted", "assigned", "visit", "replied"]
    visit = body["timeline"][3]
    # Visit summaries are written for staff: label and date only, as on the portal.
    assert visit["label"] == "Outreach visit" and visit["text"] is None
    assert [r["decision"] for r in body["replies"]] == ["十一月十日前补发。"]
    assert body["replies"][0]["reasons"] == "依照公司薪酬制度第十二条。"
    assert body["deadlines"]["feedback_due"] == g.feedback_due.isoformat()
    assert body["version"] == g.version


def test_it_never_shows_internal_notes_or_the_complainant(cast: Any) -> None:
    g = in_progress(cast)
    lifecycle.log_contact(g, by=cast.handler, kind=EventKind.NOTE, summary="内部备注：保密")
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(url(g))
    assert "内部备注" not in r.content.decode()
    assert "note" not in [e["kind"] for e in r.json()["timeline"]]
    assert_no_personal_data(r)


def test_it_shows_the_decline_reasons(cast: Any) -> None:
    g = cast.submit()[0]
    lifecycle.decline(g, by=cast.handler, reasons="不属于本单位职责范围。")
    timeline = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(url(g)).json()["timeline"]
    assert timeline[-1] == {
        "kind": "declined",
        "label": "Declined",
        "date": timeline[-1]["date"],
        "by_staff": True,
        "text": "不属于本单位职责范围。",
    }


def test_a_merged_case_shows_the_reply_to_the_collective_case(cast: Any) -> None:
    primary = in_progress(cast)
    other = cast.submit()[0]
    lifecycle.merge(primary, [other], by=cast.leader)
    primary.refresh_from_db()
    lifecycle.reply(primary, by=cast.leader, facts="事实", decision="决定", reasons="理由")
    body = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(url(other)).json()
    assert body["merged_into"] == primary.code
    assert [r["decision"] for r in body["replies"]] == ["决定"]


def test_a_case_outside_the_token_subtree_is_a_404(cast: Any) -> None:
    g = cast.submit()[0]
    r = Api(token(cast.chief, cast.branch_b, ["grievances:read"])).get(url(g))
    assert r.status_code == 404
    assert error(r)["code"] == "not_found"


def test_a_case_outside_the_users_scope_is_a_404(cast: Any) -> None:
    g = cast.submit()[0]
    r = Api(token(cast.outsider, cast.hq, ["grievances:read"])).get(url(g))
    assert r.status_code == 404


def test_the_code_may_be_given_as_read_out(cast: Any) -> None:
    g = cast.submit()[0]
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(
        url(g.code.replace("-", "").lower())
    )
    assert r.status_code == 200 and r.json()["code"] == g.code


def test_a_code_that_cannot_be_one_is_a_404(cast: Any) -> None:
    api = Api(token(cast.chief, cast.hq, ["grievances:read"]))
    for code in ("nope", "A" * 31, "%00", "长长长"):
        r = api.get(url(code))
        assert r.status_code == 404
        error(r)


def test_a_token_without_read_may_not_read(cast: Any) -> None:
    g = cast.submit()[0]
    r = Api(token(cast.chief, cast.hq, ["grievances:intake", "grievances:act"])).get(url(g))
    assert r.status_code == 403


def test_a_console_session_reads_like_the_console(cast: Any, client: Any) -> None:
    g = cast.submit()[0]
    client.force_login(cast.handler)
    assert Api(client=client).get(url(g)).status_code == 200
    client.force_login(cast.outsider)
    assert Api(client=client).get(url(g)).status_code == 404


def test_the_public_may_not_read(cast: Any) -> None:
    g = cast.submit()[0]
    assert Api().get(url(g)).status_code == 401
