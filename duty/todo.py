"""The duty module's to-do provider: what waits on a user in the roster (a swap to decide, a
handover note to acknowledge) and in incident reports (an alert to acknowledge, a report
due), each with its deadline."""

from __future__ import annotations

from typing import Any

from duty import incidents, roster
from minsheng.todo import Item


def items(user: Any) -> list[Item]:
    return [*roster.todo_items(user), *incidents.todo_items(user)]
