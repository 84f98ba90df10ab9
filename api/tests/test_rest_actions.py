"""POST /api/v1/grievances/{code}/{action}/: the staff's lifecycle actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from api.tests.rest_helpers import Api, error, token, url
from grievances import lifecycle
from grievances.models import ExtensionRequest, ExtensionState, Grievance, Reply, State
from grievances.tests.helpers import (
    accepted,
    assigned,
    footprint,
    fresh,
    in_progress,
    received,
    replied,
)
from minsheng.workdays import local_date


def act(cast: Any, who: str = "handler", unit: str = "workshop") -> Api:
    return Api(
        token(getattr(cast, who), getattr(cast, unit), ["grievances:read", "grievances:act"])
    )


def refused(response: Any, status: int, code: str, before: dict[str, Any]) -> dict[str, Any]:
    assert response.status_code == status, response.content
    err = error(response)
    assert err["code"] == code, err
    assert footprint() == before, "a refused action changed something"
    return err


def test_accept_takes_the_case_up_and_answers_with_the_case(cast: Any) -> None:
    g = received(cast)
    r = act(cast).post(url(g, "accept"), {"reasons": "属于本单位职责", "version": g.version})
    assert r.status_code == 200
    assert r.json()["state"] == "accepted" and r.json()["version"] == g.version + 1
    assert r.json()["deadlines"]["resolve_due"] == fresh(g).resolve_due.isoformat()
    assert fresh(g).state == State.ACCEPTED


def test_a_stale_version_is_a_409_and_changes_nothing(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    r = act(cast).post(url(g, "accept"), {"version": g.version - 1 or 99})
    refused(r, 409, "conflict", before)


def test_a_role_that_may_not_act_is_a_403(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    refused(act(cast, "clerk").post(url(g, "accept"), {}), 403, "not_allowed", before)


def test_a_token_without_act_is_a_403(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    api = Api(token(cast.handler, cast.workshop, ["grievances:read", "grievances:intake"]))
    refused(api.post(url(g, "accept"), {}), 403, "scope_missing", before)


def test_a_token_of_branch_b_cannot_reach_a_case_of_a1(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    refused(act(cast, "chief", "branch_b").post(url(g, "accept"), {}), 404, "not_found", before)


def test_the_public_cannot_act(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    refused(Api().post(url(g, "accept"), {}), 401, "not_authenticated", before)


def test_an_action_from_the_wrong_state_is_refused(cast: Any) -> None:
    g = accepted(cast)
    before = footprint()
    refused(act(cast).post(url(g, "accept"), {}), 400, "refused", before)


def test_decline_needs_reasons(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    err = refused(act(cast).post(url(g, "decline"), {}), 400, "invalid", before)
    assert "reasons" in err["fields"]
    r = act(cast).post(url(g, "decline"), {"reasons": "不属于受理范围"})
    assert r.json()["state"] == "declined"
    assert r.json()["timeline"][-1]["text"] == "不属于受理范围"


def test_assign_names_owner_and_handler_by_username(cast: Any) -> None:
    g = accepted(cast)
    r = act(cast, "leader").post(url(g, "assign"), {"owner": "leader", "handler": "handler"})
    assert r.status_code == 200 and r.json()["state"] == "assigned"
    g = fresh(g)
    assert (g.owner, g.handler) == (cast.leader, cast.handler)


def test_assign_refuses_an_unknown_user_and_a_handler_from_elsewhere(cast: Any) -> None:
    g = accepted(cast)
    before = footprint()
    api = act(cast, "leader")
    err = refused(
        api.post(url(g, "assign"), {"owner": "nobody", "handler": "handler"}),
        400,
        "invalid",
        before,
    )
    assert "owner" in err["fields"]
    refused(
        api.post(url(g, "assign"), {"owner": "leader", "handler": "outsider"}),
        400,
        "refused",
        before,
    )


def test_contact_logs_a_visit_and_puts_the_case_in_progress(cast: Any) -> None:
    g = assigned(cast)
    body = {
        "kind": "visit",
        "summary": "到车间与工人座谈",
        "date": local_date().isoformat(),
        "place": "三车间",
        "participants": 12,
    }
    r = act(cast).post(url(g, "contact"), body)
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    event = fresh(g).events.order_by("-id").first()
    assert event is not None
    assert (event.kind, event.text, event.data["participants"]) == ("visit", "到车间与工人座谈", 12)


def test_contact_refuses_a_date_in_the_future_and_an_unknown_kind(cast: Any) -> None:
    g = assigned(cast)
    before = footprint()
    tomorrow = (local_date() + timedelta(days=1)).isoformat()
    api = act(cast)
    refused(
        api.post(url(g, "contact"), {"kind": "visit", "summary": "x", "date": tomorrow}),
        400,
        "refused",
        before,
    )
    err = refused(
        api.post(url(g, "contact"), {"kind": "party", "summary": "x"}), 400, "invalid", before
    )
    assert "kind" in err["fields"]


def test_transfer_and_return(cast: Any) -> None:
    g = accepted(cast)
    r = act(cast, "leader").post(url(g, "transfer"), {"to_unit": "B", "reasons": "属于二分公司"})
    assert r.status_code == 200 and r.json()["unit"] == "B"
    r = act(cast, "outsider", "branch_b").post(url(g, "return"), {"reasons": "不属于本单位"})
    assert r.status_code == 200 and r.json()["unit"] == "A1"


def test_transfer_refuses_an_unknown_unit(cast: Any) -> None:
    g = accepted(cast)
    before = footprint()
    err = refused(
        act(cast, "leader").post(url(g, "transfer"), {"to_unit": "Z", "reasons": "x"}),
        400,
        "invalid",
        before,
    )
    assert "to_unit" in err["fields"]


def test_extend_then_a_head_decides(cast: Any) -> None:
    g = in_progress(cast)
    due = fresh(g).resolve_due
    assert due is not None
    r = act(cast).post(url(g, "extend"), {"days": 10, "reason": "需要补充调查"})
    assert r.status_code == 200
    assert ExtensionRequest.objects.get().state == ExtensionState.PENDING
    before = footprint()
    refused(
        act(cast).post(url(g, "decide-extension"), {"approve": True}), 403, "not_allowed", before
    )
    r = act(cast, "head", "branch_a").post(url(g, "decide-extension"), {"approve": True})
    assert r.status_code == 200
    assert r.json()["deadlines"]["resolve_due"] == (due + timedelta(days=10)).isoformat()


def test_deciding_an_extension_needs_one_waiting(cast: Any) -> None:
    g = in_progress(cast)
    before = footprint()
    refused(
        act(cast, "head", "branch_a").post(url(g, "decide-extension"), {"approve": False}),
        400,
        "refused",
        before,
    )


def test_reply_needs_facts_decision_and_reasons(cast: Any) -> None:
    g = in_progress(cast)
    before = footprint()
    err = refused(act(cast, "leader").post(url(g, "reply"), {"facts": "x"}), 400, "invalid", before)
    assert {"decision", "reasons"} <= set(err["fields"])
    body = {
        "facts": "查明",
        "decision": "补发",
        "reasons": "依照制度",
        "policy": "薪酬制度第十二条",
    }
    r = act(cast, "leader").post(url(g, "reply"), body)
    assert r.status_code == 200 and r.json()["state"] == "replied"
    assert r.json()["replies"][0]["policy"] == "薪酬制度第十二条"


def test_callback_records_the_rating_and_closes_the_case(cast: Any) -> None:
    g = replied(cast)
    r = act(cast, "clerk").post(url(g, "callback"), {"rating": "satisfied", "notes": "电话回访"})
    assert r.status_code == 200
    assert (r.json()["state"], r.json()["rating"]) == ("closed", "satisfied")
    assert fresh(g).rating_by_callback


def test_decide_review_by_the_unit_above(cast: Any) -> None:
    g = replied(cast)
    lifecycle.request_review(g, reason="不服")
    g = fresh(g)
    before = footprint()
    body = {"upheld": True, "decision": "维持原答复", "reasons": "事实清楚"}
    refused(act(cast, "leader").post(url(g, "decide-review"), body), 403, "not_allowed", before)
    r = act(cast, "head", "branch_a").post(url(g, "decide-review"), body)
    assert r.status_code == 200 and r.json()["state"] == "replied"
    assert Reply.objects.filter(grievance=g).count() == 2


def test_an_auditor_session_changes_nothing_whatever_the_state(cast: Any, client: Any) -> None:
    g = replied(cast)
    client.force_login(cast.auditor)
    before = footprint()
    r = Api(client=client).post(url(g, "accept"), {})
    refused(r, 403, "permission_denied", before)


def test_a_console_session_must_send_the_csrf_token(cast: Any) -> None:
    g = received(cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.handler)
    before = footprint()
    refused(Api(client=client).post(url(g, "accept"), {}), 403, "permission_denied", before)
    client.get("/accounts/login/")  # a page with a form sets the CSRF cookie
    csrf_value = client.cookies["csrftoken"].value
    r = Api(client=client).post(url(g, "accept"), {}, **{"X-CSRFToken": csrf_value})
    assert r.status_code == 200, r.content


@pytest.mark.parametrize("action", ["close", "delete", "nope"])
def test_there_is_no_such_action(cast: Any, action: str) -> None:
    g = received(cast)
    r = act(cast).post(url(g, action), {})
    assert r.status_code == 404
    assert error(r)["code"] == "not_found"


def test_an_action_is_a_post(cast: Any) -> None:
    g = received(cast)
    r = act(cast).get(url(g, "accept"))
    assert r.status_code == 405
    assert error(r)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "body",
    [{"version": "3"}, {"version": True}, {"version": 0}, {"reasons": 5}, {"why": "x"}],
)
def test_wrong_types_and_unknown_fields_are_400s(cast: Any, body: dict[str, Any]) -> None:
    g = received(cast)
    before = footprint()
    err = refused(act(cast).post(url(g, "accept"), body), 400, "invalid", before)
    assert set(err["fields"]) == set(body)


def test_every_action_answers_with_the_case(cast: Any) -> None:
    g = received(cast)
    r = act(cast).post(url(g, "accept"), {})
    assert set(r.json()) >= {"code", "state", "timeline", "replies", "deadlines", "version"}
    assert Grievance.objects.get(pk=g.pk).version == r.json()["version"]


# ---- merge, supervision and progress reports (once console-only) -------------------------


def test_merge_makes_a_collective_case_answered_once(cast: Any) -> None:
    g, other = received(cast), received(cast)
    r = act(cast, "leader").post(url(g, "merge"), {"codes": [other.code.lower()]})
    assert r.status_code == 200, r.content
    assert r.json()["is_collective"] is True
    assert fresh(other).state == State.MERGED and fresh(other).merged_into_id == g.pk


def test_merge_reaches_no_case_outside_the_tokens_subtree(cast: Any) -> None:
    """The chief sees every case in the console, but a token of Workshop A1 reaches only its
    subtree: a case of Branch B is unknown to it."""
    g = received(cast)
    elsewhere = received(cast, unit=cast.branch_b)
    before = footprint()
    err = refused(
        act(cast, "chief", "workshop").post(url(g, "merge"), {"codes": [elsewhere.code]}),
        400,
        "refused",
        before,
    )
    assert elsewhere.code in err["message"]


@pytest.mark.parametrize("codes", [[], "ABCD-EFGH-JKMN", [1], ["x" * 31]])
def test_merge_wants_a_list_of_receipt_codes(cast: Any, codes: Any) -> None:
    g = received(cast)
    before = footprint()
    r = act(cast, "leader").post(url(g, "merge"), {"codes": codes})
    err = refused(r, 400, "invalid", before)
    assert [f for f in err["fields"] if f.split(".")[0] == "codes"]


def test_a_head_supervises_and_the_handler_reports_progress(cast: Any) -> None:
    g = received(cast)
    due = g.accept_due.isoformat()
    body = {"instructions": "请本周内报告", "due": due, "version": g.version}
    r = act(cast, "head", "branch_a").post(url(g, "supervise"), body)
    assert r.status_code == 200, r.content
    assert fresh(g).supervised
    r = act(cast).post(url(g, "report"), {"text": "已核对考勤记录"})
    assert r.status_code == 200, r.content
    assert fresh(g).events.filter(kind="supervision_report").count() == 1


def test_a_leader_cannot_supervise(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    body = {"instructions": "督办", "due": g.accept_due.isoformat()}
    refused(act(cast, "leader").post(url(g, "supervise"), body), 403, "not_allowed", before)


def test_no_progress_report_without_supervision(cast: Any) -> None:
    g = received(cast)
    before = footprint()
    err = refused(act(cast).post(url(g, "report"), {"text": "进展"}), 400, "refused", before)
    assert "supervision" in err["message"]
