"""Programmes in the Django admin, each change audited. The eligibility and benefit rules are
checked when saved (`Programme.clean` through `assistance.rules.parse`): a rule that does not
parse is refused with its message. Households and applications change only through
`assistance.lifecycle`, so they are not here."""

from __future__ import annotations

from django.contrib import admin

from assistance.models import Programme
from audit.admin import AuditedAdmin


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("name", "kind", "budget", "budget_period", "reverify", "active")
    list_filter = ("kind", "active")
    filter_horizontal = ("units",)
