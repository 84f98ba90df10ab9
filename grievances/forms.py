"""Forms of the staff console: parse and check input, nothing more."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from grievances.actions import Action, normalise_codes
from grievances.models import (
    DESCRIPTION_MAX,
    SUBJECT_MAX,
    Category,
    Channel,
    Grievance,
    IdentityMode,
    Kind,
)
from minsheng.forms import form_field
from minsheng.names import person_name
from orgs.models import Membership, Role, Unit

User = get_user_model()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the size and type checks happen in the intake action."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ActionForm(forms.Form):
    """The console's form for one declared action (see `action_form`). The grievance gives
    the choices of `user` fields (the candidates the console offers)."""

    action: Action

    def __init__(self, *args: Any, grievance: Grievance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in self.action.fields:
            if spec.options is not None:
                field = self.fields[spec.name]
                field.queryset = spec.options(grievance)  # type: ignore[attr-defined]
                if spec.kind == "user":
                    field.label_from_instance = _people_with_roles(grievance)  # type: ignore[attr-defined]


def _people_with_roles(g: Grievance) -> Callable[[Any], str]:
    """Labels for the people a case's form offers: the name, then each role the person holds
    in the case's unit or a unit above, with the unit (王伟 · Leader, 一车间), so two people
    of one name, or a leader here and a head above, can be told apart. One query, made when
    the choices are first drawn."""
    chain = [g.unit_id, *g.unit.ancestor_ids()]

    @functools.cache
    def roles() -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        rows = (
            Membership.objects.filter(unit_id__in=chain)
            .exclude(role=Role.AUDITOR)
            .select_related("unit")
            .order_by("-unit__level", "role")
        )
        for m in rows:
            out.setdefault(m.user_id, []).append(
                _("%(role)s, %(unit)s")
                % {"role": m.get_role_display(), "unit": m.unit.display_name}
            )
        return out

    def label(user: Any) -> str:
        held = roles().get(user.pk)
        return f"{person_name(user)} · {'; '.join(held)}" if held else person_name(user)

    return label


class CodesField(forms.CharField):
    """Receipt codes separated by spaces or commas (ASCII or Chinese)."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        try:
            return normalise_codes(text.replace(",", " ").replace("，", " ").split())
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


@functools.cache
def action_form_class(action: Action) -> type[ActionForm]:
    """The form class of a declared action: its fields, and the case's `version` hidden."""
    attrs: dict[str, Any] = {
        spec.name: form_field(spec, codes=CodesField) for spec in action.fields
    }
    if action.versioned:
        attrs["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
    attrs["action"] = action
    name = "".join(part.capitalize() for part in action.name.split("-")) + "Form"
    return type(name, (ActionForm,), attrs)


def action_form(action: Action, g: Grievance, data: Any = None) -> ActionForm:
    """The console's form for `action` on the case, prefixed with the action's name, with
    the case's version as the user sees it."""
    form = action_form_class(action)(data, grievance=g, prefix=action.name)
    if data is None and action.versioned:
        form.initial["version"] = g.version
    return form


class RegisterForm(forms.Form):
    """A grievance taken at the window, by letter or by phone."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (Channel.WALK_IN, Channel.WALK_IN.label),
            (Channel.LETTER, Channel.LETTER.label),
            (Channel.PHONE, Channel.PHONE.label),
        ],
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True), required=False
    )
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.all())
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    identity_mode = forms.ChoiceField(
        label=_("Identity"), choices=IdentityMode.choices, initial=IdentityMode.NAMED
    )
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    headcount = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=100_000, initial=1
    )
    repeat_of = forms.CharField(
        label=_("Earlier case about the same problem (receipt code)"),
        max_length=20,
        required=False,
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class StaffFilesForm(forms.Form):
    """Files staff add to a case; size, type and content are checked by the action."""

    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, JPG, PNG, DOCX, XLSX or TXT. Seen by staff only."),
    )
