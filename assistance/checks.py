"""Checks of what people type into the assistance steps: each returns the clean value or
raises DomainError with a message for people. Used by `assistance.lifecycle` only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from assistance.models import Employment, HardshipType, Health, Relation
from minsheng import crypto
from minsheng.errors import DomainError

TEXT_MAX = 2000
NAME_MAX = 50
AMOUNT_MAX = Decimal("1000000")
INCOME_MAX = Decimal("10000000")


def text(value: Any, what: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        raise DomainError(_("Please give %(what)s.") % {"what": what})
    if len(value) > limit:
        raise DomainError(
            _("%(what)s is longer than %(n)d characters.") % {"what": what, "n": limit}
        )
    return value


def head_name(value: Any) -> str:
    return text(value, _("the name of the head of household"), limit=NAME_MAX)


def amount(value: Any, what: str, *, limit: Decimal = AMOUNT_MAX) -> Decimal:
    """A positive amount of yuan, in fen at most, no more than `limit`."""
    try:
        yuan = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("%(what)s must be a number of yuan.") % {"what": what}) from None
    if not yuan.is_finite() or yuan <= 0 or yuan > limit:
        raise DomainError(
            _("%(what)s must be more than 0 and at most %(max)s yuan.")
            % {"what": what, "max": f"{limit:,.0f}"}
        )
    if yuan != yuan.quantize(Decimal("0.01")):
        raise DomainError(_("%(what)s has more than two decimal places.") % {"what": what})
    return yuan


def hardships(values: Any) -> list[str]:
    values = list(values or [])
    unknown = [v for v in values if v not in HardshipType.values]
    if unknown or not values:
        raise DomainError(_("Please choose at least one hardship type from the list."))
    return [v for v in HardshipType.values if v in values]


def id_number(value: Any) -> str:
    norm = crypto.normalise_id_number(str(value or ""))
    if not (len(norm) == 18 and norm[:17].isdigit() and (norm[17].isdigit() or norm[17] == "X")):
        raise DomainError(_("The ID number must have 18 characters: 17 digits, then a digit or X."))
    return norm


@dataclass(frozen=True)
class MemberInput:
    relation: str
    birth_year: int
    employment: str
    health: str = Health.GOOD
    disability: bool = False
    income: dict[str, Any] | None = None


def member(m: MemberInput, today: date) -> dict[str, Any]:
    if m.relation not in Relation.values:
        raise DomainError(_("Please choose the member's relation from the list."))
    if m.employment not in Employment.values or m.health not in Health.values:
        raise DomainError(_("Please choose the member's health and employment from the lists."))
    if not (1900 <= int(m.birth_year) <= today.year):
        raise DomainError(_("A member's birth year must be between 1900 and this year."))
    income: dict[str, str] = {}
    for source, value in (m.income or {}).items():
        source = text(source, _("the source of income"), limit=30)
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount < 0 or amount > INCOME_MAX:
            raise DomainError(_("A monthly income must be an amount of 0 yuan or more."))
        income[source] = str(amount.quantize(Decimal("0.01")))
    return {
        "relation": m.relation,
        "birth_year": int(m.birth_year),
        "employment": m.employment,
        "health": m.health,
        "disability": bool(m.disability),
        "income": income,
        "monthly_income": sum((Decimal(v) for v in income.values()), Decimal(0)),
    }
