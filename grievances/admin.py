from __future__ import annotations

from django.contrib import admin

from audit.admin import AuditedAdmin
from grievances.models import Category, DeadlinePolicy


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("code", "name", "name_en", "parent", "active")


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(AuditedAdmin):
    list_display = ("kind", "category", "day_type", "accept_days", "resolve_days")
