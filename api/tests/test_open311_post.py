"""POST Service Request: an Open311 request becomes a grievance of the token's unit, through
the same intake as every channel; bad input is refused in the specification's error shape
with nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from api.models import ApiToken
from api.open311.models import RequestDetail
from api.open311.testing import add_questions, as_json, as_xml, make_token, xml_errors
from audit.models import AuditRecord
from grievances.intake import secret_matches
from grievances.models import (
    Attachment,
    Channel,
    Complainant,
    EventKind,
    Grievance,
    IdentityMode,
    Kind,
    State,
    TimelineEvent,
)
from grievances.tests import samples

URL = "/open311/v2/requests.json"
XML_URL = "/open311/v2/requests.xml"
DESCRIPTION = "三车间十月份的加班费到现在还没有发。\n约四十名工人受影响。"


@pytest.fixture
def key(cast: Any) -> str:
    return make_token(cast.clerk, cast.workshop, ["grievances:intake"])


def form(key: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api_key": key,
        "service_code": "wages",
        "description": DESCRIPTION,
        "lat": "31.230416",
        "long": "121.473701",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def assert_nothing_written() -> None:
    assert Grievance.objects.count() == 0
    assert RequestDetail.objects.count() == 0
    assert Complainant.objects.count() == 0
    assert TimelineEvent.objects.count() == 0
    assert Attachment.objects.count() == 0


def errors_of(response: Any) -> list[dict[str, Any]]:
    body = as_json(response)
    assert isinstance(body, list) and body, body
    for e in body:
        assert set(e) == {"code", "description"}
        assert e["code"] == response.status_code
    return body


def test_it_creates_a_grievance_for_the_tokens_unit(client: Client, cast: Any, key: str) -> None:
    r = client.post(URL, form(key, address_string="上海市黄浦区人民大道200号"))
    assert r.status_code == 200
    body = as_json(r)
    assert isinstance(body, list) and len(body) == 1
    item = body[0]
    g = Grievance.objects.get()
    # Realtime: the id, and no token (GeoReport v2 returns one or the other).
    assert set(item) == {"service_request_id", "service_notice", "account_id"}
    assert item["service_request_id"] == g.code
    assert item["account_id"] is None
    assert g.accept_due.isoformat() in item["service_notice"]
    assert g.channel == Channel.OPEN311
    assert g.kind == Kind.COMPLAINT
    assert g.unit == cast.workshop
    assert g.category == cast.category
    assert g.state == State.RECEIVED
    assert g.description == DESCRIPTION
    assert g.subject == "三车间十月份的加班费到现在还没有发。"
    assert g.location == "上海市黄浦区人民大道200号"
    assert str(g.latitude) == "31.230416" and str(g.longitude) == "121.473701"
    assert g.created_by == cast.clerk
    assert g.identity_mode == IdentityMode.ANONYMOUS and g.complainant is None
    assert g.events.get().kind == EventKind.RECEIVED
    assert AuditRecord.objects.filter(action="grievance.received").count() == 1


def test_the_notice_carries_the_tracking_secret_for_the_portal(
    client: Client, cast: Any, key: str
) -> None:
    item = as_json(client.post(URL, form(key)))[0]
    g = Grievance.objects.get()
    secret = item["service_notice"].rsplit(" ", 1)[1].rstrip(".")
    assert secret_matches(g, secret)


def test_it_answers_in_xml(client: Client, cast: Any, key: str) -> None:
    r = client.post(XML_URL, form(key, account_id="acct-42"))
    assert r.status_code == 200
    root = as_xml(r)
    assert root.tag == "service_requests"
    [request] = list(root)
    assert request.tag == "request"
    assert [c.tag for c in request] == [
        "service_request_id",
        "service_notice",
        "account_id",
    ]
    assert request.findtext("service_request_id") == Grievance.objects.get().code
    assert request.findtext("account_id") == "acct-42"


def test_contact_fields_make_a_named_complainant(client: Client, cast: Any, key: str) -> None:
    client.post(
        URL,
        form(
            key,
            first_name="晓明",
            last_name="张",
            email="zhang@example.com",
            phone="13812345678",
            device_id="device-1",
            account_id="acct-1",
        ),
    )
    g = Grievance.objects.get()
    assert g.identity_mode == IdentityMode.NAMED
    assert g.complainant is not None
    assert g.complainant.name == "张晓明"
    assert g.complainant.email == "zhang@example.com"
    assert g.complainant.phone == "13812345678"
    detail = g.open311_detail
    assert (detail.device_id, detail.account_id) == ("device-1", "acct-1")
    # Encrypted at rest: the columns do not hold the ids.
    with connection.cursor() as cur:
        cur.execute("SELECT device_id, account_id FROM api_requestdetail")
        stored = cur.fetchone()
    assert "device-1" not in stored[0] and "acct-1" not in stored[1]


def test_western_names_keep_their_order(client: Client, cast: Any, key: str) -> None:
    client.post(URL, form(key, first_name="John", last_name="Smith"))
    assert Grievance.objects.get().complainant.name == "John Smith"


def test_an_email_without_a_name_is_kept_as_the_contact(
    client: Client, cast: Any, key: str
) -> None:
    client.post(URL, form(key, email="someone@example.com"))
    g = Grievance.objects.get()
    assert g.identity_mode == IdentityMode.NAMED
    assert g.complainant.email == "someone@example.com"


def test_attribute_answers_are_stored_and_noted_for_staff(
    client: Client, cast: Any, key: str
) -> None:
    add_questions(cast.category)
    data = form(key)
    data.update(
        {
            "attribute[PEOPLE]": "40",
            "attribute[MONTH]": "oct",
            "attribute[KINDS][]": ["overtime", "bonus"],
            "attribute[SINCE]": "2026-10-15T09:00:00+08:00",
            "attribute[WHO]": "财务科",
            "attribute[MORE]": "第一行\n第二行",
            "attribute[NOTE]": "ignored: nothing is asked",
            "attribute[UNKNOWN]": "ignored too",
        }
    )
    r = client.post(URL, data)
    assert r.status_code == 200, r.content
    g = Grievance.objects.get()
    assert g.open311_detail.attributes == {
        "PEOPLE": "40",
        "MONTH": "oct",
        "KINDS": ["overtime", "bonus"],
        "SINCE": "2026-10-15T09:00:00+08:00",
        "WHO": "财务科",
        "MORE": "第一行\n第二行",
    }
    note = g.events.get(kind=EventKind.NOTE)
    assert note.public is False
    assert "Which month's pay is owed?: October" in note.text
    assert "Overtime, Bonus" in note.text


def test_php_style_indexed_list_values_are_read(client: Client, cast: Any, key: str) -> None:
    add_questions(cast.category)
    data = form(key)
    data.update(
        {
            "attribute[PEOPLE]": "3",
            "attribute[MONTH]": "nov",
            "attribute[KINDS][0]": "base",
            "attribute[KINDS][1]": "bonus",
        }
    )
    assert client.post(URL, data).status_code == 200
    assert Grievance.objects.get().open311_detail.attributes["KINDS"] == ["base", "bonus"]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"attribute[MONTH]": "oct"}, "attribute[PEOPLE] is required"),
        ({"attribute[PEOPLE]": "forty", "attribute[MONTH]": "oct"}, "must be a number"),
        ({"attribute[PEOPLE]": "NaN", "attribute[MONTH]": "oct"}, "must be a number"),
        ({"attribute[PEOPLE]": "4", "attribute[MONTH]": "dec"}, "is not one of the choices"),
        (
            {"attribute[PEOPLE]": "4", "attribute[MONTH]": ["oct", "nov"]},
            "takes one value",
        ),
        (
            {"attribute[PEOPLE]": "4", "attribute[MONTH]": "oct", "attribute[KINDS][]": "x"},
            "is not one of the choices",
        ),
        (
            {"attribute[PEOPLE]": "4", "attribute[MONTH]": "oct", "attribute[SINCE]": "yesterday"},
            "ISO 8601",
        ),
        (
            {
                "attribute[PEOPLE]": "4",
                "attribute[MONTH]": "oct",
                "attribute[SINCE]": "2026-10-15T09:00:00",
            },
            "has no time zone",
        ),
        (
            {
                "attribute[PEOPLE]": "4",
                "attribute[MONTH]": "oct",
                "attribute[SINCE]": "0001-01-01T00:00:00+08:00",
            },
            "between the years 1900 and 2999",
        ),
        (
            {"attribute[PEOPLE]": "4", "attribute[MONTH]": "oct", "attribute[WHO]": "a\nb"},
            "must be on one line",
        ),
        (
            {"attribute[PEOPLE]": "4", "attribute[MONTH]": "oct", "attribute[MORE]": "x" * 4001},
            "longer than 4000",
        ),
    ],
)
def test_it_refuses_invalid_attribute_values(
    client: Client, cast: Any, key: str, answers: dict[str, Any], message: str
) -> None:
    add_questions(cast.category)
    data = form(key)
    data.update(answers)
    r = client.post(URL, data)
    assert r.status_code == 400
    assert any(message in e["description"] for e in errors_of(r)), r.content
    assert_nothing_written()


def test_it_reports_every_problem_at_once(client: Client, cast: Any, key: str) -> None:
    add_questions(cast.category)
    r = client.post(URL, form(key, description=None, lat=None, long=None, email="nope"))
    assert r.status_code == 400
    texts = " ".join(e["description"] for e in errors_of(r))
    for expected in (
        "A location is required",
        "email is not an e-mail address",
        "attribute[PEOPLE] is required",
        "attribute[MONTH] is required",
    ):
        assert expected in texts
    assert_nothing_written()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service_code": None}, "service_code was not provided"),
        ({"service_code": ""}, "service_code was not provided"),
        ({"lat": None, "long": None}, "A location is required"),
        ({"long": None}, "lat and long must be given together"),
        ({"lat": "north"}, "lat must be a number between -90 and 90"),
        ({"lat": "91"}, "lat must be a number between -90 and 90"),
        ({"long": "-180.5"}, "long must be a number between -180 and 180"),
        ({"long": "Infinity"}, "long must be a number"),
        ({"media_url": "javascript:alert(1)"}, "media_url is not an http or https URL"),
        ({"email": "not-an-address"}, "email is not an e-mail address"),
        ({"first_name": "名" * 101}, "first_name is longer than 100 characters"),
        ({"device_id": "d" * 201}, "device_id is longer than 200 characters"),
        ({"address_string": "路" * 301}, "address_string is longer than 300 characters"),
        ({"description": "字" * 5001}, "The description is longer than 5000 characters"),
        ({"description": "bad\x00byte"}, "NUL"),
    ],
)
def test_it_refuses_bad_input(
    client: Client, cast: Any, key: str, changes: dict[str, Any], message: str
) -> None:
    data = form(key)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    r = client.post(URL, data)
    assert r.status_code == 400
    assert any(message in e["description"] for e in errors_of(r)), r.content
    assert_nothing_written()


def test_address_string_alone_is_a_location(client: Client, cast: Any, key: str) -> None:
    r = client.post(URL, form(key, lat=None, long=None, address_string="三车间"))
    assert r.status_code == 200
    g = Grievance.objects.get()
    assert g.location == "三车间" and g.latitude is None


def test_address_id_alone_is_a_location(client: Client, cast: Any, key: str) -> None:
    r = client.post(URL, form(key, lat=None, long=None, address_id="BLDG-3"))
    assert r.status_code == 200
    assert Grievance.objects.get().open311_detail.address_id == "BLDG-3"


def test_an_unknown_service_is_404(client: Client, cast: Any, key: str) -> None:
    r = client.post(URL, form(key, service_code="potholes"))
    assert r.status_code == 404
    assert "potholes" in errors_of(r)[0]["description"]
    assert_nothing_written()


def test_an_inactive_service_is_404(client: Client, cast: Any, key: str) -> None:
    cast.category.active = False
    cast.category.save()
    assert client.post(URL, form(key)).status_code == 404
    assert_nothing_written()


def test_without_api_key_it_is_403(client: Client, cast: Any) -> None:
    r = client.post(URL, form("", api_key=None))
    assert r.status_code == 403
    assert "api_key was not provided" in errors_of(r)[0]["description"]
    assert_nothing_written()


def test_an_empty_api_key_is_no_api_key(client: Client, cast: Any) -> None:
    r = client.post(URL, form(""))
    assert r.status_code == 403
    assert "api_key was not provided" in errors_of(r)[0]["description"]


def test_a_wrong_api_key_is_403(client: Client, cast: Any, key: str) -> None:
    r = client.post(XML_URL, form(key + "x"))
    assert r.status_code == 403
    [(code, text)] = xml_errors(as_xml(r))
    assert code == "403" and "api_key is not valid" in text
    assert_nothing_written()


def test_a_revoked_api_key_is_403(client: Client, cast: Any, key: str) -> None:
    ApiToken.objects.update(revoked=True)
    assert client.post(URL, form(key)).status_code == 403
    assert_nothing_written()


def test_a_token_without_intake_scope_is_403(client: Client, cast: Any) -> None:
    reader = make_token(cast.leader, cast.workshop, ["grievances:read"])
    r = client.post(URL, form(reader))
    assert r.status_code == 403
    assert "intake" in errors_of(r)[0]["description"]
    assert_nothing_written()


def test_the_token_of_a_sibling_unit_brings_cases_to_its_own_unit(
    client: Client, cast: Any
) -> None:
    outsider = make_token(cast.outsider, cast.branch_b, ["grievances:intake"])
    assert client.post(URL, form(outsider)).status_code == 200
    assert Grievance.objects.get().unit == cast.branch_b


def test_the_right_jurisdiction_is_accepted_and_a_wrong_one_is_404(
    client: Client, cast: Any, key: str
) -> None:
    r = client.post(URL, form(key, jurisdiction_id="elsewhere.gov"))
    assert r.status_code == 404
    assert "jurisdiction_id" in errors_of(r)[0]["description"]
    assert_nothing_written()
    assert client.post(URL, form(key, jurisdiction_id="minsheng.local")).status_code == 200


def test_csrf_does_not_block_a_post(cast: Any, key: str) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, form(key)).status_code == 200


def test_a_media_file_becomes_an_attachment(client: Client, cast: Any, key: str) -> None:
    photo = SimpleUploadedFile("photo.png", samples.png(), "image/png")
    r = client.post(URL, {**form(key), "media": photo})
    assert r.status_code == 200
    a = Attachment.objects.get()
    assert a.grievance == Grievance.objects.get()
    assert a.name == "photo.png"


def test_a_media_file_of_a_wrong_type_is_refused(client: Client, cast: Any, key: str) -> None:
    fake = SimpleUploadedFile("photo.png", b"MZ not a png", "image/png")
    r = client.post(URL, {**form(key), "media": fake})
    assert r.status_code == 400
    assert "does not look like" in errors_of(r)[0]["description"]
    assert_nothing_written()


def test_a_media_file_over_the_limit_is_refused(
    client: Client, cast: Any, key: str, settings: Any
) -> None:
    settings.MINSHENG_MAX_UPLOAD_BYTES = 50
    photo = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
    r = client.post(URL, {**form(key), "media": photo})
    assert r.status_code == 400
    assert "larger than the limit" in errors_of(r)[0]["description"]
    assert_nothing_written()


def test_an_oversized_body_is_refused_before_it_is_read(
    client: Client, cast: Any, key: str, settings: Any
) -> None:
    settings.MINSHENG_MAX_UPLOAD_BYTES = 10
    settings.MINSHENG_MAX_ATTACHMENTS = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    r = client.post(URL, form(key, description="x" * 1000))
    assert r.status_code == 413
    assert "too large" in errors_of(r)[0]["description"]
    assert_nothing_written()


def test_a_form_body_over_djangos_limit_is_413(
    client: Client, cast: Any, key: str, settings: Any
) -> None:
    # Within our own cap (uploads count), but over Django's limit for form fields.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    r = client.post(URL, form(key, description="x" * 1000))
    assert r.status_code == 413
    assert_nothing_written()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"service_code": "wages"', "application/json"),
        ("<request><service_code>wages</service_code></request>", "text/xml"),
        ("service_code=wages", "text/plain"),
    ],
)
def test_a_json_or_xml_body_is_refused_with_the_reason(
    client: Client, cast: Any, key: str, body: str, content_type: str
) -> None:
    r = client.post(URL + f"?api_key={key}", body, content_type=content_type)
    assert r.status_code == 400
    assert "form-encoded" in errors_of(r)[0]["description"]
    assert_nothing_written()


def test_a_post_with_everything_in_its_query_string_and_no_body(
    client: Client, cast: Any, key: str
) -> None:
    r = client.post(f"{URL}?api_key={key}&service_code=wages&description=x&address_id=A1")
    assert r.status_code == 200, r.content


def test_a_failure_after_intake_leaves_nothing_behind(
    client: Client, cast: Any, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(RequestDetail.objects, "create", broken)
    r = client.post(URL, form(key))
    assert r.status_code == 500
    assert errors_of(r)[0]["description"].startswith("Something went wrong")
    assert_nothing_written()


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=x"],
)
def test_a_broken_multipart_body_is_400(
    client: Client, cast: Any, key: str, content_type: str
) -> None:
    r = client.post(URL + f"?api_key={key}", b"--y\r\ngarbage", content_type=content_type)
    assert r.status_code == 400
    assert errors_of(r)
    assert_nothing_written()


# ---- description is optional (GeoReport v2) -----------------------------------------------


@pytest.mark.parametrize("description", [None, "", "   "])
def test_a_request_without_a_description_is_accepted_with_the_service_as_its_text(
    client: Client, cast: Any, key: str, description: str | None
) -> None:
    r = client.post(URL + "?locale=zh_CN", form(key, description=description))
    assert r.status_code == 200, r.content
    g = Grievance.objects.get()
    assert as_json(r)[0]["service_request_id"] == g.code
    assert g.description == "工资福利"  # the service's name, in the request's language
    assert g.subject == "工资福利"


def test_without_a_description_the_text_is_composed_from_the_chosen_answers(
    client: Client, cast: Any, key: str
) -> None:
    add_questions(cast.category)
    data = form(key, description=None)
    data.update(
        {
            "attribute[PEOPLE]": "40",
            "attribute[MONTH]": "oct",
            "attribute[KINDS][]": ["overtime", "bonus"],
            "attribute[WHO]": "财务科王会计",
        }
    )
    r = client.post(URL + "?locale=en", data)
    assert r.status_code == 200, r.content
    g = Grievance.objects.get()
    assert g.description.splitlines() == [
        "Wages and benefits",
        "How many people are affected?: 40",
        "Which month's pay is owed?: October",
        "Which payments are involved?: Overtime, Bonus",
    ]
    assert g.subject == "Wages and benefits"
    # A typed answer may name a person: it stays on the staff-only note, out of the
    # description that every GET returns.
    assert "财务科王会计" not in g.description
    assert "财务科王会计" in g.events.get(kind=EventKind.NOTE).text
    public = as_json(client.get(f"/open311/v2/requests/{g.code}.json"))[0]
    assert "财务科王会计" not in str(public)


def test_a_request_without_a_description_still_needs_the_required_answers(
    client: Client, cast: Any, key: str
) -> None:
    add_questions(cast.category)
    r = client.post(URL, form(key, description=None))
    assert r.status_code == 400
    assert "attribute[PEOPLE] is required" in " ".join(e["description"] for e in errors_of(r))
    assert_nothing_written()
