"""Real Open311 clients differ from the specification's examples; each difference listed in
the issue is served here: the suffix decides the format, JSON lists are bare arrays, errors
are always the specification's list (never an HTML page), unknown parameters are ignored, an
empty parameter is no parameter, a POST's parameters may sit in its query string, a POST may
be multipart with a media file, and datetimes carry a time zone both ways."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from api.open311.testing import as_json, as_xml, make_token, xml_errors
from grievances.models import Attachment, Grievance
from grievances.tests import samples
from grievances.tests.helpers import frozen


@pytest.fixture
def key(cast: Any) -> str:
    return make_token(cast.clerk, cast.workshop, ["grievances:intake"])


def form(key: str, **extra: str) -> dict[str, str]:
    return {
        "api_key": key,
        "service_code": "wages",
        "description": "加班费没有发",
        "address_string": "一车间",
        **extra,
    }


# ---- the suffix decides the format --------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["discovery", "services", "services/wages", "requests"],
)
def test_the_suffix_decides_the_format_whatever_the_accept_header(
    client: Client, cast: Any, path: str
) -> None:
    as_xml(client.get(f"/open311/v2/{path}.xml", HTTP_ACCEPT="application/json"))
    as_json(client.get(f"/open311/v2/{path}.json", HTTP_ACCEPT="text/xml"))
    as_xml(client.get(f"/open311/v2/{path}.XML"))


@pytest.mark.parametrize("path", ["discovery", "services", "services/wages", "requests"])
def test_without_a_suffix_it_is_json_unless_xml_is_asked_for(
    client: Client, cast: Any, path: str
) -> None:
    as_json(client.get(f"/open311/v2/{path}"))
    as_json(client.get(f"/open311/v2/{path}", HTTP_ACCEPT="*/*"))
    as_xml(client.get(f"/open311/v2/{path}", HTTP_ACCEPT="text/xml"))
    as_xml(client.get(f"/open311/v2/{path}", HTTP_ACCEPT="application/xml, application/json"))
    as_json(client.get(f"/open311/v2/{path}", HTTP_ACCEPT="application/json, text/xml;q=0.5"))


def test_a_trailing_slash_is_forgiven(client: Client, cast: Any) -> None:
    assert client.get("/open311/v2/services.json/").status_code == 200


# ---- JSON lists are bare arrays -----------------------------------------------------------


def test_json_lists_are_bare_arrays_a_single_request_too(
    client: Client, cast: Any, key: str
) -> None:
    created = as_json(client.post("/open311/v2/requests.json", form(key)))
    assert isinstance(created, list) and len(created) == 1
    code = created[0]["service_request_id"]
    token = str(Grievance.objects.get(code=code).open311_detail.token)
    for path in (
        "services.json",
        "requests.json",
        f"requests/{code}.json",
        f"tokens/{token}.json",
        "requests/NOPE.json",
    ):
        body = as_json(client.get(f"/open311/v2/{path}"))
        assert isinstance(body, list), path
        assert len(body) == 1, path


# ---- errors are always the specification's list -------------------------------------------


@pytest.mark.parametrize(
    "path", ["nothing.json", "services/wages/extra.json", "requests.csv", "v3/"]
)
def test_an_unknown_path_is_a_json_error_list(client: Client, cast: Any, path: str) -> None:
    r = client.get(f"/open311/v2/{path}")
    assert r.status_code == 404
    assert as_json(r) == [
        {"code": 404, "description": f"There is no Open311 resource at /open311/v2/{path}."}
    ]


def test_an_unknown_xml_path_is_an_xml_error_list(client: Client, cast: Any) -> None:
    r = client.post("/open311/v2/reqs.xml")
    assert r.status_code == 404
    [(code, _text)] = xml_errors(as_xml(r))
    assert code == "404"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "requests.json", "GET, POST, HEAD, OPTIONS"),
        ("delete", "requests.xml", "GET, POST, HEAD, OPTIONS"),
        ("post", "services.json", "GET, HEAD, OPTIONS"),
        ("patch", "services/wages.xml", "GET, HEAD, OPTIONS"),
        ("post", "discovery.json", "GET, HEAD, OPTIONS"),
        ("post", "tokens/x.json", "GET, HEAD, OPTIONS"),
    ],
)
def test_a_wrong_method_is_405_in_the_specifications_shape(
    client: Client, cast: Any, method: str, path: str, allow: str
) -> None:
    r = getattr(client, method)(f"/open311/v2/{path}")
    assert r.status_code == 405
    assert r["Allow"] == allow
    if path.endswith(".xml"):
        [(code, _text)] = xml_errors(as_xml(r))
        assert code == "405"
    else:
        assert as_json(r)[0]["code"] == 405


def test_head_and_options_answer(client: Client, cast: Any) -> None:
    assert client.head("/open311/v2/services.json").status_code == 200
    r = client.options("/open311/v2/requests.json")
    assert r.status_code == 204
    assert r["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert r["Access-Control-Allow-Origin"] == "*"


def test_any_site_may_read_the_answers(client: Client, cast: Any) -> None:
    assert client.get("/open311/v2/services.json")["Access-Control-Allow-Origin"] == "*"


def test_an_unexpected_failure_is_still_an_error_list(
    client: Client, cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.open311 import catalogue

    def broken() -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(catalogue, "services", broken)
    r = client.get("/open311/v2/services.xml")
    assert r.status_code == 500
    [(code, text)] = xml_errors(as_xml(r))
    assert (code, text) == ("500", "Something went wrong on our side.")


# ---- parameters ---------------------------------------------------------------------------


def test_unknown_parameters_are_ignored(client: Client, cast: Any, key: str) -> None:
    r = client.post(
        "/open311/v2/requests.json",
        form(key, format="xml", callback="x", page="2", service_name="Other"),
    )
    assert r.status_code == 200
    r = client.get("/open311/v2/requests.json", {"page_size": "5", "foo": "bar", "sort": "x"})
    assert r.status_code == 200 and len(as_json(r)) == 1


def test_an_empty_parameter_is_no_parameter(client: Client, cast: Any, key: str) -> None:
    r = client.post(
        "/open311/v2/requests.json",
        form(key, lat="", long="", email="", media_url="", jurisdiction_id="", first_name=""),
    )
    assert r.status_code == 200, r.content
    g = Grievance.objects.get()
    assert g.latitude is None and g.complainant is None
    r = client.get(
        "/open311/v2/requests.json",
        {
            "service_request_id": "",
            "service_code": "",
            "start_date": "",
            "end_date": "",
            "status": "",
            "api_key": "",
        },
    )
    assert [i["service_request_id"] for i in as_json(r)] == [g.code]


def test_a_posts_parameters_may_arrive_in_its_query_string(
    client: Client, cast: Any, key: str
) -> None:
    r = client.post(
        f"/open311/v2/requests.json?api_key={key}&service_code=wages&description=from+the+url",
        {"address_string": "一车间", "description": "from the body"},
    )
    assert r.status_code == 200, r.content
    # Where both carry a parameter, the body wins.
    assert Grievance.objects.get().description == "from the body"


def test_a_multipart_post_with_a_media_file(client: Client, cast: Any, key: str) -> None:
    photo = SimpleUploadedFile("现场.jpg", samples.jpeg(), "image/jpeg")
    r = client.post("/open311/v2/requests.xml", {**form(key), "media": photo})
    assert r.status_code == 200
    assert as_xml(r).findtext("request/service_request_id") == Grievance.objects.get().code
    assert Attachment.objects.get().name == "现场.jpg"


# ---- datetimes carry a time zone both ways ------------------------------------------------


def test_every_datetime_out_carries_its_offset(client: Client, cast: Any, key: str) -> None:
    client.post("/open311/v2/requests.json", form(key))
    [item] = as_json(client.get("/open311/v2/requests.json"))
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert datetime.fromisoformat(item[name]).utcoffset() is not None, name
        assert item[name].endswith("+08:00")
    changeset = as_json(client.get("/open311/v2/discovery.json"))["changeset"]
    assert datetime.fromisoformat(changeset).utcoffset() is not None


def test_a_datetime_in_without_a_zone_is_refused_with_the_reason(client: Client, cast: Any) -> None:
    r = client.get("/open311/v2/requests.json", {"start_date": "2026-11-01T00:00:00"})
    assert r.status_code == 400
    assert "add Z for UTC or an offset such as +08:00" in as_json(r)[0]["description"]


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-01T16:00:00Z",
        "2026-11-02T00:00:00+08:00",
        "2026-11-02T00:00:00+0800",
        "2026-11-02T00:00:00 08:00",  # an unencoded + in the query string arrives as a space
        "2026-11-01T11:00:00-05:00",
    ],
)
def test_a_datetime_in_with_a_zone_is_read_in_that_zone(
    client: Client, cast: Any, key: str, value: str
) -> None:
    with frozen(2026, 11, 1, 23, 59):
        client.post("/open311/v2/requests.json", form(key))
    with frozen(2026, 11, 2, 0, 1):
        client.post("/open311/v2/requests.json", form(key))
        later = Grievance.objects.order_by("-received_at").first()
        r = client.get(f"/open311/v2/requests.json?start_date={value.replace('+', '%2B')}")
        if " " in value:
            r = client.get("/open311/v2/requests.json?start_date=" + value.replace(" ", "+"))
    assert r.status_code == 200, r.content
    assert later is not None
    assert [i["service_request_id"] for i in as_json(r)] == [later.code]


# ---- encoding -----------------------------------------------------------------------------


def test_xml_is_utf8_and_escaped(client: Client, cast: Any, key: str) -> None:
    text = '工资 <b>未发</b> & "拖欠" ]]> \x07铃'
    assert client.post("/open311/v2/requests.json", form(key, description=text)).status_code == 200
    r = client.get("/open311/v2/requests.xml")
    assert r["Content-Type"] == "text/xml; charset=utf-8"
    assert "工资".encode() in r.content
    # XML 1.0 cannot carry a bell character; everything else comes back as it was sent.
    assert as_xml(r).findtext("request/description") == text.replace("\x07", "")
    assert as_json(client.get("/open311/v2/requests.json"))[0]["description"] == text
