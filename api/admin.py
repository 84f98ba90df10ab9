from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, Scope
from audit.admin import AuditedAdmin


class ApiTokenForm(forms.ModelForm[ApiToken]):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["name", "user", "unit", "scopes", "revoked"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    form = ApiTokenForm
    audit_secret_fields = ("key_hash",)
    list_display = ("name", "prefix", "user", "unit", "scopes", "last_used", "revoked")
    readonly_fields = ("prefix", "last_used", "created")

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if not change:
            key = ApiToken.new_key()
            obj.set_key(key)
            obj.created_by = request.user  # type: ignore[assignment]
            messages.warning(
                request,
                _("The key of %(name)s is %(key)s — copy it now; it will not be shown again.")
                % {"name": obj.name, "key": key},
            )
        super().save_model(request, obj, form, change)


from api.open311 import admin as _open311_admin  # noqa: E402,F401  (registers its models)
