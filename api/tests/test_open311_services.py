"""Service discovery, GET Service List and GET Service Definition, in JSON and XML."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from api.open311.models import AttributeType, ServiceAttribute
from api.open311.testing import add_questions, as_json, as_xml, xml_errors
from grievances.models import Category


@pytest.fixture
def services(cast: Any) -> Any:
    parent = Category.objects.create(code="labour", name="劳动保障", name_en="Labour")
    cast.category.parent = parent
    cast.category.save()
    Category.objects.create(code="old", name="旧类别", active=False)
    add_questions(cast.category)
    return cast


# ---- discovery ----------------------------------------------------------------------------


def test_discovery_in_json(client: Client, cast: Any) -> None:
    body = as_json(client.get("/open311/v2/discovery.json"))
    assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
    assert datetime.fromisoformat(body["changeset"]).utcoffset() is not None
    [endpoint] = body["endpoints"]
    assert endpoint == {
        "specification": "http://wiki.open311.org/GeoReport_v2",
        "url": "http://testserver/open311/v2",
        "changeset": body["changeset"],
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }


def test_discovery_in_xml(client: Client, cast: Any, settings: Any) -> None:
    settings.MINSHENG_OPEN311_CONTACT = "信访办 <xfb@example.com> & 12345"
    settings.ALLOWED_HOSTS = ["open311.example.com"]
    root = as_xml(client.get("/open311/v2/discovery.xml", HTTP_HOST="open311.example.com"))
    assert root.tag == "discovery"
    assert [c.tag for c in root] == ["changeset", "contact", "key_service", "endpoints"]
    assert root.findtext("contact") == "信访办 <xfb@example.com> & 12345"
    [endpoint] = root.find("endpoints") or []
    assert endpoint.tag == "endpoint"
    assert endpoint.findtext("url") == "http://open311.example.com/open311/v2"
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in endpoint.find("formats") or []] == ["text/xml", "application/json"]


def test_the_changeset_moves_when_a_definition_changes(client: Client, services: Any) -> None:
    before = as_json(client.get("/open311/v2/discovery.json"))["changeset"]
    ServiceAttribute.objects.filter(code="PEOPLE").update(
        updated=datetime.fromisoformat("2030-01-01T00:00:00+00:00")
    )
    after = as_json(client.get("/open311/v2/discovery.json"))["changeset"]
    assert after == "2030-01-01T08:00:00+08:00" and after > before


def test_the_root_serves_discovery(client: Client, cast: Any) -> None:
    assert "endpoints" in as_json(client.get("/open311/v2/"))
    assert as_xml(client.get("/open311/v2/", HTTP_ACCEPT="text/xml")).tag == "discovery"


# ---- service list -------------------------------------------------------------------------


def test_the_service_list_in_json(client: Client, services: Any) -> None:
    body = as_json(client.get("/open311/v2/services.json"))
    assert body == [
        {
            "service_code": "labour",
            "service_name": "Labour",
            "description": None,
            "metadata": False,
            "type": "realtime",
            "keywords": "劳动保障, Labour",
            "group": None,
        },
        {
            "service_code": "wages",
            "service_name": "Wages and benefits",
            "description": None,
            "metadata": True,
            "type": "realtime",
            "keywords": "工资福利, Wages and benefits",
            "group": "Labour",
        },
    ]


def test_the_service_list_in_xml(client: Client, services: Any) -> None:
    root = as_xml(client.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    assert [s.tag for s in root] == ["service", "service"]
    wages = root[1]
    assert [c.tag for c in wages] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert wages.findtext("metadata") == "true"
    assert root[0].findtext("metadata") == "false"
    assert wages.findtext("group") == "Labour"


def test_names_are_chinese_by_default_and_follow_locale_or_accept_language(
    client: Client, services: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "zh-hans"
    names = [s["service_name"] for s in as_json(client.get("/open311/v2/services.json"))]
    assert names == ["劳动保障", "工资福利"]
    r = client.get("/open311/v2/services.json", {"locale": "en_US"})
    assert [s["service_name"] for s in as_json(r)] == ["Labour", "Wages and benefits"]
    r = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="en")
    assert [s["service_name"] for s in as_json(r)] == ["Labour", "Wages and benefits"]
    r = client.get("/open311/v2/services/wages.json", {"locale": "zh_CN"})
    assert as_json(r)["attributes"][0]["description"] == "受影响的人数"


# ---- service definition -------------------------------------------------------------------


def test_the_service_definition_in_json(client: Client, services: Any) -> None:
    body = as_json(client.get("/open311/v2/services/wages.json"))
    assert list(body) == ["service_code", "attributes"]
    assert body["service_code"] == "wages"
    attrs = body["attributes"]
    assert [a["code"] for a in attrs] == [
        "PEOPLE",
        "MONTH",
        "KINDS",
        "SINCE",
        "WHO",
        "MORE",
        "NOTE",
    ]
    assert [a["order"] for a in attrs] == [1, 2, 3, 4, 5, 6, 7]
    assert attrs[1] == {
        "variable": True,
        "code": "MONTH",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 2,
        "description": "Which month's pay is owed?",
        "values": [{"key": "oct", "name": "October"}, {"key": "nov", "name": "November"}],
    }
    assert {a["datatype"] for a in attrs} == {t.value for t in AttributeType}
    assert attrs[4]["datatype_description"] == "e.g. 财务科"
    assert attrs[6]["variable"] is False


def test_the_service_definition_in_xml(client: Client, services: Any) -> None:
    root = as_xml(client.get("/open311/v2/services/wages.xml"))
    assert root.tag == "service_definition"
    assert [c.tag for c in root] == ["service_code", "attributes"]
    attributes = root.find("attributes")
    assert attributes is not None
    assert {a.tag for a in attributes} == {"attribute"}
    kinds = attributes[2]
    assert [c.tag for c in kinds] == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    values = kinds.find("values")
    assert values is not None
    assert [v.tag for v in values] == ["value", "value", "value"]
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("overtime", "Overtime"),
        ("bonus", "Bonus"),
        ("base", "Base pay"),
    ]
    assert kinds.findtext("required") == "false"


def test_a_service_without_questions_has_an_empty_definition(client: Client, cast: Any) -> None:
    assert as_json(client.get("/open311/v2/services/wages.json")) == {
        "service_code": "wages",
        "attributes": [],
    }
    root = as_xml(client.get("/open311/v2/services/wages.xml"))
    attributes = root.find("attributes")
    assert attributes is not None and list(attributes) == []


@pytest.mark.parametrize("code", ["potholes", "old", "x" * 40, "wages%00", "%E5%B7%A5%E8%B5%84"])
def test_an_unknown_or_inactive_or_malformed_service_is_404_in_both_formats(
    client: Client, services: Any, code: str
) -> None:
    r = client.get(f"/open311/v2/services/{code}.json")
    assert r.status_code == 404
    assert as_json(r)[0]["code"] == 404
    r = client.get(f"/open311/v2/services/{code}.xml")
    assert r.status_code == 404
    assert xml_errors(as_xml(r))[0][0] == "404"


@pytest.mark.parametrize(
    "path",
    ["services.json", "services/wages.json", "discovery.json", "requests.json"],
)
def test_the_jurisdiction_is_optional_checked_when_given(
    client: Client, services: Any, path: str
) -> None:
    assert (
        client.get(f"/open311/v2/{path}", {"jurisdiction_id": "minsheng.local"}).status_code == 200
    )
    assert client.get(f"/open311/v2/{path}", {"jurisdiction_id": ""}).status_code == 200
    r = client.get(f"/open311/v2/{path}", {"jurisdiction_id": "sfgov.org"})
    assert r.status_code == 404
    assert "sfgov.org" in as_json(r)[0]["description"]


def test_the_jurisdiction_is_a_setting(client: Client, cast: Any, settings: Any) -> None:
    settings.MINSHENG_OPEN311_JURISDICTION = "xfb.example.gov.cn"
    assert (
        client.get(
            "/open311/v2/services.json", {"jurisdiction_id": "xfb.example.gov.cn"}
        ).status_code
        == 200
    )
    assert (
        client.get("/open311/v2/services.json", {"jurisdiction_id": "minsheng.local"}).status_code
        == 404
    )


# ---- the questions themselves -------------------------------------------------------------


def test_a_list_question_needs_choices_with_unique_keys(cast: Any) -> None:
    a = ServiceAttribute(
        category=cast.category,
        code="M",
        order=1,
        datatype=AttributeType.SINGLE,
        description="?",
        values=[],
    )
    with pytest.raises(ValidationError, match="needs its choices"):
        a.full_clean()
    a.values = [{"key": "a", "name": "A"}, {"key": "a", "name": "B"}]
    with pytest.raises(ValidationError, match="used twice"):
        a.full_clean()
    a.values = [{"key": "a"}]
    with pytest.raises(ValidationError, match="key"):
        a.full_clean()
    a.datatype = AttributeType.STRING
    with pytest.raises(ValidationError, match="Only list questions"):
        a.full_clean()
    a.code = "bad code"
    a.values = []
    with pytest.raises(ValidationError, match="Letters, digits"):
        a.full_clean()


def test_the_404_of_a_service_names_it(client: Client, cast: Any) -> None:
    r = client.get("/open311/v2/services/potholes.json")
    assert as_json(r) == [{"code": 404, "description": "service_code potholes was not found."}]


def test_administrators_define_the_questions_in_the_admin(client: Client, cast: Any) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x" * 20)
    client.force_login(admin)
    assert client.get("/admin/api/serviceattribute/add/").status_code == 200
    data = {
        "category": cast.category.pk,
        "code": "MONTH",
        "order": "1",
        "datatype": "singlevaluelist",
        "required": "on",
        "variable": "on",
        "description": "哪个月？",
        "values": "[]",
    }
    r = client.post("/admin/api/serviceattribute/add/", data)
    assert r.status_code == 200 and "needs its choices" in r.content.decode()
    data["values"] = '[{"key": "oct", "name": "十月"}]'
    r = client.post("/admin/api/serviceattribute/add/", data)
    assert r.status_code == 302
    assert as_json(client.get("/open311/v2/services/wages.json"))["attributes"][0]["values"] == [
        {"key": "oct", "name": "十月"}
    ]
