from __future__ import annotations

import pytest

from grievances.deadlines import policy_for
from grievances.models import Category, DeadlinePolicy, Kind
from minsheng.workdays import DayType


def test_without_any_policy_the_built_in_limits_apply(cast):
    p = policy_for(Kind.COMPLAINT, cast.category)
    assert p.pk is None
    assert (p.accept_days, p.resolve_days, p.max_extension_days) == (15, 60, 30)
    assert (p.feedback_days, p.review_window_days, p.review_decide_days) == (30, 30, 30)
    assert p.day_type == DayType.CALENDAR and p.max_returns == 2


@pytest.fixture
def policies(cast):
    """One policy at every level of precedence, each with its own accept_days."""
    return {
        "default": DeadlinePolicy.objects.create(accept_days=10),
        "kind": DeadlinePolicy.objects.create(kind=Kind.HELP, accept_days=7),
        "category": DeadlinePolicy.objects.create(category=cast.category, accept_days=5),
        "both": DeadlinePolicy.objects.create(
            kind=Kind.HELP, category=cast.category, accept_days=3
        ),
    }


def test_kind_and_category_beats_category(cast, policies):
    assert policy_for(Kind.HELP, cast.category) == policies["both"]


def test_category_beats_kind(cast, policies):
    policies["both"].delete()
    assert policy_for(Kind.HELP, cast.category) == policies["category"]


def test_kind_beats_the_default(cast, policies):
    policies["both"].delete()
    policies["category"].delete()
    assert policy_for(Kind.HELP, cast.category) == policies["kind"]
    assert policy_for(Kind.HELP, None) == policies["kind"]


def test_the_default_row_applies_to_cases_with_and_without_a_category(cast, policies):
    assert policy_for(Kind.COMPLAINT, None) == policies["default"]
    other = Category.objects.create(code="housing", name="住房")
    assert policy_for(Kind.COMPLAINT, other) == policies["default"]
    policies["both"].delete()
    policies["category"].delete()
    assert policy_for(Kind.SUGGESTION, cast.category) == policies["default"]


def test_a_policy_for_another_kind_or_category_does_not_apply(cast):
    other = Category.objects.create(code="housing", name="住房")
    DeadlinePolicy.objects.create(kind=Kind.HELP, accept_days=7)
    DeadlinePolicy.objects.create(category=other, accept_days=5)
    assert policy_for(Kind.COMPLAINT, cast.category).pk is None
