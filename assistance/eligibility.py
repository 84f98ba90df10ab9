"""Who would be eligible: a programme's eligibility rule run over the register in ONE query.

`with_facts(households)` annotates each household with the facts of `assistance.rules.FACTS`
computed in the database (subqueries over its members, never NULL), and `FIELDS` names the
annotation of each fact for `Rule.to_q`. `preview(programme, households)` is the open
households of the programme's units that the rule admits. The same facts for one household in
Python are `assistance.lifecycle.household_facts`; a test checks that the two agree."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from assistance.models import Household, HouseholdStatus, Member, Programme
from assistance.rules import parse
from minsheng.workdays import local_date
from orgs.models import Unit
from orgs.scoping import subtree_ids

FIELDS: dict[str, str] = {
    "income_per_head": "f_income_per_head",
    "household_income": "f_household_income",
    "members": "f_members",
    "minors": "f_minors",
    "elderly": "f_elderly",
    "hardship": "hardship_types",
    "has_school_age_member": "f_school_age",
    "has_disabled_member": "f_disabled",
    "has_elderly_member": "f_elderly_member",
}
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _count(**condition: Any) -> Any:
    rows = (
        Member.objects.filter(household=OuterRef("pk"), **condition)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_facts(households: QuerySet[Household]) -> QuerySet[Household]:
    year = local_date(timezone.now()).year
    members = Member.objects.filter(household=OuterRef("pk"))
    income = members.order_by().values("household").annotate(s=Sum("monthly_income")).values("s")
    return households.annotate(
        f_household_income=Coalesce(
            Subquery(income, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
        ),
        f_members=_count(),
        f_minors=_count(birth_year__gt=year - 18),
        f_elderly=_count(birth_year__lte=year - 60),
        f_school_age=Exists(members.filter(birth_year__gte=year - 18, birth_year__lte=year - 6)),
        f_disabled=Exists(members.filter(disability=True)),
        f_elderly_member=Exists(members.filter(birth_year__lte=year - 60)),
    ).annotate(
        f_income_per_head=Case(
            When(f_members=0, then=Value(Decimal(0))),
            # Times 1.00 first: SQLite would divide two whole numbers as integers.
            default=ExpressionWrapper(
                F("f_household_income") * Value(Decimal("1.00")) / F("f_members"),
                output_field=MONEY,
            ),
            output_field=MONEY,
        )
    )


def candidates(programme: Programme, households: QuerySet[Household]) -> QuerySet[Household]:
    """The open households (registered or supported) of the units the programme covers."""
    return candidates_in(Unit.objects.filter(programmes=programme), households)


def candidates_in(units: Iterable[Unit], households: QuerySet[Household]) -> QuerySet[Household]:
    """The open households (registered or supported) of the units given and those below."""
    ids: set[int] = set()
    for unit in units:
        ids |= set(subtree_ids(unit))
    return households.filter(
        unit_id__in=sorted(ids),
        status__in=[HouseholdStatus.REGISTERED, HouseholdStatus.SUPPORTED],
    )


def preview(programme: Programme, households: QuerySet[Household]) -> QuerySet[Household]:
    """The households (of those given, already scoped) that the programme's eligibility rule
    admits; every open household of its units when it has no rule. RuleError if the rule
    does not parse."""
    qs = with_facts(candidates(programme, households))
    if not programme.eligibility.strip():
        return qs
    rule = parse(programme.eligibility, expect="bool")
    return qs.filter(rule.to_q(FIELDS))


def preview_rule(
    eligibility: str, units: Iterable[Unit], households: QuerySet[Household]
) -> QuerySet[Household]:
    """The same as `preview` for a rule and units not saved yet (the console's "Preview"
    button while a programme is edited). RuleError if the rule does not parse."""
    qs = with_facts(candidates_in(units, households))
    if not eligibility.strip():
        return qs
    return qs.filter(parse(eligibility, expect="bool").to_q(FIELDS))
