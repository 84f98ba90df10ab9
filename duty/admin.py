"""The duty module's settings an administrator edits in the admin."""

from __future__ import annotations

from django.contrib import admin

# ---- roster ----
# ---- incidents ----
from duty.models import EscalationPolicy, ReportingDeadline


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin[ReportingDeadline]):
    list_display = ("severity", "initial_minutes", "final_days")


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin[EscalationPolicy]):
    list_display = ("unit", "severity", "steps", "wait_minutes")
    list_filter = ("severity",)
