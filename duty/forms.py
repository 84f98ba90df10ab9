"""The roster's console forms, built from the declared actions (`duty.actions`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duty import roster
from duty.actions import RosterAction
from minsheng.forms import form_field
from minsheng.widgets import IsoDateInput
from orgs.models import Unit

# Fields the console takes from the page, not from the form.
PAGE_FIELDS = ("unit", "preview")


def action_form(
    action: RosterAction, unit: Unit | None = None, data: Any = None, initial: Any = None
) -> forms.Form:
    """The console form of a roster action. Person fields offer the people who may stand
    at `unit` (officers, leaders, or both for a swap's replacement)."""
    fields = {s.name: form_field(s) for s in action.fields if s.name not in PAGE_FIELDS}
    form = type(f"{action.name}Form", (forms.Form,), fields)(data=data, initial=initial)
    if unit is not None:
        officers = roster.officer_candidates(unit)
        leaders = roster.leader_candidates(unit)
        for name, f in form.fields.items():
            if isinstance(f, forms.ModelChoiceField) and name != "unit":
                if name == "officer":
                    f.queryset = officers
                elif name == "leader":
                    f.queryset = leaders
                else:
                    f.queryset = roster.staff_candidates(unit)
    return form


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("My duty phone"), max_length=30, required=False)


class HeightenedForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    first_day = forms.DateField(label=_("First day"), widget=IsoDateInput())
    last_day = forms.DateField(label=_("Last day"), widget=IsoDateInput())
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty for every unit (administrators only)."),
    )
