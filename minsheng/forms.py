"""The console's form field for a declared input (`minsheng.actions.Field`): every module's
action forms are built from these, so a field reads and checks the same everywhere. A
module with a kind of its own (receipt codes) passes its field class in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from minsheng.actions import Field
from minsheng.names import person_name
from minsheng.widgets import IsoDateInput, IsoDateTimeInput
from orgs.models import Unit

User = get_user_model()


def _person(user: Any) -> str:
    return person_name(user)


def _yes(value: str) -> bool:
    return value == "1"


def form_field(spec: Field, *, codes: type[forms.CharField] | None = None) -> forms.Field:
    """The console's field for one declared input."""
    common: dict[str, Any] = {"label": spec.label, "required": spec.required}
    if spec.hint:
        common["help_text"] = spec.hint
    match spec.kind:
        case "text":
            return forms.CharField(
                max_length=spec.max_length,
                widget=forms.Textarea(attrs={"rows": spec.rows}),
                **common,
            )
        case "line":
            return forms.CharField(max_length=spec.max_length, **common)
        case "number":
            return forms.IntegerField(min_value=spec.min_value, max_value=spec.max_value, **common)
        case "choice":
            return forms.ChoiceField(choices=list(spec.choices), **common)
        case "choices":
            return forms.MultipleChoiceField(
                choices=list(spec.choices), widget=forms.CheckboxSelectMultiple, **common
            )
        case "amount":
            return forms.DecimalField(
                min_value=spec.min_value,
                max_value=spec.max_value,
                max_digits=12,
                decimal_places=2,
                **common,
            )
        case "yesno":
            # A required decision starts unchosen: the person picks "approve" or "refuse",
            # "upheld" or "not upheld"; a form that chose for them would decide by default.
            blank = [("", "—")] if spec.required else []
            return forms.TypedChoiceField(choices=[*blank, *spec.choices], coerce=_yes, **common)
        case "date":
            return forms.DateField(widget=IsoDateInput(), **common)
        case "datetime":
            return forms.DateTimeField(widget=IsoDateTimeInput(), **common)
        case "user":
            field = forms.ModelChoiceField(queryset=User.objects.none(), **common)
            field.label_from_instance = _person  # type: ignore[method-assign,assignment]
            return field
        case "unit":
            return forms.ModelChoiceField(queryset=Unit.objects.all(), **common)
        case "codes" if codes is not None:
            return codes(max_length=spec.max_length, **common)
    raise ValueError(spec.kind)
