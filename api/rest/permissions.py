"""Scopes, per module (`grievances:read`, `grievances:intake`, `grievances:act`; see
`api.models.Scope`). A token carries some of them; a logged-in console user (session)
has read and act, and their roles decide the rest, exactly as in the console. Intake through
the API is for tokens and for the public (anonymous); the console has its own register page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api.auth import request_token
from api.models import Scope

SESSION_SCOPES = frozenset(
    {
        Scope.READ,
        Scope.ACT,
        Scope.DUTY_READ,
        Scope.DUTY_ACT,
        Scope.ASSISTANCE_READ,
        Scope.ASSISTANCE_ACT,
    }
)


def has_scope(request: Request, scope: str) -> bool:
    token = request_token(request)
    if token is not None:
        return token.has_scope(scope)
    return bool(request.user and request.user.is_authenticated) and scope in SESSION_SCOPES


class _ScopeRequired(BasePermission):
    """Authenticated (else 401) and holding the scope (else 403 `scope_missing`)."""

    scope: str = ""
    code = "scope_missing"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if has_scope(request, self.scope):
            return True
        self.message = _("This token does not have the “%(scope)s” scope.") % {"scope": self.scope}
        return False


class ReadScope(_ScopeRequired):
    scope = Scope.READ


class ActScope(_ScopeRequired):
    scope = Scope.ACT


class DutyReadScope(_ScopeRequired):
    scope = Scope.DUTY_READ


class DutyActScope(_ScopeRequired):
    scope = Scope.DUTY_ACT


class AssistanceReadScope(_ScopeRequired):
    scope = Scope.ASSISTANCE_READ


class AssistanceActScope(_ScopeRequired):
    scope = Scope.ASSISTANCE_ACT


class IntakeOrPublic(BasePermission):
    """Anyone may bring a grievance in; a token must hold the intake scope to do it under
    its own name. A console session may not: it registers through the console."""

    code = "scope_missing"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True
        if has_scope(request, Scope.INTAKE):
            return True
        if request_token(request) is None:
            self.message = _(
                "A console session cannot bring grievances in through the API: use the"
                " console's register page, or a token with the “grievances:intake” scope."
            )
        else:
            self.message = _("This token does not have the “%(scope)s” scope.") % {
                "scope": Scope.INTAKE
            }
        return False
