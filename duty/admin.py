"""The duty module in the Django admin: heightened periods, leave, reporting deadlines and
escalation policies, each change audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.admin import AuditedAdmin
from duty.models import EscalationPolicy, HeightenedPeriod, Leave, ReportingDeadline

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


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(AuditedAdmin):
    list_display = ("severity", "initial_minutes", "final_days")


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(AuditedAdmin):
    list_display = ("unit", "severity", "steps", "wait_minutes")
    list_filter = ("severity",)
