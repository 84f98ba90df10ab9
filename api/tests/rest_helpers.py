"""Shared steps for the REST API tests: tokens made the way an administrator makes them,
and a client that speaks JSON with a token."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.test import Client

from api.models import ApiToken
from grievances.models import Grievance
from orgs.models import Unit

ALL = ("grievances:read", "grievances:intake", "grievances:act")


def token(user: Any, unit: Unit, scopes: Iterable[str] = ALL, name: str = "test") -> str:
    """A new token acting as `user` within `unit`'s subtree; returns its key."""
    key = ApiToken.new_key()
    t = ApiToken(name=name, user=user, unit=unit, scopes=list(scopes))
    t.set_key(key)
    t.save()
    return key


class Api:
    """A JSON client, with a token or anonymous (or a logged-in console session)."""

    def __init__(self, key: str | None = None, client: Client | None = None, **extra: Any):
        self.client = client or Client()
        self.headers: dict[str, str] = {"Authorization": f"Token {key}"} if key else {}
        self.extra = extra

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(
            path, params or {}, headers={**self.headers, **headers}, **self.extra
        )

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        raw: bytes | str | None = None,
        content_type: str = "application/json",
        **headers: str,
    ) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(
            path,
            data,
            content_type=content_type,
            headers={**self.headers, **headers},
            **self.extra,
        )

    def upload(self, path: str, data: dict[str, Any], **headers: str) -> Any:
        return self.client.post(path, data, headers={**self.headers, **headers}, **self.extra)


def url(g: Grievance | str, action: str = "") -> str:
    code = g if isinstance(g, str) else g.code
    return f"/api/v1/grievances/{code}/" + (f"{action}/" if action else "")


def error(response: Any) -> dict[str, Any]:
    """The error body, checked to be in the one shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]) <= {"code", "message", "fields"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])


NEW = {
    "kind": "complaint",
    "subject": "食堂饭菜价格上涨",
    "description": "食堂的饭菜价格这个月涨了三成，工人们负担很重。",
    "identity_mode": "named",
    "name": "李红",
    "phone": "13912345678",
}

PERSONAL = ("李红", "13912345678", "张晓明", "13812345678", "110101199001011234")


def assert_no_personal_data(response: Any) -> None:
    text = response.content.decode("utf-8")
    for value in PERSONAL:
        assert value not in text, f"{value} in {text[:200]}"
