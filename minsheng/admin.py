"""Failed staff logins in the admin: administrators see who is locked out and unlock them.
Rows are only read here; the one change, unlocking, goes through `logins.unlock`, which
audits it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from minsheng import logins
from minsheng.models import FailedLogin


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin[FailedLogin]):
    list_display = ("account", "address", "failures", "last_try", "locked")
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time",)
    actions = ["unlock"]
    fields = ("account", "address", "failures", "last_try", "locked", "path_info", "user_agent")
    readonly_fields = fields

    @admin.display(description=_("Account"), ordering="username")
    def account(self, obj: FailedLogin) -> str:
        return obj.username or ""

    @admin.display(description=_("Address"), ordering="ip_address")
    def address(self, obj: FailedLogin) -> str:
        return obj.ip_address or ""

    @admin.display(description=_("Failed logins"), ordering="failures_since_start")
    def failures(self, obj: FailedLogin) -> int:
        return obj.failures_since_start

    @admin.display(description=_("Last try"), ordering="attempt_time")
    def last_try(self, obj: FailedLogin) -> object:
        return obj.attempt_time

    @admin.display(description=_("Locked"), boolean=True)
    def locked(self, obj: FailedLogin) -> bool:
        return logins.is_locked(obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # unlocking (audited) is the only way a row goes

    def has_unlock_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("minsheng.delete_failedlogin")

    @admin.action(description=_("Unlock: forget these failed logins"), permissions=["unlock"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[FailedLogin]) -> None:
        n = logins.unlock(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d failed login forgotten.", "%(n)d failed logins forgotten.", n)
            % {"n": n},
            messages.SUCCESS,
        )
