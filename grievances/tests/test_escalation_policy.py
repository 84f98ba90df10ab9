"""The escalation interval is part of the deadline policy: at least one day, refused with a
clear message otherwise, and copied to each case at intake."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from grievances.models import DeadlinePolicy
from grievances.tests.helpers import received

POLICY = {
    "kind": "",
    "category": "",
    "day_type": "calendar",
    "accept_days": 15,
    "resolve_days": 60,
    "max_extension_days": 30,
    "feedback_days": 30,
    "review_window_days": 30,
    "review_decide_days": 30,
    "max_returns": 2,
}


@pytest.fixture
def admin(client, django_user_model, cast):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    return client


@pytest.mark.parametrize("days", ["0", "-3"])
def test_an_interval_of_zero_or_less_is_refused_in_the_admin_and_nothing_is_saved(admin, days):
    response = admin.post(
        "/admin/grievances/deadlinepolicy/add/", POLICY | {"escalation_days": days}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value is greater than or equal to" in html or "greater than" in html
    assert DeadlinePolicy.objects.count() == 0


def test_the_database_refuses_a_zero_interval_too(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlinePolicy.objects.create(escalation_days=0)


def test_a_case_takes_the_interval_of_its_policy(cast):
    DeadlinePolicy.objects.create(category=cast.category, escalation_days=5)
    assert received(cast).escalation_interval == timedelta(days=5)
    assert received(cast, category=None).escalation_interval == timedelta(days=2)
