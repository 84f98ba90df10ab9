"""The OpenAPI schema at /api/v1/schema/ and the documentation page at /api/v1/docs/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern
from drf_spectacular.validation import validate_schema

from api.rest import urls as rest_urls

NOT_DOCUMENTED = {"api-schema", "api-docs", "api-not-found"}
# "name" is a unit's or a category's name; a person's name is never a response field.
PERSONAL = {"complainant", "phone", "id_number", "address", "email"}
# The one exception: a household's `personal` block in its detail (assistance), null unless
# the caller is staff acting at the household's unit, and each read audited, as in the console.
STAFF_ONLY_PERSONAL = {"HouseholdPersonal"}


@pytest.fixture
def schema(db: Any) -> dict[str, Any]:
    r = Client().get("/api/v1/schema/", {"format": "json"})
    assert r.status_code == 200
    return dict(r.json())


def test_the_schema_is_valid_openapi_3(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def _documented_path(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    return "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_route_under_api_v1_is_in_the_schema(schema: dict[str, Any]) -> None:
    routes = [p for p in rest_urls.urlpatterns if p.name not in NOT_DOCUMENTED]
    assert len(routes) >= 19
    for pattern in routes:
        path = _documented_path(pattern)
        assert path in schema["paths"], path
        view = pattern.callback.cls  # type: ignore[attr-defined]
        for method in ("get", "post"):
            if hasattr(view, method):
                assert method in schema["paths"][path], f"{method.upper()} {path}"


def test_every_operation_documents_its_errors_in_the_one_shape(schema: dict[str, Any]) -> None:
    error_ref = "#/components/schemas/Error"
    for path, item in schema["paths"].items():
        for method, op in item.items():
            codes = {c for c in op["responses"] if c.startswith(("4", "5"))}
            assert {"429"} <= codes, f"{method} {path}"
            for code in codes:
                ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == error_ref, f"{method} {path} {code}"
            assert op.get("summary"), f"{method} {path} has no summary"
    body = schema["components"]["schemas"]["ErrorBody"]
    assert set(body["properties"]) == {"code", "message", "fields"}


def test_the_token_scheme_is_documented(schema: dict[str, Any]) -> None:
    token = schema["components"]["securitySchemes"]["TokenAuth"]
    assert (token["type"], token["in"], token["name"]) == ("apiKey", "header", "Authorization")
    listing = schema["paths"]["/api/v1/grievances/"]["get"]
    assert {"TokenAuth": []} in listing["security"] and {} not in listing["security"]
    create = schema["paths"]["/api/v1/grievances/"]["post"]
    assert {} in create["security"]  # public intake


def test_no_response_can_carry_personal_details(schema: dict[str, Any]) -> None:
    request_only = {k for k in schema["components"]["schemas"] if k.endswith("Request")}
    for name, component in schema["components"]["schemas"].items():
        if name in request_only or name in STAFF_ONLY_PERSONAL:
            continue
        props = set(component.get("properties", {}))
        assert not props & PERSONAL, name


def test_the_docs_page_renders_from_local_assets(db: Any) -> None:
    r = Client().get("/api/v1/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger-ui" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources), sources
    assert "/static/drf_spectacular_sidecar/" in html


def test_an_unknown_path_under_api_v1_is_a_json_404(db: Any) -> None:
    for path in ("/api/v1/nope/", "/api/v1/grievances", "/api/v1/grievances/X/y/z/"):
        r = Client().get(path)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "not_found"
