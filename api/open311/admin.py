"""The questions of Open311 services, edited in the admin (imported by api/admin.py)."""

from __future__ import annotations

from django.contrib import admin

from api.open311.models import ServiceAttribute


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin[ServiceAttribute]):
    list_display = ("category", "order", "code", "datatype", "required", "variable")
    list_filter = ("category", "datatype")
    ordering = ("category", "order")
    search_fields = ("code", "description", "description_en")
