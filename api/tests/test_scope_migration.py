"""Tokens made before scopes were per module keep what they could do."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps

from api.models import ApiToken, Scope

migration = importlib.import_module("api.migrations.0003_scopes_per_module")


def _token(cast: Any, scopes: list[str]) -> ApiToken:
    t = ApiToken(name="old", user=cast.clerk, unit=cast.workshop, scopes=scopes)
    t.set_key(ApiToken.new_key())
    t.save()
    return t


def test_old_scopes_become_the_grievance_modules_scopes(cast: Any) -> None:
    t = _token(cast, ["read", "intake", "act"])
    migration.forward(apps, None)
    t.refresh_from_db()
    assert t.scopes == [Scope.READ, Scope.INTAKE, Scope.ACT]
    assert t.has_scope("grievances:act") and not t.has_scope("act")


def test_the_mapping_runs_back_and_leaves_other_modules_scopes_alone(cast: Any) -> None:
    t = _token(cast, ["grievances:read", "duty:read"])
    migration.backward(apps, None)
    t.refresh_from_db()
    assert t.scopes == ["read", "duty:read"]


def test_running_it_twice_changes_nothing_more(cast: Any) -> None:
    t = _token(cast, ["intake", "grievances:intake"])
    migration.forward(apps, None)
    migration.forward(apps, None)
    t.refresh_from_db()
    assert t.scopes == ["grievances:intake"]


def test_an_administrator_gives_a_new_token_per_module_scopes_in_the_admin(cast: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 20)
    client = Client()
    client.force_login(admin)
    url = reverse("admin:api_apitoken_add")
    page = client.get(url).content.decode()
    assert 'value="grievances:intake"' in page and 'value="intake"' not in page
    data = {
        "name": "hotline",
        "user": cast.clerk.pk,
        "unit": cast.workshop.pk,
        "scopes": ["grievances:intake", "grievances:read"],
    }
    assert client.post(url, data).status_code == 302
    token = ApiToken.objects.get(name="hotline")
    assert token.scopes == ["grievances:intake", "grievances:read"]
