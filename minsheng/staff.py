from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from orgs.scoping import scope_for

V = TypeVar("V", bound=Callable[..., Any])


def staff_required(view: V) -> V:
    """The console is for users with a role in some unit (or superusers)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not scope_for(request.user).is_staff_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def staff_user(request: HttpRequest) -> User:
    """The logged-in staff user of a console request (views are behind login_required)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
