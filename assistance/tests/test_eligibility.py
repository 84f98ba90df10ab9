from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from assistance import eligibility, rules
from assistance.lifecycle import MemberInput, household_facts
from assistance.models import Household
from assistance.rules import parse
from assistance.tests.helpers import household, programme

RULES = [
    "income_per_head < 500",
    "income_per_head < 266.67",
    "members >= 3 and household_income < 2000",
    "not (minors > 0)",
    "elderly >= 1 or income_per_head <= 400",
    "household_income <= 0",
]
# The rules helper's language compiles these too; the stand-in in this branch (no FACTS)
# compiles comparisons of numbers only.
FULL_LANGUAGE = [
    "household_income = 0 and has_disabled_member",
    '"illness" in hardship and has_school_age_member and not has_elderly_member',
]
STAND_IN = not hasattr(rules, "FACTS")


def _register(cast: Any) -> list[Household]:
    year = timezone.localdate().year
    shapes = [
        [MemberInput("head", year - 70, "retired", income={"pension": "800"})],
        [
            MemberInput("head", year - 40, "employed", income={"wage": "800"}),
            MemberInput("spouse", year - 38, "unemployed"),
            MemberInput("child", year - 10, "student"),
        ],
        [
            MemberInput("head", year - 45, "unemployed"),
            MemberInput("child", year - 16, "student", disability=True),
        ],
        [],
        [
            MemberInput("head", year - 50, "employed", income={"wage": "3000", "other": "0.5"}),
            MemberInput("parent", year - 75, "retired", income={"pension": "1500"}),
        ],
    ]
    return [household(cast, members=m) for m in shapes]


@pytest.mark.parametrize("text", RULES + FULL_LANGUAGE)
def test_the_preview_query_agrees_with_the_rule_for_each_household(cast: Any, text: str) -> None:
    if STAND_IN and text in FULL_LANGUAGE:
        pytest.skip("needs the rules helper's assistance/rules.py")
    homes = _register(cast)
    p = programme(cast, eligibility=text)
    rule = parse(text, expect="bool")
    expected = {h.pk for h in homes if rule.evaluate(household_facts(h))}
    found = set(eligibility.preview(p, Household.objects.all()).values_list("pk", flat=True))
    assert found == expected


def test_the_preview_counts_open_households_of_the_programmes_units_only(cast: Any) -> None:
    homes = _register(cast)
    p = programme(cast, eligibility="income_per_head < 100000")
    p.units.set([cast.branch_b])
    assert eligibility.preview(p, Household.objects.all()).count() == 0
    p.units.set([cast.branch_a])
    assert eligibility.preview(p, Household.objects.all()).count() == len(homes)
    facts = eligibility.with_facts(Household.objects.filter(pk=homes[4].pk)).get()
    assert facts.f_household_income == Decimal("4500.50") and facts.f_elderly == 1
