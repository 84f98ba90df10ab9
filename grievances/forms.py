"""Forms of the staff console: parse and check input, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from grievances.models import (
    DESCRIPTION_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    Category,
    Channel,
    EventKind,
    IdentityMode,
    Kind,
    Rating,
)
from minsheng.names import person_name
from orgs.models import Role, Unit
from orgs.scoping import members

User = get_user_model()


def _text(label: Any, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


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


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReasonsForm(VersionedForm):
    reasons = _text(_("Reasons"), required=False)


class DeclineForm(VersionedForm):
    reasons = _text(_("Reasons for declining"))


class AssignForm(VersionedForm):
    owner = forms.ModelChoiceField(label=_("Owner (leader)"), queryset=User.objects.none())
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=User.objects.none())

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = members(unit, [Role.LEADER, Role.HEAD], above=True)
        handlers = members(unit, [Role.HANDLER, Role.LEADER])
        self.fields["owner"].queryset = owners.order_by("last_name")  # type: ignore[attr-defined]
        self.fields["handler"].queryset = handlers.order_by("last_name")  # type: ignore[attr-defined]
        for f in ("owner", "handler"):
            self.fields[f].label_from_instance = _person  # type: ignore[attr-defined]


def _person(user: Any) -> str:
    return person_name(user)


class ContactForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (EventKind.VISIT, EventKind.VISIT.label),
            (EventKind.APPOINTMENT, EventKind.APPOINTMENT.label),
            (EventKind.DIALOGUE, EventKind.DIALOGUE.label),
            (EventKind.NOTE, EventKind.NOTE.label),
        ],
    )
    when = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    participants = forms.IntegerField(
        label=_("Participants"), required=False, min_value=1, max_value=100_000
    )
    summary = _text(_("Summary"))


class TransferForm(VersionedForm):
    to_unit = forms.ModelChoiceField(label=_("To unit"), queryset=Unit.objects.all())
    reasons = _text(_("Reasons"))


class ReturnForm(VersionedForm):
    reasons = _text(_("Reasons"))


class ExtensionForm(VersionedForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365)
    reason = _text(_("Reason"))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    note = _text(_("Note"), required=False)


class ReplyForm(VersionedForm):
    facts = _text(_("Facts found"), rows=4)
    decision = _text(_("Decision"), rows=3)
    reasons = _text(_("Reasons"), rows=4)
    policy = _text(_("Policy applied"), required=False, rows=2)


class CallbackForm(VersionedForm):
    rating = forms.ChoiceField(label=_("Satisfaction"), choices=Rating.choices)
    notes = _text(_("Notes of the call"), required=False)


class ReviewDecisionForm(VersionedForm):
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold the reply")), ("0", _("Send back to be handled again"))],
        coerce=lambda v: v == "1",
    )
    opinion = _text(_("Review opinion"), rows=4)


class MergeForm(VersionedForm):
    codes = forms.CharField(
        label=_("Receipt codes of the cases to merge into this one"),
        max_length=2000,
        help_text=_("One or more codes, separated by spaces or commas."),
    )

    def clean_codes(self) -> list[str]:
        raw = self.cleaned_data["codes"].replace(",", " ").replace("，", " ").split()
        codes = sorted({c.strip().upper() for c in raw if c.strip()})
        if not codes:
            raise forms.ValidationError(_("Give at least one receipt code."))
        if len(codes) > 200:
            raise forms.ValidationError(_("At most 200 cases at a time."))
        return codes


class SuperviseForm(VersionedForm):
    instructions = _text(_("Instructions"))
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class ProgressForm(VersionedForm):
    text = _text(_("Progress report"))


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
