from __future__ import annotations

from django.contrib import admin

from orgs.models import Membership, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("name", "code", "parent", "level")
    search_fields = ("name", "code")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "unit", "role")
    list_filter = ("role",)
    autocomplete_fields = ("unit",)
