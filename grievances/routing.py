"""Where a grievance goes, and whether it is skip-level.

A person who does not know which unit is concerned leaves the portal's unit at the top (the
API and Open311 do the same when no unit is named). Such a grievance is placed by the
routing rules an administrator keeps (`RoutingRule`: a category, optionally narrowed to
places, to the unit responsible); with no matching rule it goes to the intake desk (the unit
marked `is_intake_desk`), or stays at the top when there is none. `intake.submit` calls
`route`; nothing else moves a case at intake.

Skip-level (越级) is defined here, once, by `is_skip_level`, which intake, transfers and
returns all use.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from grievances.models import Category, Grievance, RoutingRule
from orgs.models import Unit, intake_desk


@dataclass(frozen=True)
class Route:
    """Where a grievance that arrived at `arrival` goes: `unit`, by `rule` (None when no
    rule matched), `to_desk` when it went to the intake desk for want of a rule.
    `returns_to` is where the unit sends the case back if the rule was wrong (the intake
    desk, else the top unit; None when the case did not move)."""

    arrival: Unit
    unit: Unit
    rule: RoutingRule | None = None
    to_desk: bool = False
    returns_to: Unit | None = None


def _fold(text: str) -> str:
    """For matching places: full-width and half-width alike, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _category_chain(category: Category) -> list[int]:
    """The category's id, then its parent's, up to the top (at most 10 levels)."""
    ids = [category.pk]
    parent_id = category.parent_id
    while parent_id is not None and parent_id not in ids and len(ids) < 10:
        ids.append(parent_id)
        parent_id = Category.objects.filter(pk=parent_id).values_list("parent_id", flat=True)[0]
    return ids


def matching_rule(category: Category | None, location: str) -> RoutingRule | None:
    """The active rule for a grievance of `category` about `location`, or None.

    A rule applies when its category is the grievance's category or one above it, and its
    place is empty or one of its words appears in `location` (case, width and spaces
    ignored). Of the rules that apply, the most specific wins: a rule with a place before
    one without; of two with places, the one whose matched word is longer ("三车间倒班宿舍"
    before "三车间"); then the nearer category (a leaf before its parent); then the older
    rule."""
    if category is None:
        return None
    chain = _category_chain(category)
    where = _fold(location)
    best: tuple[tuple[int, int, int, int], RoutingRule] | None = None
    rules = RoutingRule.objects.filter(active=True, category_id__in=chain).select_related("unit")
    for rule in rules:
        matched = 0
        if rule.place:
            lengths = [len(w) for w in map(_fold, rule.words()) if w and w in where]
            if not lengths:
                continue
            matched = max(lengths)
        key = (1 if rule.place else 0, matched, -chain.index(rule.category_id), -rule.pk)
        if best is None or key > best[0]:
            best = (key, rule)
    return best[1] if best else None


def route(arrival: Unit, category: Category | None, location: str) -> Route:
    """Where a grievance that came in at `arrival` (a top unit, the person having named no
    unit) goes: the unit of the matching rule; else the intake desk; else it stays."""
    rule = matching_rule(category, location)
    desk = intake_desk()
    if rule is not None:
        back = desk if desk is not None and desk != rule.unit else arrival
        returns_to = back if back != rule.unit else None
        return Route(arrival=arrival, unit=rule.unit, rule=rule, returns_to=returns_to)
    if desk is not None:
        return Route(arrival=arrival, unit=desk, to_desk=True)
    return Route(arrival=arrival, unit=arrival)


def is_skip_level(g: Grievance) -> bool:
    """Skip-level (越级): the person deliberately brought the matter two or more levels
    above the unit responsible for it (`g.unit`). The regulations send people to the unit
    with the power to handle the matter or the one directly above it, so those two are
    proper places. A case that came in at the top without the person choosing a unit and
    was placed by routing (`g.routed`) never is, wherever staff later send it."""
    arrival: Unit | None = g.arrival_unit
    responsible: Unit = g.unit
    return (
        not g.routed
        and arrival is not None
        and responsible.path.startswith(arrival.path)
        and responsible.level - arrival.level >= 2
    )
