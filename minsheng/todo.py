"""The to-do list (待办): what is waiting on this person, from every module, by deadline.

Each module registers a provider in its AppConfig.ready(): a function from a user to the items
waiting on them. The console's home page /console/ (also at /console/todo/) lists them all,
soonest deadline first, and the header shows how many there are. A provider reads through its
module's scoping door and returns only what the user may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Item:
    module: str
    what: str | Promise  # what is to be done: "Decide the review"
    title: str  # the record: "CDZS-Z6A6-ZVEN 三车间加班费未按时发放"
    url: str
    due: date | None
    unit: str = ""
    escalated: bool = False

    def sort_key(self) -> tuple[int, date, str]:
        return (0 if self.due else 1, self.due or date.max, self.title)


Provider = Callable[[Any], list[Item]]
_PROVIDERS: dict[str, Provider] = {}


def register(module: str, provider: Provider) -> None:
    _PROVIDERS[module] = provider


def items_for(user: Any) -> list[Item]:
    """Everything waiting on `user`, soonest deadline first (undated last)."""
    if not user.is_authenticated:
        return []
    out: list[Item] = []
    for provider in _PROVIDERS.values():
        out.extend(provider(user))
    return sorted(out, key=Item.sort_key)


def count_for(user: Any) -> int:
    return len(items_for(user))
