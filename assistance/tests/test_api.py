"""Hardship assistance in the REST API (/api/v1/assistance/): scopes, the one door (an
outsider gets 404), the auditor reads and changes nothing, refusals in the JSON error shape,
personal data only in the household's detail and audited, and the public notices masked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from api.models import Scope
from api.tests.rest_helpers import Api, token
from assistance.actions import APPLICATION_ACTIONS
from assistance.models import Application, AppState, Payment
from assistance.tests.helpers import household, programme, to_state
from audit.models import AuditRecord
from orgs.models import Unit

READ = [Scope.ASSISTANCE_READ]
BOTH = [Scope.ASSISTANCE_READ, Scope.ASSISTANCE_ACT]
BASE = "/api/v1/assistance"


def api(cast: Any, user: Any, scopes: list[str] = BOTH, unit: Any = None) -> Api:
    return Api(token(user, unit or cast.hq, scopes))


def test_a_clerk_lists_households_with_masked_names_only(cast: Any) -> None:
    h = household(cast, phone="13912345678", address="一车间宿舍9栋")
    r = api(cast, cast.clerk, READ).get(f"{BASE}/households/")
    assert r.status_code == 200
    [row] = r.json()["results"]
    assert row["code"] == h.code and row["masked_name"] == "王*国"
    assert "王建国" not in r.content.decode()
    assert "13912345678" not in r.content.decode() and h.id_number not in r.content.decode()


def test_the_household_detail_shows_personal_data_to_staff_of_its_unit_and_audits_it(
    cast: Any,
) -> None:
    h = household(cast)
    r = api(cast, cast.handler, READ).get(f"{BASE}/households/{h.code}/")
    assert r.status_code == 200
    personal = r.json()["personal"]
    assert personal["head_name"] == "王建国" and personal["phone"] == "13900001111"
    assert personal["id_number"] == h.id_number
    assert len(r.json()["members"]) == 2
    views = AuditRecord.objects.filter(action="household.personal_view", actor=cast.handler)
    assert views.count() == 1


def test_the_auditor_reads_the_register_but_not_the_people(cast: Any) -> None:
    h = household(cast)
    r = api(cast, cast.auditor, READ).get(f"{BASE}/households/{h.code}/")
    assert r.status_code == 200
    assert r.json()["personal"] is None and "王建国" not in r.content.decode()
    assert not AuditRecord.objects.filter(action="household.personal_view").exists()


def test_the_auditor_may_not_take_a_step_and_nothing_changes(cast: Any) -> None:
    a = to_state(cast, "verified")
    r = api(cast, cast.auditor).post(f"{BASE}/applications/{a.code}/refuse/", {"reasons": "不符合"})
    assert r.status_code == 403 and r.json()["error"]["message"]
    a.refresh_from_db()
    assert a.state == AppState.VERIFIED


def test_an_outsider_gets_404_for_households_and_applications(cast: Any) -> None:
    a = to_state(cast, "verified")
    outsider = api(cast, cast.outsider)
    assert outsider.get(f"{BASE}/households/{a.household.code}/").status_code == 404
    assert outsider.get(f"{BASE}/applications/{a.code}/").status_code == 404
    r = outsider.post(f"{BASE}/applications/{a.code}/refuse/", {"reasons": "x"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert outsider.get(f"{BASE}/households/").json()["results"] == []
    assert outsider.get(f"{BASE}/applications/").json()["results"] == []


def test_a_token_outside_the_unit_subtree_sees_nothing(cast: Any) -> None:
    a = to_state(cast, "verified")
    branch_b = Unit.objects.get(code="B")
    chief = api(cast, cast.chief, unit=branch_b)
    assert chief.get(f"{BASE}/applications/{a.code}/").status_code == 404


def test_each_scope_is_needed(cast: Any) -> None:
    a = to_state(cast, "verified")
    no_scope = api(cast, cast.leader, [Scope.READ, Scope.ACT])
    r = no_scope.get(f"{BASE}/households/")
    assert r.status_code == 403 and r.json()["error"]["code"] == "scope_missing"
    read_only = api(cast, cast.leader, READ)
    r = read_only.post(f"{BASE}/applications/{a.code}/refuse/", {"reasons": "不符合"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "scope_missing"
    assert Api().get(f"{BASE}/applications/").status_code == 401


def test_a_session_user_of_the_console_may_read_and_act(client: Any, cast: Any) -> None:
    a = to_state(cast, "verified")
    client.force_login(cast.leader)
    r = Api(client=client).get(f"{BASE}/applications/{a.code}/")
    assert r.status_code == 200 and r.json()["state"] == "verified"


def test_an_application_goes_from_visit_to_payment_through_the_api(cast: Any) -> None:
    a = to_state(cast, "verified", p=programme(cast, notice_days=7))
    leader, clerk = api(cast, cast.leader), api(cast, cast.clerk)
    r = leader.post(
        f"{BASE}/applications/{a.code}/committee/",
        {
            "members": "甲、乙、丙",
            "votes_for": 3,
            "votes_against": 0,
            "decision": "support",
            "reasons": "符合条件",
            "amount": "1500.00",
            "version": a.version,
        },
    )
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "reviewed" and r.json()["amount"] == "1500.00"
    r = clerk.post(f"{BASE}/applications/{a.code}/publish/", {})
    assert r.status_code == 200 and r.json()["notice_name"] == "王*国"
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later):
        assert leader.post(f"{BASE}/applications/{a.code}/approve/", {}).status_code == 200
        r = clerk.post(
            f"{BASE}/applications/{a.code}/pay/",
            {"amount": "1500.00", "paid_on": str(timezone.localdate()), "method": "bank"},
        )
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "paid" and r.json()["payments"][0]["amount"] == "1500.00"


def test_approval_during_the_notice_period_is_a_json_400_and_changes_nothing(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    r = api(cast, cast.leader).post(f"{BASE}/applications/{a.code}/approve/", {})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "refused" and "notice" in r.json()["error"]["message"]
    a.refresh_from_db()
    assert a.state == AppState.ON_NOTICE


def test_a_clerk_may_not_decide_a_403(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    r = api(cast, cast.clerk).post(f"{BASE}/applications/{a.code}/refuse/", {"reasons": "否"})
    assert r.status_code == 403
    a.refresh_from_db()
    assert a.state == AppState.ON_NOTICE


def test_a_stale_version_is_a_409(cast: Any) -> None:
    a = to_state(cast, "verified")
    r = api(cast, cast.leader).post(
        f"{BASE}/applications/{a.code}/refuse/", {"reasons": "不符合", "version": a.version - 1}
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    a.refresh_from_db()
    assert a.state == AppState.VERIFIED


def test_a_payment_over_budget_is_refused_and_nothing_is_paid(cast: Any) -> None:
    a = to_state(cast, "approved", p=programme(cast, budget="1000"), amount="1500")
    with time_machine.travel(timezone.now() + timedelta(days=8, minutes=1)):
        r = api(cast, cast.clerk).post(
            f"{BASE}/applications/{a.code}/pay/",
            {"amount": "1000.01", "paid_on": str(timezone.localdate()), "method": "bank"},
        )
    assert r.status_code == 400 and "budget" in r.json()["error"]["message"]
    assert not Payment.objects.exists()


@pytest.mark.parametrize("amount", ["-5", "abc", "1.001", "99999999"])
def test_an_absurd_amount_is_refused(cast: Any, amount: str) -> None:
    a = to_state(cast, "approved")
    with time_machine.travel(timezone.now() + timedelta(days=8, minutes=1)):
        r = api(cast, cast.clerk).post(
            f"{BASE}/applications/{a.code}/pay/",
            {"amount": amount, "paid_on": str(timezone.localdate()), "method": "bank"},
        )
    assert r.status_code == 400 and r.json()["error"]["message"]
    assert not Payment.objects.exists()


def test_a_body_with_a_missing_field_is_a_400_with_the_field(cast: Any) -> None:
    a = to_state(cast, "verified")
    r = api(cast, cast.leader).post(f"{BASE}/applications/{a.code}/refuse/", {})
    assert r.status_code == 400 and "reasons" in r.json()["error"]["fields"]


def test_an_objection_is_answered_through_the_api(cast: Any) -> None:
    from assistance.lifecycle import lodge_objection

    a = to_state(cast, "on_notice")
    o, _again = lodge_objection(a, text="收入不实", name="李四", contact="13800000000")
    r = api(cast, cast.handler).get(f"{BASE}/applications/{a.code}/")
    [seen] = r.json()["objections"]
    assert seen["id"] == o.pk and "李四" not in r.content.decode()
    assert "13800000000" not in r.content.decode()
    r = api(cast, cast.handler).post(
        f"{BASE}/applications/{a.code}/answer/",
        {"objection": o.pk, "answer": "经核查不属实", "upheld": False},
    )
    assert r.status_code == 200 and r.json()["objections"][0]["upheld"] is False
    r = api(cast, cast.handler).post(
        f"{BASE}/applications/{a.code}/answer/",
        {"objection": o.pk, "answer": "再答", "upheld": True},
    )
    assert r.status_code == 400  # answered once


def test_programmes_are_listed_for_staff_with_what_is_spent(cast: Any) -> None:
    p = programme(cast)
    r = api(cast, cast.clerk, READ).get(f"{BASE}/programmes/")
    assert [row["id"] for row in r.json()["results"]] == [p.pk]
    r = api(cast, cast.clerk, READ).get(f"{BASE}/programmes/{p.pk}/")
    assert r.status_code == 200 and r.json()["spent"] == "0.00"
    assert api(cast, cast.clerk, READ).get(f"{BASE}/programmes/{p.pk + 99}/").status_code == 404


def test_the_public_notices_are_anonymous_and_masked(cast: Any) -> None:
    h = household(cast, head_name="张三明", phone="13911112222", address="幸福路8号")
    a = to_state(cast, "on_notice", h=h)
    r = Api().get(f"{BASE}/notices/")
    assert r.status_code == 200
    body = r.content.decode()
    [entry] = r.json()["results"]
    assert entry["name"] == "张*明" and entry["code"] == a.code and entry["amount"] == "2000.00"
    for secret in ("张三明", "13911112222", "幸福路8号", h.id_number):
        assert secret not in body


def test_the_public_notices_leave_out_what_is_not_on_notice(cast: Any) -> None:
    to_state(cast, "verified")
    assert Api().get(f"{BASE}/notices/").json() == {"count": 0, "results": []}


def test_every_declared_step_has_its_endpoint(cast: Any) -> None:
    a = to_state(cast, "verified")
    for action in APPLICATION_ACTIONS:
        r = api(cast, cast.outsider).post(f"{BASE}/applications/{a.code}/{action.name}/", {})
        assert r.status_code == 404, action.name  # routed, and the one door refuses
    assert Application.objects.get(pk=a.pk).state == AppState.VERIFIED


def test_a_clerk_opens_an_application_through_the_api(cast: Any) -> None:
    h, p = household(cast), programme(cast)
    r = api(cast, cast.clerk).post(
        f"{BASE}/applications/",
        {"household": h.code.lower(), "programme": p.pk, "channel": "household", "reason": "病"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "applied" and r.json()["household"] == h.code
    assert Application.objects.get().channel == "household"


def test_an_application_for_a_household_outside_the_register_is_refused(cast: Any) -> None:
    h, p = household(cast), programme(cast)
    r = api(cast, cast.outsider).post(
        f"{BASE}/applications/", {"household": h.code, "programme": p.pk, "channel": "staff"}
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "refused"
    assert not Application.objects.exists()


def test_an_application_for_a_closed_household_is_refused(cast: Any) -> None:
    from assistance.lifecycle import close_household

    h, p = household(cast), programme(cast)
    close_household(h, by=cast.clerk, reason="已脱困")
    r = api(cast, cast.clerk).post(
        f"{BASE}/applications/", {"household": h.code, "programme": p.pk, "channel": "staff"}
    )
    assert r.status_code == 400 and "closed" in r.json()["error"]["message"]
    assert not Application.objects.exists()
