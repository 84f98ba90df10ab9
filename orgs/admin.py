"""Units and roles in the Django admin, changed through the orgs actions (which audit them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseFormSet
from django.http import HttpRequest

from audit.admin import AuditedAdmin
from orgs import actions
from orgs.models import Membership, Unit


class MembershipInline(admin.TabularInline[Membership, Unit]):
    model = Membership
    extra = 0
    fields = ("user", "role")
    autocomplete_fields = ("user",)


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    """Adding, moving and renaming go through `orgs.actions`; deleting (refused while anything
    points at the unit) is recorded by AuditedAdmin. Roles in the unit are granted and revoked
    in its inline."""

    list_display = ("name", "code", "parent", "level", "is_intake_desk")
    search_fields = ("name", "code")
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        by = request.user
        if not change:
            unit = actions.create_unit(
                name=obj.name, name_en=obj.name_en, code=obj.code, parent=obj.parent, by=by
            )
            obj.pk, obj.path, obj.level = unit.pk, unit.path, unit.level
            obj._state.adding = False
            if obj.is_intake_desk:
                actions.set_intake_desk(unit, on=True, by=by)
            return
        current = Unit.objects.get(pk=obj.pk)
        if current.parent_id != obj.parent_id:
            current = actions.move_unit(current, new_parent=obj.parent, by=by)
        actions.rename_unit(current, name=obj.name, name_en=obj.name_en, code=obj.code, by=by)
        actions.set_intake_desk(current, on=obj.is_intake_desk, by=by)
        obj.path, obj.level = Unit.objects.values_list("path", "level").get(pk=obj.pk)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseFormSet[Any], change: bool
    ) -> None:
        if formset.model is not Membership:  # type: ignore[attr-defined]
            super().save_formset(request, form, formset, change)
            return
        _save_memberships(request, formset, unit=form.instance)


def _save_memberships(request: HttpRequest, formset: Any, unit: Unit) -> None:
    """Grant what the inline adds, revoke what it deletes; a changed row is the old role
    revoked and the new one granted."""
    by = request.user
    formset.save(commit=False)
    for m in formset.deleted_objects:
        actions.revoke_role(m.user, m.unit, m.role, by=by)
    for m, _fields in formset.changed_objects:
        old = Membership.objects.select_related("user", "unit").get(pk=m.pk)
        actions.revoke_role(old.user, old.unit, old.role, by=by)
        actions.grant_role(m.user, unit, m.role, by=by)
    for m in formset.new_objects:
        actions.grant_role(m.user, unit, m.role, by=by)


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    """A role is granted or revoked, never edited: an existing row is shown read-only."""

    list_display = ("user", "unit", "role")
    list_filter = ("role",)
    autocomplete_fields = ("user", "unit")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("user", "unit", "role") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        if change:
            return  # nothing is editable
        m = actions.grant_role(obj.user, obj.unit, obj.role, by=request.user)
        obj.pk = m.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        actions.revoke_role(obj.user, obj.unit, obj.role, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for m in queryset.select_related("user", "unit"):
            actions.revoke_role(m.user, m.unit, m.role, by=request.user)
