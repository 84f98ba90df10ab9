from __future__ import annotations

from django.contrib import admin

from audit.admin import AuditedAdmin
from grievances.models import Category, DeadlinePolicy, RoutingRule


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("code", "name", "name_en", "parent", "active")


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(AuditedAdmin):
    list_display = ("kind", "category", "day_type", "accept_days", "resolve_days")


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    """Where grievances that come in at the top go (grievances/routing.py). What no rule
    places goes to the unit marked as intake desk in Units."""

    list_display = ("category", "place", "unit", "active")
    list_filter = ("active",)
    search_fields = ("place", "category__name", "category__name_en", "unit__name", "unit__code")
    autocomplete_fields = ("unit",)
