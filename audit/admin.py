"""Changes made in the Django admin are audited like any other: `AuditedAdmin` records every
add, change and delete (inline rows too) with the fields that changed.

Secrets never reach the record: a field named in `audit_secret_fields`, or whose name says it
holds one (password, secret, key, hash, token), is recorded as changed without its value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from audit import log as audit

SECRET = "(secret)"
_SECRET_WORDS = ("password", "secret", "key", "hash", "token")


def _plain(value: Any) -> Any:
    """A JSON-friendly value for the record: a row as its primary key, a list item by item."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime | Decimal):
        return str(value)
    return value


def _is_secret(name: str, secret_fields: Iterable[str]) -> bool:
    return name in secret_fields or any(word in name.lower() for word in _SECRET_WORDS)


def form_changes(
    form: ModelForm[Any], change: bool, secret_fields: Iterable[str] = ()
) -> dict[str, Any]:
    """What the form set: every field of a new row, or old and new value of each changed field
    of an existing one; secrets by name only."""
    secret_fields = tuple(secret_fields)
    if not change:
        return {
            "fields": {
                name: SECRET if _is_secret(name, secret_fields) else _plain(value)
                for name, value in form.cleaned_data.items()
                if name in form.fields
            }
        }
    changed: dict[str, Any] = {}
    for name in form.changed_data:
        if _is_secret(name, secret_fields):
            changed[name] = SECRET
        else:
            changed[name] = [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
    return {"changed": changed}


def record_admin_change(
    request: HttpRequest,
    obj: models.Model,
    form: ModelForm[Any],
    change: bool,
    secret_fields: Iterable[str] = (),
) -> None:
    action = "admin.changed" if change else "admin.added"
    data = {"label": str(obj), **form_changes(form, change, secret_fields)}
    audit.record(request.user, action, obj, data)


def record_admin_delete(request: HttpRequest, obj: models.Model) -> None:
    audit.record(request.user, "admin.deleted", obj, {"label": str(obj)})


class AuditedAdmin(admin.ModelAdmin[Any]):
    """A ModelAdmin whose every add, change and delete leaves an audit record in the same
    transaction as the change."""

    audit_secret_fields: tuple[str, ...] = ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_admin_change(request, obj, form, change, self.audit_secret_fields)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record_admin_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                record_admin_delete(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseFormSet[Any], change: bool
    ) -> None:
        with transaction.atomic():
            deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
            for obj in deleted:
                record_admin_delete(request, obj)
            super().save_formset(request, form, formset, change)
            for f in formset.forms:
                if f in formset.deleted_forms or not f.has_changed() or f.instance.pk is None:
                    continue
                adding = f.instance in getattr(formset, "new_objects", [])
                record_admin_change(request, f.instance, f, not adding, self.audit_secret_fields)
