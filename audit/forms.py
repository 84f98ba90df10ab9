"""The audit browser's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), required=False, max_length=40)
    person = forms.CharField(
        label=_("Staff user"),
        required=False,
        max_length=150,
        help_text=_("Login name."),
    )
    kind = forms.CharField(
        label=_("Kind"),
        required=False,
        max_length=64,
        help_text=_("The start of the record's kind, e.g. grievance. or identity.view"),
    )
    start = forms.DateField(label=_("From"), required=False, widget=ISO_DATE)
    end = forms.DateField(label=_("To"), required=False, widget=ISO_DATE)
    personal = forms.BooleanField(label=_("Only views of personal data"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date must not be after the last."))
        for name in ("code", "person", "kind"):
            data[name] = (data.get(name) or "").strip()
        return data
