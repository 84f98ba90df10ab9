"""The assistance console's forms: input only; the steps check the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance import rules
from assistance.actions import APPLICATION_ACTIONS
from assistance.checks import INCOME_MAX, MemberInput
from assistance.lifecycle import BUDGET_MAX, NOTICE_DAYS_MAX, NOTICE_DAYS_MIN
from assistance.models import (
    Channel,
    Employment,
    HardshipType,
    Health,
    PaymentMethod,
    Period,
    Programme,
    ProgrammeKind,
    Relation,
)
from minsheng.forms import form_field
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
        only = list(units[:2])
        if len(only) == 1:  # a clerk of one unit has nothing to choose
            self.fields["unit"].initial = only[0].pk


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), widget=forms.Textarea)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea)


class ApplyForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(active=True)
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices[:2])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


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


def _income(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=INCOME_MAX,
        max_digits=12,
        decimal_places=2,
    )


class MemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    birth_year = forms.IntegerField(label=_("Birth year"), min_value=1900, max_value=2100)
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices)
    disability = forms.BooleanField(label=_("Disability"), required=False)
    employment = forms.ChoiceField(label=_("Employment"), choices=Employment.choices)
    wage = _income(_("Monthly wage (yuan)"))
    pension = _income(_("Monthly pension (yuan)"))
    allowance = _income(_("Monthly allowances (yuan)"))
    other = _income(_("Other monthly income (yuan)"))

    def clean_birth_year(self) -> int:
        year: int = self.cleaned_data["birth_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("The birth year cannot be after this year."))
        return year

    def member(self) -> MemberInput:
        d = self.cleaned_data
        return MemberInput(
            relation=d.get("relation") or Relation.HEAD,
            birth_year=d["birth_year"],
            employment=d["employment"],
            health=d.get("health") or Health.GOOD,
            disability=d["disability"],
            income={k: str(d[k]) for k in INCOME_SOURCES if d.get(k) is not None},
        )


class HeadMemberForm(MemberForm):
    """The head of household's own row in the register: the relation is the head."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["relation"]


BLANK = [("", "—")]


class ExtraMemberForm(MemberForm):
    """Another member on the register form. The lists start blank, so that a row left
    untouched sends nothing and is ignored; health left blank is good health."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = [c for c in Relation.choices if c[0] != Relation.HEAD]
        self.fields["relation"].choices = BLANK + others  # type: ignore[attr-defined]
        self.fields["employment"].choices = BLANK + Employment.choices  # type: ignore[attr-defined]
        self.fields["health"].choices = BLANK + Health.choices  # type: ignore[attr-defined]
        self.fields["health"].required = False


MEMBER_ROWS = 3
MEMBERS_MAX = 20
ExtraMembers = forms.formset_factory(
    ExtraMemberForm,
    extra=MEMBER_ROWS,
    max_num=MEMBERS_MAX,
    validate_max=True,
    absolute_max=MEMBERS_MAX + MEMBER_ROWS,
)


class ReferForm(forms.Form):
    """Refer a grievance's complainant's household to a programme."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(active=True)
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


class RegisterReferForm(forms.Form):
    """Register a grievance's complainant's household and refer it, in one step. The head's
    name, ID number, phone and address are the complainant's, as the case holds them: they
    are not on the form."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(active=True)
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    hardship_types = forms.MultipleChoiceField(
        label=_("Hardship types"),
        choices=HardshipType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.CharField(
        label=_("Consent given"),
        max_length=500,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. The complainant agreed in person to the registration")}
        ),
        help_text=_(
            "What the complainant agreed to, and how: which data, for what use. The household"
            " is registered from the complainant's name, ID number, phone and address as the"
            " case holds them; reading them is recorded in the audit log."
        ),
    )
    employment = forms.ChoiceField(
        label=_("Employment of the head"), choices=[*BLANK, *Employment.choices]
    )
    health = forms.ChoiceField(
        label=_("Health of the head"), choices=Health.choices, initial=Health.GOOD
    )
    disability = forms.BooleanField(label=_("Disability"), required=False)
    wage = _income(_("Monthly wage (yuan)"))
    pension = _income(_("Monthly pension (yuan)"))
    allowance = _income(_("Monthly allowances (yuan)"))
    other = _income(_("Other monthly income (yuan)"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def step_input(self) -> dict[str, Any]:
        """The keyword arguments of `links.register_and_refer` besides the case and user."""
        d = self.cleaned_data
        return {
            "unit": d["unit"],
            "hardship_types": d["hardship_types"],
            "consent": d["consent"],
            "employment": d["employment"],
            "health": d["health"],
            "disability": d["disability"],
            "income": {k: str(d[k]) for k in INCOME_SOURCES if d.get(k) is not None},
            "reason": d["reason"],
        }


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


class UnitsField(forms.ModelMultipleChoiceField):
    """Units ticked by their id. An id beyond what the database holds is refused as any
    unknown one: Django's `pk__in` query would pass it on and SQLite raises OverflowError."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django's own check says it is not a valid value
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class ProgrammeForm(forms.Form):
    """A programme as administered in the console (`lifecycle.save_programme` checks it)."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Programme name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    budget = forms.DecimalField(
        label=_("Budget per period (yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=BUDGET_MAX,
    )
    budget_period = forms.ChoiceField(label=_("Budget period"), choices=Period.choices)
    eligibility = forms.CharField(
        label=_("Eligibility rule"),
        required=False,
        max_length=rules.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("A condition. Left empty, every open household of the units is eligible."),
    )
    benefit = forms.CharField(
        label=_("Benefit rule"),
        required=False,
        max_length=rules.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=_(
            "An amount in yuan. Left empty, the committee gives the amount of each application."
        ),
    )
    units = UnitsField(
        label=_("Units covered"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With every unit below them."),
    )
    reverify = forms.ChoiceField(label=_("Re-verification"), choices=Period.choices)
    notice_days = forms.IntegerField(
        label=_("Notice period (days)"),
        min_value=NOTICE_DAYS_MIN,
        max_value=NOTICE_DAYS_MAX,
        initial=7,
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]


# Inputs the console's page fills in: the objection answered is the one whose form it is.
HIDDEN = frozenset({"objection"})


def _step_form(name: str, fields: tuple[Any, ...]) -> type[forms.Form]:
    attrs: dict[str, Any] = {}
    for spec in fields:
        field = form_field(spec)
        if spec.name in HIDDEN:
            field.widget = forms.HiddenInput()
        attrs[spec.name] = field
    return type(f"{name.capitalize()}StepForm", (forms.Form,), attrs)


# The console's form of each step on an application, built from the declared inputs
# (`assistance.actions.APPLICATION_ACTIONS`), as the API's bodies are.
STEP_FORMS: dict[str, type[forms.Form]] = {
    a.name: _step_form(a.name, a.fields) for a in APPLICATION_ACTIONS
}
