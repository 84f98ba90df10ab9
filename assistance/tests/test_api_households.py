"""Households through the REST API (/api/v1/assistance/households/): registering one with
its members, changing it, adding a member and closing it, each from the declared steps
(`assistance.actions`). Refusals are JSON and change nothing; personal data stays encrypted
at rest and is shown, audited, only to staff acting at the household's unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from api.models import Scope
from api.tests.rest_helpers import Api, error, token
from assistance.actions import HOUSEHOLD_ACTIONS
from assistance.models import Household, HouseholdStatus, Member
from assistance.tests.helpers import household, id_number
from audit.models import AuditRecord
from orgs.models import Unit

READ = [Scope.ASSISTANCE_READ]
BOTH = [Scope.ASSISTANCE_READ, Scope.ASSISTANCE_ACT]
BASE = "/api/v1/assistance/households"


def api(cast: Any, user: Any, scopes: list[str] = BOTH, unit: Any = None) -> Api:
    return Api(token(user, unit or cast.hq, scopes))


def new(**kwargs: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "unit": "A1",
        "head_name": "李秀英",
        "id_number": id_number(),
        "phone": "13811112222",
        "address": "二车间宿舍5栋302",
        "hardship_types": ["illness", "school_costs"],
        "consent": "户主书面同意登记家庭信息用于帮扶",
        "members": [
            {
                "relation": "head",
                "birth_year": 1972,
                "health": "serious",
                "employment": "unable",
                "pension": "650.00",
            },
            {"relation": "child", "birth_year": 2012, "employment": "student"},
        ],
    }
    body.update(kwargs)
    return body


def snapshot(h: Household) -> tuple[Any, ...]:
    h.refresh_from_db()
    return (
        h.version,
        h.status,
        h.head_name,
        h.phone,
        h.address,
        h.hardship_types,
        h.members.count(),
    )


# ---- registering ----------------------------------------------------------------------------


def test_a_clerk_registers_a_household_with_its_members(cast: Any) -> None:
    body = new()
    r = api(cast, cast.clerk).post(f"{BASE}/", body)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["unit"] == "A1" and data["status"] == "registered" and data["version"] == 1
    assert data["masked_name"] == "李*英"
    assert data["hardship_types"] == ["illness", "school_costs"]
    assert data["personal"]["id_number"] == body["id_number"]
    assert data["personal"]["phone"] == "13811112222"
    head, child = sorted(data["members"], key=lambda m: m["birth_year"])
    assert head["income"] == {"pension": "650.00"} and head["monthly_income"] == "650.00"
    assert child["health"] == "good" and child["disability"] is False
    h = Household.objects.get(code=data["code"])
    assert h.created_by == cast.clerk and h.members.count() == 2
    # The clerk saw the personal data in the answer: that is in the audit log.
    assert AuditRecord.objects.filter(action="household.personal_view", actor=cast.clerk).exists()
    # The new household is in the register for the next caller.
    assert api(cast, cast.handler, READ).get(f"{BASE}/{h.code}/").status_code == 200


def test_the_personal_data_is_encrypted_at_rest(cast: Any) -> None:
    body = new()
    r = api(cast, cast.clerk).post(f"{BASE}/", body)
    assert r.status_code == 201, r.content
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT head_name, id_number, phone, address, id_hash"
            " FROM assistance_household WHERE code = %s",
            [r.json()["code"]],
        )
        row = " ".join(str(v) for v in cursor.fetchone())
    for secret in ("李秀英", body["id_number"], "13811112222", "二车间宿舍5栋302"):
        assert secret not in row


def test_a_second_registration_of_an_id_number_is_refused_and_nothing_is_registered(
    cast: Any,
) -> None:
    h = household(cast)
    r = api(cast, cast.clerk).post(f"{BASE}/", new(id_number=h.id_number.lower()))
    assert r.status_code == 400
    assert "already registered" in error(r)["message"]
    assert Household.objects.count() == 1 and Member.objects.count() == 2


def test_registering_without_members_then_adding_one(cast: Any) -> None:
    r = api(cast, cast.clerk).post(f"{BASE}/", new(members=[]))
    assert r.status_code == 201, r.content
    code, version = r.json()["code"], r.json()["version"]
    r = api(cast, cast.clerk).post(
        f"{BASE}/{code}/member/",
        {"relation": "spouse", "birth_year": 1974, "employment": "unemployed", "version": version},
    )
    assert r.status_code == 200, r.content
    assert [m["relation"] for m in r.json()["members"]] == ["spouse"]


def test_a_token_may_not_register_outside_its_unit_subtree(cast: Any) -> None:
    chief_in_b = api(cast, cast.chief, unit=Unit.objects.get(code="B"))
    r = chief_in_b.post(f"{BASE}/", new())
    assert r.status_code == 403 and error(r)["code"] == "not_allowed"
    assert not Household.objects.exists()


def test_an_outsider_may_not_register_at_a_unit_they_do_not_work_in(cast: Any) -> None:
    r = api(cast, cast.outsider).post(f"{BASE}/", new())
    assert r.status_code == 403 and error(r)["code"] == "not_allowed"
    assert not Household.objects.exists()


def test_the_auditor_may_not_register(cast: Any) -> None:
    r = api(cast, cast.auditor).post(f"{BASE}/", new())
    assert r.status_code == 403
    assert not Household.objects.exists()


def test_a_read_only_token_gets_403_on_every_post(cast: Any) -> None:
    h = household(cast)
    before = snapshot(h)
    read_only = api(cast, cast.leader, READ)
    r = read_only.post(f"{BASE}/", new())
    assert r.status_code == 403 and error(r)["code"] == "scope_missing"
    for action in HOUSEHOLD_ACTIONS:
        r = read_only.post(f"{BASE}/{h.code}/{action.name}/", action.example)
        assert r.status_code == 403 and error(r)["code"] == "scope_missing", action.name
    assert Household.objects.count() == 1 and snapshot(h) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {
                "members": [
                    {"relation": "head", "birth_year": 1975, "employment": "unable", "wage": "-100"}
                ]
            },
            "members.0.wage",
        ),
        (
            {"members": [{"relation": "head", "birth_year": 1800, "employment": "unable"}]},
            "members.0.birth_year",
        ),
        ({"hardship_types": ["illness", "bad_luck"]}, "hardship_types.1"),
        ({"hardship_types": []}, "hardship_types"),
        ({"hardship_types": "illness"}, "hardship_types"),
        ({"unit": "NOPE"}, "unit"),
        ({"head_name": ""}, "head_name"),
        (
            {
                "members": [
                    {"relation": "head", "birth_year": 1975, "employment": "unable", "pension": 800}
                ]
            },
            "members.0.pension",
        ),
        ({"nickname": "老李"}, "nickname"),
    ],
)
def test_bad_input_is_a_400_with_the_field_and_registers_nothing(
    cast: Any, change: dict[str, Any], field: str
) -> None:
    r = api(cast, cast.clerk).post(f"{BASE}/", new(**change))
    assert r.status_code == 400, r.content
    e = error(r)
    assert e["code"] == "invalid" and e["fields"][field], e
    assert not Household.objects.exists()


def test_a_birth_year_after_this_year_is_refused_by_the_register(cast: Any) -> None:
    later = timezone.localdate().year + 1
    member = {"relation": "child", "birth_year": later, "employment": "student"}
    r = api(cast, cast.clerk).post(f"{BASE}/", new(members=[member]))
    assert r.status_code == 400 and "birth year" in error(r)["message"]
    assert not Household.objects.exists()


def test_a_bad_id_number_is_refused(cast: Any) -> None:
    r = api(cast, cast.clerk).post(f"{BASE}/", new(id_number="12345"))
    assert r.status_code == 400 and "18 characters" in error(r)["message"]
    assert not Household.objects.exists()


def test_messages_come_in_the_callers_language(cast: Any) -> None:
    h = household(cast)
    clerk = api(cast, cast.clerk)
    r = clerk.post(f"{BASE}/", new(id_number=h.id_number), **{"Accept-Language": "zh-hans"})
    assert (
        r.status_code == 400 and error(r)["message"] == "该身份证号码已登记为困难户，不能重复登记。"
    )
    r = clerk.post(f"{BASE}/", new(id_number=h.id_number), **{"Accept-Language": "en"})
    assert error(r)["message"] == "A household with this ID number is already registered."
    bad = new(members=[{"relation": "head", "birth_year": 1975, "employment": "x", "wage": "-1"}])
    r = clerk.post(f"{BASE}/", bad, **{"Accept-Language": "zh-hans"})
    e = error(r)
    assert e["message"] == "请求中有字段不符合要求。"
    assert e["fields"]["members.0.wage"] == ["请确保该值大于或者等于 0。"]
    assert "不是合法选项" in e["fields"]["members.0.employment"][0]
    r = clerk.post(f"{BASE}/", bad, **{"Accept-Language": "en"})
    assert error(r)["fields"]["members.0.wage"] == [
        "Ensure this value is greater than or equal to 0."
    ]
    r = clerk.post(
        f"{BASE}/",
        new(members=[{**bad["members"][0], "employment": "unable", "wage": 12}]),
        **{"Accept-Language": "zh-hans"},
    )
    assert "1200.00" in error(r)["fields"]["members.0.wage"][0]
    assert "yuan" not in error(r)["fields"]["members.0.wage"][0]
    assert Household.objects.count() == 1


# ---- the steps ------------------------------------------------------------------------------


def test_a_handler_changes_the_phone_and_nothing_else(cast: Any) -> None:
    h = household(cast)
    r = api(cast, cast.handler).post(
        f"{BASE}/{h.code}/change/",
        {"phone": "13900002222", "reason": "户主更换了手机号码", "version": h.version},
    )
    assert r.status_code == 200, r.content
    assert r.json()["version"] == h.version + 1
    assert r.json()["personal"]["phone"] == "13900002222"
    h.refresh_from_db()
    assert h.phone == "13900002222" and h.address == "一车间宿舍3栋201"
    assert h.head_name == "王建国" and h.hardship_types == ["illness"]
    assert r.json()["events"][-1]["kind"] == "changed"


def test_a_change_of_hardship_types_is_kept_in_the_list_order(cast: Any) -> None:
    h = household(cast)
    r = api(cast, cast.clerk).post(
        f"{BASE}/{h.code}/change/",
        {"hardship_types": ["unemployment", "illness"], "reason": "户主失业"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["hardship_types"] == ["illness", "unemployment"]


def test_a_change_with_a_stale_version_is_a_409_and_changes_nothing(cast: Any) -> None:
    h = household(cast)
    before = snapshot(h)
    r = api(cast, cast.handler).post(
        f"{BASE}/{h.code}/change/",
        {"phone": "13900002222", "reason": "换号", "version": h.version + 1},
    )
    assert r.status_code == 409 and error(r)["code"] == "conflict"
    assert snapshot(h) == before


def test_a_change_without_a_reason_is_a_400_and_changes_nothing(cast: Any) -> None:
    h = household(cast)
    before = snapshot(h)
    r = api(cast, cast.handler).post(f"{BASE}/{h.code}/change/", {"phone": "13900002222"})
    assert r.status_code == 400 and "reason" in error(r)["fields"]
    assert snapshot(h) == before


def test_a_member_is_added(cast: Any) -> None:
    h = household(cast)
    r = api(cast, cast.clerk).post(
        f"{BASE}/{h.code}/member/",
        {
            "relation": "spouse",
            "birth_year": 1978,
            "health": "chronic",
            "disability": True,
            "employment": "unemployed",
            "allowance": "300.50",
            "other": "0",
            "version": h.version,
        },
    )
    assert r.status_code == 200, r.content
    spouse = next(m for m in r.json()["members"] if m["relation"] == "spouse")
    assert spouse["income"] == {"allowance": "300.50", "other": "0.00"}
    assert spouse["disability"] is True and spouse["monthly_income"] == "300.50"
    assert h.members.count() == 3


def test_a_member_with_a_negative_income_is_refused(cast: Any) -> None:
    h = household(cast)
    before = snapshot(h)
    r = api(cast, cast.clerk).post(
        f"{BASE}/{h.code}/member/",
        {"relation": "spouse", "birth_year": 1978, "employment": "employed", "wage": "-5"},
    )
    assert r.status_code == 400 and "wage" in error(r)["fields"]
    assert snapshot(h) == before


def test_a_household_is_closed_and_then_refuses_changes(cast: Any) -> None:
    h = household(cast)
    clerk = api(cast, cast.clerk)
    r = clerk.post(f"{BASE}/{h.code}/close/", {"reason": "户主已康复并重新就业"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "closed" and r.json()["closed_reason"] == "户主已康复并重新就业"
    before = snapshot(h)
    assert before[1] == HouseholdStatus.CLOSED
    r = clerk.post(f"{BASE}/{h.code}/close/", {"reason": "再关"})
    assert r.status_code == 400 and "already closed" in error(r)["message"]
    r = clerk.post(
        f"{BASE}/{h.code}/member/",
        {"relation": "child", "birth_year": 2015, "employment": "student"},
    )
    assert r.status_code == 400 and "closed" in error(r)["message"]
    assert snapshot(h) == before
    # Hardship returns: the household is reopened, not registered again.
    again = clerk.post(BASE + "/", new(id_number=h.id_number))
    assert again.status_code == 400 and "reopen it" in error(again)["message"]
    r = clerk.post(f"{BASE}/{h.code}/reopen/", {"reason": "户主旧病复发"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "registered" and r.json()["closed_reason"] == ""
    assert Household.objects.count() == 1


def test_an_outsider_gets_404_on_every_step_and_nothing_changes(cast: Any) -> None:
    h = household(cast)
    before = snapshot(h)
    for who in (api(cast, cast.outsider), api(cast, cast.chief, unit=Unit.objects.get(code="B"))):
        for action in HOUSEHOLD_ACTIONS:
            r = who.post(f"{BASE}/{h.code}/{action.name}/", action.example)
            assert r.status_code == 404 and error(r)["code"] == "not_found", action.name
    assert snapshot(h) == before


def test_the_auditor_sees_the_household_but_may_not_close_it(cast: Any) -> None:
    h = household(cast)
    before = snapshot(h)
    r = api(cast, cast.auditor).post(f"{BASE}/{h.code}/close/", {"reason": "x"})
    assert r.status_code == 403 and error(r)["code"] == "not_allowed"
    assert snapshot(h) == before


def test_the_head_above_acts_but_the_response_is_personal_only_where_allowed(cast: Any) -> None:
    h = household(cast)
    r = api(cast, cast.chief).post(f"{BASE}/{h.code}/close/", {"reason": "已脱困"})
    assert r.status_code == 200 and r.json()["personal"]["head_name"] == "王建国"
    assert AuditRecord.objects.filter(action="household.personal_view", actor=cast.chief).exists()


def test_every_declared_household_step_is_in_the_schema(db: Any) -> None:
    from django.test import Client

    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    assert "post" in schema["paths"]["/api/v1/assistance/households/"]
    for action in HOUSEHOLD_ACTIONS:
        op = schema["paths"][f"/api/v1/assistance/households/{{code}}/{action.name}/"]["post"]
        assert op["summary"] and op["requestBody"]["content"]["application/json"]["examples"]
        assert {"400", "403", "404", "409"} <= set(op["responses"])


def test_an_empty_address_sent_clears_it(cast: Any) -> None:
    h = household(cast)
    r = api(cast, cast.clerk).post(f"{BASE}/{h.code}/change/", {"address": "", "reason": "已搬离"})
    assert r.status_code == 200, r.content
    h.refresh_from_db()
    assert h.address == "" and h.phone == "13900001111"
