from __future__ import annotations

from typing import Any

import pytest

from assistance.models import Application, AppState, Household, Objection, Programme
from demo.registry import Context, seed_all

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_register_two_programmes_and_applications_at_every_stage() -> Any:
    ctx = Context(seed=1, volumes={"grievances": 60, "assistance": 120})
    report = seed_all(ctx)
    assert "Assistance:" in report.lines["assistance"][0]
    assert Household.objects.count() == 120
    assert Programme.objects.filter(active=True).count() == 2
    states = set(Application.objects.values_list("state", flat=True))
    assert {AppState.PAID, AppState.ON_NOTICE, AppState.REFUSED, AppState.APPLIED} <= states
    assert Objection.objects.filter(answered_at__isnull=True).count() == 1
    assert Household.objects.filter(status="closed").exists()
