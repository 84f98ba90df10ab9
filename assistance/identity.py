"""Who may see a household's personal data (the head's name, ID number, phone, address),
and the audited act of seeing it. Lists and the application page show the masked name only
(张*明); the household's own page shows the rest to the staff acting at its unit (and heads
above), and each such view is in the audit log. Auditors see the register, not the people."""

from __future__ import annotations

from typing import Any

from assistance.lifecycle import may_act
from assistance.models import Application, Household, Objection
from audit import log as audit
from minsheng import crypto


def may_see_personal(user: Any, h: Household) -> bool:
    return may_act(user, h.unit)


def reveal(user: Any, h: Household) -> bool:
    """Whether the user may see the household's personal data; when they may, the view is
    recorded in the audit log."""
    if not may_see_personal(user, h):
        return False
    audit.record(user, "household.personal_view", h, {"household": h.code})
    return True


def masked(h: Household) -> str:
    return crypto.mask_name(h.head_name)


def objectors(user: Any, a: Application, objections: list[Objection]) -> list[str]:
    """Who made each objection, as the user may see it: the name and contact given, to the
    staff acting at the household's unit (each such view of a named objection is in the
    audit log); the name masked, no contact, to everyone else; "" for an anonymous one."""
    full = may_act(user, a.household.unit)
    named = [o for o in objections if o.name or o.contact]
    if full and named:
        audit.record(user, "application.objector_view", a, {"objections": [o.pk for o in named]})
    shown = []
    for o in objections:
        if full:
            shown.append(f"{o.name} ({o.contact})" if o.name and o.contact else o.name or o.contact)
        else:
            shown.append(crypto.mask_name(o.name) if o.name else "")
    return shown
