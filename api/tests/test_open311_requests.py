"""GET Service Requests, GET Service Request and GET service_request_id from a token: who
sees which requests, the standard filters and their defaults (90 days, 1000 requests,
newest first), and a grievance's life as an Open311 client sees it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from api.open311.testing import add_questions, as_json, as_xml, make_token, xml_errors
from grievances import lifecycle
from grievances.intake import new_code
from grievances.models import Channel, Grievance, Kind, State
from grievances.tests.helpers import at, frozen

FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
FACTS = "十月加班费因审批延误未发放，涉及四十二名工人。"
DECISION = "十一月十日前补发全部加班费。"


@pytest.fixture
def key(cast: Any) -> str:
    return make_token(cast.clerk, cast.workshop, ["grievances:intake"])


def post(client: Client, key: str, **extra: Any) -> Grievance:
    data = {
        "api_key": key,
        "service_code": "wages",
        "description": "三车间十月份的加班费到现在还没有发。",
        "lat": "31.230416",
        "long": "121.473701",
        "address_string": "一车间门口",
        "address_id": "A1-GATE",
        "media_url": "https://example.com/photo.jpg",
        **extra,
    }
    r = client.post("/open311/v2/requests.json", data)
    assert r.status_code == 200, r.content
    return Grievance.objects.get(code=as_json(r)[0]["service_request_id"])


def get(client: Client, path: str = "/open311/v2/requests.json", **params: Any) -> Any:
    r = client.get(path, params)
    assert r.status_code == 200, r.content
    return as_json(r)


def codes(body: list[dict[str, Any]]) -> list[str]:
    return [item["service_request_id"] for item in body]


def reply(cast: Any, g: Grievance) -> None:
    g = lifecycle.accept(g, by=cast.handler, reasons="属于本单位职责")
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    lifecycle.reply(g, by=cast.leader, facts=FACTS, decision=DECISION, reasons="依据工资支付规定")


# ---- the fields ---------------------------------------------------------------------------


def test_a_request_has_every_field_of_the_specification(
    client: Client, cast: Any, key: str
) -> None:
    with frozen(2026, 11, 2, 9, 30):
        g = post(client, key)
        [item] = get(client)
    assert list(item) == FIELDS
    assert item == {
        "service_request_id": g.code,
        "status": "open",
        "status_notes": None,
        "service_name": "Wages and benefits",
        "service_code": "wages",
        "description": "三车间十月份的加班费到现在还没有发。",
        "agency_responsible": "Workshop A1",
        "service_notice": "Whether this is taken up is decided by 2026-11-17; once it is,"
        " the reply is due within 60 days.",
        "requested_datetime": "2026-11-02T09:30:00+08:00",
        "updated_datetime": "2026-11-02T09:30:00+08:00",
        "expected_datetime": "2026-11-17T23:59:59+08:00",
        "address": "一车间门口",
        "address_id": "A1-GATE",
        "zipcode": None,
        "lat": 31.230416,
        "long": 121.473701,
        "media_url": "https://example.com/photo.jpg",
    }


def test_the_xml_has_the_specifications_element_names(client: Client, cast: Any, key: str) -> None:
    g = post(client, key)
    r = client.get("/open311/v2/requests.xml")
    assert r.status_code == 200
    root = as_xml(r)
    assert root.tag == "service_requests"
    [request] = list(root)
    assert request.tag == "request"
    assert [child.tag for child in request] == FIELDS
    assert request.findtext("service_request_id") == g.code
    assert request.findtext("status") == "open"
    assert request.findtext("lat") == "31.230416"
    assert request.findtext("zipcode") == ""
    assert datetime.fromisoformat(request.findtext("requested_datetime") or "").utcoffset()


def test_nothing_about_the_person_is_ever_returned(client: Client, cast: Any, key: str) -> None:
    add_questions(cast.category)
    reader = make_token(cast.leader, cast.workshop, ["grievances:read"])
    g = post(
        client,
        key,
        first_name="晓明",
        last_name="张",
        email="zhang@example.com",
        phone="13812345678",
        device_id="device-secret",
        account_id="account-secret",
        **{"attribute[PEOPLE]": "42", "attribute[MONTH]": "oct", "attribute[WHO]": "某某科长"},
    )
    for path in (
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{g.code}.json",
        f"/open311/v2/requests/{g.code}.xml",
    ):
        for params in ({}, {"api_key": reader}):
            text = client.get(path, params).content.decode("utf-8")
            assert g.code in text
            for secret in (
                "晓明",
                "zhang@",
                "13812345678",
                "device-secret",
                "account-secret",
                "某某科长",
            ):
                assert secret not in text, (path, secret)


# ---- who sees what ------------------------------------------------------------------------


def test_without_a_key_only_open311_requests_are_listed(
    client: Client, cast: Any, key: str
) -> None:
    from_open311 = post(client, key)
    from_portal, _secret = cast.submit()
    listed = codes(get(client))
    assert listed == [from_open311.code]
    assert from_portal.code not in listed
    r = client.get(f"/open311/v2/requests/{from_portal.code}.json")
    assert r.status_code == 404


def test_a_read_token_sees_its_units_cases_from_every_channel(
    client: Client, cast: Any, key: str
) -> None:
    from_open311 = post(client, key)
    from_portal, _secret = cast.submit()
    reader = make_token(cast.leader, cast.workshop, ["grievances:read"])
    assert codes(get(client, api_key=reader)) == [from_portal.code, from_open311.code]
    [item] = get(client, f"/open311/v2/requests/{from_portal.code}.json", api_key=reader)
    assert item["service_request_id"] == from_portal.code
    assert item["address_id"] is None and item["media_url"] is None


def test_an_outsiders_read_token_sees_only_the_public_requests(
    client: Client, cast: Any, key: str
) -> None:
    from_open311 = post(client, key)
    from_portal, _secret = cast.submit()
    outsider = make_token(cast.outsider, cast.branch_b, ["grievances:read"])
    assert codes(get(client, api_key=outsider)) == [from_open311.code]
    r = client.get(f"/open311/v2/requests/{from_portal.code}.json", {"api_key": outsider})
    assert r.status_code == 404


def test_a_token_narrows_its_users_scope_to_its_unit(client: Client, cast: Any) -> None:
    from_portal, _secret = cast.submit()
    # The chief sees everything in the console; a token for Branch B does not.
    narrow = make_token(cast.chief, cast.branch_b, ["grievances:read"])
    wide = make_token(cast.chief, cast.hq, ["grievances:read"])
    assert codes(get(client, api_key=narrow)) == []
    assert codes(get(client, api_key=wide)) == [from_portal.code]


def test_an_intake_only_token_sees_the_public_requests(client: Client, cast: Any, key: str) -> None:
    from_open311 = post(client, key)
    cast.submit()
    assert codes(get(client, api_key=key)) == [from_open311.code]


def test_a_wrong_key_on_a_get_is_403(client: Client, cast: Any) -> None:
    r = client.get("/open311/v2/requests.xml", {"api_key": "ms_wrong"})
    assert r.status_code == 403
    [(code, text)] = xml_errors(as_xml(r))
    assert code == "403" and "api_key" in text


# ---- a request through its life -----------------------------------------------------------


def test_accepted_means_open_with_the_reply_deadline(client: Client, cast: Any, key: str) -> None:
    with frozen(2026, 11, 2):
        g = post(client, key)
        g = lifecycle.accept(g, by=cast.handler, reasons="属于本单位职责")
    with frozen(2026, 11, 3):
        [item] = get(client)
    assert item["status"] == "open"
    assert item["expected_datetime"] == "2027-01-01T23:59:59+08:00"
    assert item["service_notice"] == "Taken up; the reply is due by 2027-01-01."
    assert item["updated_datetime"] == "2026-11-02T10:00:00+08:00"


def test_replied_means_closed_with_the_decision(client: Client, cast: Any, key: str) -> None:
    with frozen(2026, 11, 2):
        g = post(client, key)
    with frozen(2026, 11, 20, 15):
        reply(cast, g)
    with frozen(2026, 11, 21):
        [item] = get(client, f"/open311/v2/requests/{g.code}.json")
    assert item["status"] == "closed"
    assert item["status_notes"] == DECISION
    assert item["updated_datetime"] == "2026-11-20T15:00:00+08:00"
    assert item["expected_datetime"] is None and item["service_notice"] is None


def test_declined_means_closed_with_the_reasons(client: Client, cast: Any, key: str) -> None:
    g = post(client, key)
    lifecycle.decline(g, by=cast.handler, reasons="不属于本单位职责，请向劳动监察大队反映。")
    [item] = get(client, f"/open311/v2/requests/{g.code}.json")
    assert item["status"] == "closed"
    assert item["status_notes"] == "不属于本单位职责，请向劳动监察大队反映。"


def test_under_review_means_open_again(client: Client, cast: Any, key: str) -> None:
    g = post(client, key)
    reply(cast, g)
    lifecycle.request_review(Grievance.objects.get(pk=g.pk), reason="补发金额不对")
    [item] = get(client, f"/open311/v2/requests/{g.code}.json")
    assert item["status"] == "open"
    assert item["status_notes"] == "Under review at the complainant's request."
    assert item["expected_datetime"] is not None


def test_a_merged_request_follows_its_collective_case(client: Client, cast: Any, key: str) -> None:
    primary, _secret = cast.submit()
    g = post(client, key)
    lifecycle.merge(primary, [g], by=cast.leader)
    [item] = get(client, f"/open311/v2/requests/{g.code}.json")
    assert item["status"] == "open"
    assert "collective case" in item["status_notes"]
    assert codes(get(client, status="open")) == [g.code]
    assert codes(get(client, status="closed")) == []
    reply(cast, Grievance.objects.get(pk=primary.pk))
    [item] = get(client, f"/open311/v2/requests/{g.code}.json")
    assert (item["status"], item["status_notes"]) == ("closed", DECISION)


def test_a_merged_request_whose_collective_case_was_declined_is_closed(
    client: Client, cast: Any, key: str
) -> None:
    primary, _secret = cast.submit()
    g = post(client, key)
    lifecycle.merge(primary, [g], by=cast.leader)
    lifecycle.decline(Grievance.objects.get(pk=primary.pk), by=cast.handler, reasons="已处理完毕")
    [item] = get(client, f"/open311/v2/requests/{g.code}.json")
    assert (item["status"], item["status_notes"]) == ("closed", "已处理完毕")
    assert codes(get(client, status="closed")) == [g.code]


# ---- filters ------------------------------------------------------------------------------


def test_service_request_id_lists_are_comma_separated_and_override_other_filters(
    client: Client, cast: Any, key: str
) -> None:
    with frozen(2026, 1, 5):
        old = post(client, key)
    with frozen(2026, 11, 2):
        a = post(client, key)
        b = post(client, key)
        post(client, key)
        lifecycle.decline(b, by=cast.handler, reasons="重复")
        messy = f" {a.code.lower().replace('-', '')} ,{b.code},{old.code},NOPE"
        listed = codes(get(client, service_request_id=messy, status="open", service_code="x"))
    assert listed == [b.code, a.code, old.code]


def test_service_code_filters_one_or_several_services(client: Client, cast: Any, key: str) -> None:
    from grievances.models import Category

    Category.objects.create(code="housing", name="住房", name_en="Housing")
    wages = post(client, key)
    housing = post(client, key, service_code="housing")
    assert codes(get(client, service_code="wages")) == [wages.code]
    assert codes(get(client, service_code="wages,housing")) == [housing.code, wages.code]
    assert codes(get(client, service_code=["wages", "housing"])) == [housing.code, wages.code]
    assert codes(get(client, service_code="potholes")) == []


def test_status_filters_open_closed_or_both(client: Client, cast: Any, key: str) -> None:
    open_one = post(client, key)
    closed_one = post(client, key)
    lifecycle.decline(closed_one, by=cast.handler, reasons="重复")
    assert codes(get(client, status="open")) == [open_one.code]
    assert codes(get(client, status="closed")) == [closed_one.code]
    assert codes(get(client, status="open,closed")) == [closed_one.code, open_one.code]
    assert codes(get(client, status="OPEN")) == [open_one.code]
    r = client.get("/open311/v2/requests.json", {"status": "pending"})
    assert r.status_code == 400
    assert "status must be open or closed" in as_json(r)[0]["description"]


def test_the_default_window_is_the_last_90_days(client: Client, cast: Any, key: str) -> None:
    with frozen(2026, 8, 1):
        post(client, key)  # 93 days before
    with frozen(2026, 8, 10):
        inside = post(client, key)  # 84 days before
    with frozen(2026, 11, 2):
        assert codes(get(client)) == [inside.code]


def test_start_and_end_date_select_by_requested_datetime(
    client: Client, cast: Any, key: str
) -> None:
    with frozen(2026, 3, 1):
        march = post(client, key)
    with frozen(2026, 5, 1):
        may = post(client, key)
    with frozen(2026, 11, 2):
        assert codes(
            get(client, start_date="2026-02-15T00:00:00Z", end_date="2026-04-01T00:00:00+08:00")
        ) == [march.code]
        # Only a start: the 90 days after it.
        assert codes(get(client, start_date="2026-01-15T00:00:00Z")) == [march.code]
        # Only an end: the 90 days before it.
        assert codes(get(client, end_date="2026-05-02T00:00:00+08:00")) == [may.code, march.code]
        assert codes(get(client, end_date="2026-04-30T00:00:00+08:00")) == [march.code]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "yesterday"}, "start_date is not a date and time in ISO 8601"),
        ({"end_date": "2026-13-01T00:00:00Z"}, "end_date is not a date and time"),
        ({"start_date": "2026-10-01T00:00:00"}, "start_date has no time zone"),
        ({"start_date": "2026-10-01"}, "start_date has no time zone"),
        ({"start_date": "9999-12-31T23:59:59Z"}, "between the years 1900 and 2999"),
        ({"end_date": "0001-01-01T00:00:00+08:00"}, "between the years 1900 and 2999"),
        (
            {"start_date": "2026-10-01T00:00:00Z", "end_date": "2026-09-01T00:00:00Z"},
            "end_date is before start_date",
        ),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "may not span more than 90 days",
        ),
    ],
)
def test_bad_dates_are_400(client: Client, cast: Any, params: dict[str, str], message: str) -> None:
    for suffix in ("json", "xml"):
        r = client.get(f"/open311/v2/requests.{suffix}", params)
        assert r.status_code == 400
        text = as_json(r)[0]["description"] if suffix == "json" else xml_errors(as_xml(r))[0][1]
        assert message in text


def _bulk(cast: Any, n: int, start: datetime) -> list[str]:
    rows = [
        Grievance(
            code=new_code(),
            channel=Channel.OPEN311,
            kind=Kind.COMPLAINT,
            category=cast.category,
            subject=f"第{i}件",
            description=f"第{i}件诉求",
            unit=cast.workshop,
            state=State.RECEIVED,
            received_at=start + timedelta(minutes=i),
            accept_due=(start + timedelta(days=15)).date(),
        )
        for i in range(n)
    ]
    Grievance.objects.bulk_create(rows)
    return [g.code for g in reversed(rows)]


def test_at_most_1000_requests_newest_first(client: Client, cast: Any) -> None:
    now = timezone.now()
    newest_first = _bulk(cast, 1001, now - timedelta(days=2))
    listed = codes(get(client))
    assert len(listed) == 1000
    assert listed == newest_first[:1000]


def test_the_limit_is_a_setting(client: Client, cast: Any, settings: Any) -> None:
    settings.MINSHENG_OPEN311_MAX_REQUESTS = 3
    newest_first = _bulk(cast, 5, timezone.now() - timedelta(days=1))
    assert codes(get(client)) == newest_first[:3]
    r = client.get("/open311/v2/requests.xml")
    assert len(list(as_xml(r))) == 3


def test_listing_takes_a_fixed_number_of_queries(
    client: Client, cast: Any, key: str, django_assert_max_num_queries: Any
) -> None:
    for _i in range(5):
        g = post(client, key)
    reply(cast, g)
    with django_assert_max_num_queries(3):
        assert len(get(client)) == 5


# ---- one request and tokens ---------------------------------------------------------------


def test_one_request_is_a_one_element_list_in_both_formats(
    client: Client, cast: Any, key: str
) -> None:
    g = post(client, key)
    body = get(client, f"/open311/v2/requests/{g.code}.json")
    assert isinstance(body, list) and len(body) == 1
    assert list(body[0]) == FIELDS
    root = as_xml(client.get(f"/open311/v2/requests/{g.code}.xml"))
    assert root.tag == "service_requests"
    assert [r.tag for r in root] == ["request"]
    assert root.findtext("request/service_request_id") == g.code


def test_an_unknown_request_is_404_in_both_formats(client: Client, cast: Any) -> None:
    r = client.get("/open311/v2/requests/AAAA-BBBB-CCCC.json")
    assert r.status_code == 404
    assert "AAAA-BBBB-CCCC" in as_json(r)[0]["description"]
    r = client.get("/open311/v2/requests/AAAA-BBBB-CCCC.xml")
    assert r.status_code == 404
    assert xml_errors(as_xml(r))[0][0] == "404"


def test_a_token_gives_the_request_id(client: Client, cast: Any, key: str) -> None:
    client.post("/open311/v2/requests.xml", {**_form(key)})
    g = Grievance.objects.get()
    token = str(g.open311_detail.token)  # handed out by earlier versions' POST answers
    assert get(client, f"/open311/v2/tokens/{token}.json") == [
        {"service_request_id": g.code, "token": token}
    ]
    root = as_xml(client.get(f"/open311/v2/tokens/{token}.xml"))
    assert root.tag == "service_requests"
    assert [(c.tag, c.text) for c in root.find("request") or ET.Element("x")] == [
        ("service_request_id", g.code),
        ("token", token),
    ]


@pytest.mark.parametrize("token", ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "1"])
def test_an_unknown_token_is_404(client: Client, cast: Any, token: str) -> None:
    r = client.get(f"/open311/v2/tokens/{token}.json")
    assert r.status_code == 404
    assert "token" in as_json(r)[0]["description"]


def _form(key: str) -> dict[str, str]:
    return {
        "api_key": key,
        "service_code": "wages",
        "description": "加班费没有发",
        "address_string": "一车间",
    }


def test_times_are_in_the_servers_zone_with_the_offset(client: Client, cast: Any, key: str) -> None:
    with time_machine.travel(datetime(2026, 11, 2, 1, 30, tzinfo=UTC), tick=False):
        post(client, key)
        [item] = get(client)
    assert item["requested_datetime"] == "2026-11-02T09:30:00+08:00"
    assert at(2026, 11, 2, 9, 30) == datetime.fromisoformat(item["requested_datetime"])
