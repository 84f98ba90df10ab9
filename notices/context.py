from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from notices.inbox import unread_count as count_unread


def unread_count(request: HttpRequest) -> dict[str, Any]:
    """`unread_notices` for the header: a callable the template calls, so the one count
    query runs only on pages that show it, and once however often they show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}

    @functools.cache
    def count() -> int:
        return count_unread(user)

    getter: Callable[[], int] = count
    return {"unread_notices": getter}
