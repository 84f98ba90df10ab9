"""The console shell: the staff pages' menu, built from what each module registers.

A module registers its pages in its AppConfig.ready():

    console.register_page(console.Page("grievances", _("Unit queue"), "grievances:queue", 20))

and mounts its URLs under /console/<module>/. The shell draws the menu in order, showing a
page only to users for whom its `shown` test is true (a menu offers only what the role can
do), and the to-do list with its count in the header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise

from orgs.scoping import scope_for


def is_staff(user: Any) -> bool:
    return scope_for(user).is_staff_member


def acts_somewhere(user: Any) -> bool:
    """Staff who may change something (an auditor only reads)."""
    scope = scope_for(user)
    return scope.is_staff_member and not scope.read_only


@dataclass(frozen=True)
class Page:
    module: str
    label: str | Promise
    url_name: str
    order: int
    shown: Callable[[Any], bool] = is_staff


_PAGES: dict[str, Page] = {}


def register_page(page: Page) -> None:
    _PAGES[page.url_name] = page


def menu_for(user: Any) -> list[dict[str, Any]]:
    """The menu entries this user sees, in order, each with its label and URL."""
    if not user.is_authenticated:
        return []
    return [
        {"label": p.label, "url": reverse(p.url_name), "module": p.module}
        for p in sorted(_PAGES.values(), key=lambda p: (p.order, p.url_name))
        if p.shown(user)
    ]


def menu_groups(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The menu for a wide screen, grouped so that it stays on one or two rows: the entries
    of the first module (the one a user works in most, grievances) and of any module with a
    single entry stay in the row; each other module's entries fold under its name (a
    `<details>` menu, no script). `label` is the module's name (its app's verbose_name)."""
    groups: list[dict[str, Any]] = []
    for entry in entries:
        if groups and groups[-1]["module"] == entry["module"]:
            groups[-1]["entries"].append(entry)
        else:
            groups.append({"module": entry["module"], "entries": [entry]})
    for i, group in enumerate(groups):
        group["fold"] = i > 0 and len(group["entries"]) > 1
        try:
            group["label"] = apps.get_app_config(group["module"]).verbose_name
        except LookupError:
            group["label"] = group["module"]
    return groups
