"""Forms of the public portal: parse and check what people type, nothing more. The rules
(size and type of attachments, states, windows) are checked by the actions they call."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grievances.forms import MultipleFileField
from grievances.models import (
    DESCRIPTION_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    Category,
    IdentityMode,
    Kind,
    Rating,
)
from orgs.models import Unit, root_unit

IDENTITY_CHOICES = [
    (
        IdentityMode.NAMED,
        _("Named: the staff handling your case see your name and contact details."),
    ),
    (
        IdentityMode.CONFIDENTIAL,
        _(
            "Confidential: your name is known only to the staff handling your case; no one"
            " else in the organisation sees it."
        ),
    ),
    (
        IdentityMode.ANONYMOUS,
        _(
            "Anonymous: you give no name at all. You can still follow your case with the"
            " receipt code and secret, but no one can contact you about it."
        ),
    ),
]

PERSONAL_FIELDS = ("name", "phone", "id_number", "address", "email")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "\u2003" * obj.level + obj.display_name  # an em space per level shows the tree


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def _text(max_length: int, rows: int, **attrs: str) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": str(max_length), **attrs})


ONCE_FIELD = "once"
_ONCE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def once_token(data: Any) -> str | None:
    """The submission form's one-time token from the posted data, or None when it is missing
    or malformed (a form from before the token, or a scripted post)."""
    value = data.get(ONCE_FIELD) if hasattr(data, "get") else None
    return value if isinstance(value, str) and _ONCE.match(value) else None


class OnceField(forms.CharField):
    """A hidden field no one types in: whatever comes back, it never makes the form invalid
    (a person could not correct it); a malformed value is dropped."""

    def clean(self, value: Any) -> str:
        return value if isinstance(value, str) and _ONCE.match(value) else ""


class SubmitForm(forms.Form):
    # Made afresh each time the empty form is served, and sent back with it: the same form
    # sent twice is one grievance (portal/views.py).
    once = OnceField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("What kind of matter is it?"),
        choices=Kind.choices,
        # A select whose first option is a choice gets no HTML `required` from Django; a
        # screen reader still hears that the field is needed.
        widget=forms.Select(attrs={"aria-required": "true"}),
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(active=True),
        required=False,
        empty_label=_("I don't know"),
    )
    unit = UnitChoiceField(
        label=_("Unit concerned"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=None,
        help_text=_(
            "If you are not sure, leave the unit at the top: it sends the matter on to the"
            " unit that should handle it."
        ),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        help_text=_("One line that says what the matter is."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        widget=_text(DESCRIPTION_MAX, 8),
        help_text=_("What happened, when, who is affected, and what you would like done."),
    )
    location = forms.CharField(label=_("Where"), max_length=300, required=False)
    headcount = forms.IntegerField(
        label=_("How many people does this concern?"),
        min_value=1,
        max_value=100_000,
        initial=1,
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Optional: PDF, JPG, PNG, DOCX, XLSX or TXT files."),
    )
    identity_mode = forms.ChoiceField(
        label=_("How do you want to be known?"),
        choices=IDENTITY_CHOICES,
        initial=IdentityMode.NAMED,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("Needed when you choose named or confidential."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    GRIEVANCE_FIELDS = (
        "kind",
        "category",
        "unit",
        "subject",
        "description",
        "location",
        "headcount",
        "attachments",
    )
    IDENTITY_FIELDS = ("identity_mode", *PERSONAL_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].widget.attrs["maxlength"] = str(SUBJECT_MAX)
        # Looked up once per form: the view sends a grievance without a unit here too.
        self.root = root = root_unit()
        if root is not None:
            self.initial.setdefault("unit", root.pk)
        if not self.is_bound:
            self.initial.setdefault(ONCE_FIELD, secrets.token_urlsafe(24))

    def grievance_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.GRIEVANCE_FIELDS]

    def identity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.IDENTITY_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("identity_mode")
        if mode == IdentityMode.ANONYMOUS:
            # Anything typed in the personal fields is ignored, never stored.
            for name in PERSONAL_FIELDS:
                data[name] = ""
        elif mode and not (data.get("name") or "").strip():
            self.add_error(
                "name",
                _("Please give your name, or choose to submit anonymously."),
            )
        return data


class SecretInput(forms.TextInput):
    """Visible while typing (it is copied from paper), never sent back in a page."""

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        return super().get_context(name, None, attrs)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("For example ABCD-EFGH-JKMN. Lower case and missing dashes are fine."),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=30,
        widget=SecretInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("The 8-character secret shown with your receipt code."),
    )

    def clean_secret(self) -> str:
        # People copy the secret from paper: spaces and dashes are not part of it.
        return "".join(ch for ch in self.cleaned_data["secret"] if ch.isalnum())


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=TEXT_MAX,
        required=False,
        widget=_text(TEXT_MAX, 3),
    )


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you ask for a review?"),
        max_length=TEXT_MAX,
        widget=_text(TEXT_MAX, 4),
    )
