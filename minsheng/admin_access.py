from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from orgs.models import Role
from orgs.scoping import scope_for


def restrict_admin_to_administrators(site: AdminSite) -> None:
    """The Django admin is for administrators only: superusers, or staff holding the
    administrator role. Other staff use the console."""

    def has_permission(request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and getattr(user, "is_staff", False)):
            return False
        if getattr(user, "is_superuser", False):
            return True
        return any(Role.ADMIN in roles for roles in scope_for(user).direct_roles.values())

    site.has_permission = has_permission  # type: ignore[method-assign]
