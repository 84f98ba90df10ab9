"""The demo's routing rules and intake desk: where a grievance goes when the person leaves
the portal's unit at the top (grievances/routing.py).

- Each workshop, shaft, team, plant and project department gets the wage and environment
  grievances that name it as the place ("三车间" or "Workshop No. 3").
- The north and south blocks of the residential area get housing and public-service
  grievances that name their block.
- Otherwise a category goes to the department that answers for it across the group: wages
  and restructuring to Human Resources, pensions and social insurance to the Social Security
  Centre, housing and services to the Property and Community Services Company (heating to
  its Heating and Water Station), land to the Resettlement Office.
- Conduct of officials, litigation-related matters and suggestions have no rule: they go to
  the Letters and Visits Office, the intake desk, which sends each on by hand.

Contract: rules are matched by (category, place), and an existing intake desk is kept, so
seeding again adds nothing. Needs the `orgs` part and the categories (the `grievances` part).
"""

from __future__ import annotations

from django.db import transaction

from demo.grievances import ensure_categories
from demo.orgs import DEMO_INTAKE_DESK, UNITS
from demo.registry import Context, register
from grievances.models import Category, RoutingRule
from orgs import actions
from orgs.models import Unit, intake_desk

# Categories that go to the unit named as the place.
SITE_CATEGORIES = ("wages", "environment")
SITE_KINDS = ("workshop", "mine", "project")
# (category, place, unit): the residential blocks.
BLOCKS = [
    (category, place, unit)
    for category in ("housing", "services")
    for place, unit in (("北区, North Block", "SV-RA-N"), ("南区, South Block", "SV-RA-S"))
]
# (category, unit): the department that answers for the category across the group.
BY_CATEGORY = [
    ("wages", "HQ-HR"),
    ("restructuring", "HQ-HR"),
    ("social", "HQ-SS"),
    ("housing", "SV"),
    ("services", "SV"),
    ("svc-heating", "SV-HT"),
    ("land", "CN-LD"),
]


def planned_rules() -> list[tuple[str, str, str]]:
    """(category code, place, unit code) of every demo rule."""
    rules = [
        (category, f"{zh}, {en}", code)
        for code, _parent, zh, en, kind in UNITS
        if kind in SITE_KINDS
        for category in SITE_CATEGORIES
    ]
    rules += BLOCKS
    rules += [(category, "", unit) for category, unit in BY_CATEGORY]
    return rules


def ensure_routing() -> tuple[int, Unit | None]:
    """Create the rules that do not exist yet and mark the intake desk if no unit is one.
    Returns the number of rules made and the intake desk."""
    ensure_categories()
    categories = {c.code: c for c in Category.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    made = 0
    with transaction.atomic():
        have = set(RoutingRule.objects.values_list("category__code", "place"))
        for category, place, unit in planned_rules():
            if (category, place) in have or unit not in units:
                continue
            RoutingRule.objects.create(category=categories[category], place=place, unit=units[unit])
            made += 1
        desk = intake_desk()
        if desk is None and DEMO_INTAKE_DESK in units:
            desk = actions.set_intake_desk(
                units[DEMO_INTAKE_DESK], on=True, by=None, actor_label="seed-demo"
            )
    return made, desk


def _exists() -> bool:
    return RoutingRule.objects.exists()


@register("routing", order=25, exists=_exists)
def seed(ctx: Context) -> list[str]:
    made, desk = ensure_routing()
    lines = [f"Routing rules: {made} made ({RoutingRule.objects.count()} in all)."]
    if desk is not None:
        lines.append(f"Intake desk: {desk.name} ({desk.code}).")
    return lines
