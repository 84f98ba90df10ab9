from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": settings.SITE_NAME or _("Minsheng")}


def console(request: HttpRequest) -> dict[str, Any]:
    """The console shell's menu and the to-do count, on console pages only (the portal never
    pays for them)."""
    if not request.path.startswith("/console/") or not request.user.is_authenticated:
        return {}
    from minsheng import console as shell
    from minsheng import todo

    if not shell.is_staff(request.user):
        return {}
    menu = shell.menu_for(request.user)
    return {
        "console_menu": menu,
        "console_groups": shell.menu_groups(menu),
        "todo_count": todo.count_for(request.user),
    }
