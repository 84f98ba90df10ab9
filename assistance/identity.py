"""Who may see a household's personal data (the head's name, ID number, phone, address),
and the audited act of seeing it. Lists and the application page show the masked name only
(张*明); the household's own page shows the rest to the staff acting at its unit (and heads
above), and each such view is in the audit log. Auditors see the register, not the people."""

from __future__ import annotations

from typing import Any

from assistance.lifecycle import may_act
from assistance.models import Household
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
