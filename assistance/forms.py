"""The assistance console's forms: input only; the steps check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.checks import MemberInput
from assistance.models import (
    Channel,
    Decision,
    Employment,
    HardshipType,
    Health,
    PaymentMethod,
    Programme,
    Relation,
)
from minsheng.widgets import IsoDateInput
from orgs.models import Unit


class RegisterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    head_name = forms.CharField(label=_("Head of household"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    hardship_types = forms.MultipleChoiceField(
        label=_("Hardship types"),
        choices=HardshipType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.CharField(
        label=_("Consent given"),
        max_length=500,
        help_text=_("What the household agreed to: which data, for what use."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), widget=forms.Textarea)


class ApplyForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(active=True)
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices[:2])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=IsoDateInput())
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea)


class CommitteeForm(forms.Form):
    members = forms.CharField(label=_("Committee members"), max_length=500)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea)
    amount = forms.DecimalField(
        label=_("Amount proposed (yuan)"), required=False, max_digits=12, decimal_places=2
    )


class EmptyForm(forms.Form):
    pass


class RefuseForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea)


class AnswerForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea)
    upheld = forms.BooleanField(label=_("The objection is upheld"), required=False)


class PayForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Date paid"), widget=IsoDateInput())
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class ObjectionForm(forms.Form):
    """The public's objection to a notice: anonymous unless a name is given."""

    once = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Your objection"), max_length=2000, widget=forms.Textarea)
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=50,
        required=False,
        help_text=_("Leave empty to object anonymously."),
    )
    contact = forms.CharField(
        label=_("How to reach you (optional)"), max_length=100, required=False
    )


class ChangeForm(forms.Form):
    head_name = forms.CharField(label=_("Head of household"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    hardship_types = forms.MultipleChoiceField(
        label=_("Hardship types"),
        choices=HardshipType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea)


INCOME_SOURCES = {
    "wage": _("Wage"),
    "pension": _("Pension"),
    "allowance": _("Allowances"),
    "other": _("Other income"),
}


class MemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    birth_year = forms.IntegerField(label=_("Birth year"), min_value=1900, max_value=2100)
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices)
    disability = forms.BooleanField(label=_("Disability"), required=False)
    employment = forms.ChoiceField(label=_("Employment"), choices=Employment.choices)
    wage = forms.DecimalField(label=_("Monthly wage (yuan)"), required=False, min_value=0)
    pension = forms.DecimalField(label=_("Monthly pension (yuan)"), required=False, min_value=0)
    allowance = forms.DecimalField(
        label=_("Monthly allowances (yuan)"), required=False, min_value=0
    )
    other = forms.DecimalField(label=_("Other monthly income (yuan)"), required=False, min_value=0)

    def member(self) -> MemberInput:
        d = self.cleaned_data
        return MemberInput(
            relation=d["relation"],
            birth_year=d["birth_year"],
            employment=d["employment"],
            health=d["health"],
            disability=d["disability"],
            income={k: str(d[k]) for k in INCOME_SOURCES if d.get(k) is not None},
        )


class ReverifyForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("continue", _("Continue the support")),
            ("adjust", _("Adjust the amount")),
            ("end", _("End the support")),
        ],
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea)
    amount = forms.DecimalField(
        label=_("New amount (yuan)"), required=False, max_digits=12, decimal_places=2
    )


class ReferForm(forms.Form):
    """Refer a grievance's complainant's household to a programme."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(active=True)
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


class ReportForm(forms.Form):
    """The year of the reports."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class FestivalForm(forms.Form):
    """Pay every eligible household of a festival programme."""

    amount = forms.DecimalField(
        label=_("Amount per household (yuan)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to use the programme's benefit rule."),
    )
    paid_on = forms.DateField(label=_("Date paid"), widget=IsoDateInput())
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
