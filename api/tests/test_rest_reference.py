"""GET /api/v1/units/ and /api/v1/categories/."""

from __future__ import annotations

from typing import Any

from api.tests.rest_helpers import Api, token
from grievances.models import Category


def test_the_public_sees_every_unit_to_choose_from(cast: Any) -> None:
    r = Api().get("/api/v1/units/")
    assert r.status_code == 200
    rows = {u["code"]: u for u in r.json()}
    assert set(rows) == {"HQ", "A", "A1", "B"}
    assert rows["A1"] == {
        "code": "A1",
        "name": "一车间",
        "name_en": "Workshop A1",
        "parent": "A",
        "level": 2,
    }
    assert rows["HQ"]["parent"] is None


def test_a_token_sees_its_unit_subtree(cast: Any) -> None:
    r = Api(token(cast.head, cast.branch_a, ["grievances:intake"])).get("/api/v1/units/")
    assert [u["code"] for u in r.json()] == ["A", "A1"]


def test_a_console_user_sees_their_units(cast: Any, client: Any) -> None:
    client.force_login(cast.head)
    r = Api(client=client).get("/api/v1/units/")
    assert {u["code"] for u in r.json()} == {"A", "A1"}


def test_categories_are_the_active_ones(cast: Any) -> None:
    Category.objects.create(code="old", name="旧类别", active=False)
    child = Category.objects.create(code="overtime", name="加班费", parent=cast.category)
    r = Api().get("/api/v1/categories/")
    assert r.status_code == 200
    assert r.json() == [
        {"code": "overtime", "name": "加班费", "name_en": "", "parent": "wages"},
        {"code": "wages", "name": "工资福利", "name_en": "Wages and benefits", "parent": None},
    ]
    assert child.pk
