from __future__ import annotations

import unicodedata
from typing import Any


def _is_cjk(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("CJK UNIFIED") for ch in text)


def person_name(user: Any) -> str:
    """A staff member's name as people write it: 张卫东 (family name first, no space) for
    Chinese names, "Hank Handler" otherwise; the username when no name is set."""
    if user is None:
        return ""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if not first and not last:
        return str(user.get_username())
    if _is_cjk(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()
