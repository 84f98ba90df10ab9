"""The duty module in the Django admin: heightened periods and leave, audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.admin import AuditedAdmin
from duty.models import HeightenedPeriod, Leave

# ---- roster ----


@admin.register(HeightenedPeriod)
class HeightenedPeriodAdmin(AuditedAdmin):
    list_display = ("name", "first_day", "last_day", "unit")
    list_filter = ("unit",)
    exclude = ("created_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Leave)
class LeaveAdmin(AuditedAdmin):
    list_display = ("user", "first_day", "last_day", "reason")
    raw_id_fields = ("user",)


# ---- incidents ----
