"""Helpers for the Open311 tests: tokens, service questions and parsed answers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from django.contrib.auth.models import User
from django.http import HttpResponse

from api.models import ApiToken
from api.open311.models import AttributeType, ServiceAttribute
from grievances.models import Category
from orgs.models import Unit


def make_token(
    user: User,
    unit: Unit,
    scopes: Iterable[str] = ("grievances:intake",),
    name: str = "Open311 app",
) -> str:
    """A live token acting as `user` within `unit`'s subtree; returns its key."""
    key = ApiToken.new_key()
    token = ApiToken(name=name, user=user, unit=unit, scopes=list(scopes))
    token.set_key(key)
    token.save()
    return key


def add_questions(category: Category) -> list[ServiceAttribute]:
    """One question of each type, the first two required."""
    specs: list[dict[str, Any]] = [
        {
            "code": "PEOPLE",
            "datatype": AttributeType.NUMBER,
            "required": True,
            "description": "受影响的人数",
            "description_en": "How many people are affected?",
        },
        {
            "code": "MONTH",
            "datatype": AttributeType.SINGLE,
            "required": True,
            "description": "拖欠的是哪个月的工资？",
            "description_en": "Which month's pay is owed?",
            "values": [
                {"key": "oct", "name": "十月", "name_en": "October"},
                {"key": "nov", "name": "十一月", "name_en": "November"},
            ],
        },
        {
            "code": "KINDS",
            "datatype": AttributeType.MULTI,
            "description": "涉及哪些款项？",
            "description_en": "Which payments are involved?",
            "values": [
                {"key": "overtime", "name": "加班费", "name_en": "Overtime"},
                {"key": "bonus", "name": "奖金", "name_en": "Bonus"},
                {"key": "base", "name": "基本工资", "name_en": "Base pay"},
            ],
        },
        {
            "code": "SINCE",
            "datatype": AttributeType.DATETIME,
            "description": "从什么时候开始？",
            "description_en": "Since when?",
        },
        {
            "code": "WHO",
            "datatype": AttributeType.STRING,
            "description": "负责发放的部门",
            "description_en": "Which office pays?",
            "datatype_description": "e.g. 财务科",
        },
        {
            "code": "MORE",
            "datatype": AttributeType.TEXT,
            "description": "其他情况",
            "description_en": "Anything else?",
        },
        {
            "code": "NOTE",
            "datatype": AttributeType.STRING,
            "variable": False,
            "description": "请如实填写。",
            "description_en": "Please answer truthfully.",
        },
    ]
    out = []
    for order, spec in enumerate(specs, start=1):
        a = ServiceAttribute(category=category, order=order, **spec)
        a.full_clean()
        a.save()
        out.append(a)
    return out


def as_json(response: HttpResponse) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8", response["Content-Type"]
    return json.loads(response.content.decode("utf-8"))


def as_xml(response: HttpResponse) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8", response["Content-Type"]
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)  # noqa: S314  (our own response, in a test)


def xml_errors(root: ET.Element) -> list[tuple[str, str]]:
    """[(code, description)] of an <errors> document, checking its shape."""
    assert root.tag == "errors"
    out = []
    for error in root:
        assert error.tag == "error"
        assert [child.tag for child in error] == ["code", "description"]
        out.append((error.findtext("code") or "", error.findtext("description") or ""))
    return out
