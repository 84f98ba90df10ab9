"""Queue filters: parse the query string into a QuerySet filter, with messages for bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from grievances.intake import normalise_code
from grievances.models import OPEN_STATES, Category, Channel, Grievance, Kind, State
from minsheng.widgets import IsoDateInput
from minsheng.workdays import due_soon_days, local_date
from orgs.models import Unit
from orgs.scoping import subtree_ids

# Each list order ends with the id, so that a page boundary never splits or repeats rows, and
# starts with columns an index of Grievance.Meta covers (docs/decisions.md).
SORTS: dict[str, tuple[Any, ...]] = {
    "received": ("-received_at", "-id"),
    "due": (F("next_due").asc(nulls_last=True), "id"),
    "state": ("state", "-received_at", "-id"),
    "unit": ("unit__path", "-received_at", "-id"),
}
SORT_CHOICES = [
    ("received", _("Date received, newest first")),
    ("due", _("Next deadline, soonest first")),
    ("state", _("State")),
    ("unit", _("Unit")),
]
# What "my cases" shows unless closed cases are asked for: every case not finished, a replied
# one included (its feedback window runs, and a callback may be due).
NOT_CLOSED = (*OPEN_STATES, State.REPLIED)
DUE_CHOICES = [("", _("Any")), ("soon", _("Due soon")), ("overdue", _("Overdue"))]
YES_CHOICES = [("", _("Any")), ("1", _("Yes")), ("0", _("No"))]


class QueueFilter(forms.Form):
    q = forms.CharField(label=_("Receipt code or subject"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit and below"), queryset=Unit.objects.none(), required=False
    )
    due = forms.ChoiceField(label=_("Deadline"), choices=DUE_CHOICES, required=False)
    received_from = forms.DateField(label=_("Received from"), required=False, widget=IsoDateInput())
    received_to = forms.DateField(label=_("Received to"), required=False, widget=IsoDateInput())
    collective = forms.ChoiceField(label=_("Collective"), choices=YES_CHOICES, required=False)
    skip_level = forms.ChoiceField(label=_("Skip-level"), choices=YES_CHOICES, required=False)
    # Offered only where a list shows open cases unless asked (my cases).
    closed = forms.BooleanField(label=_("Include closed cases"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["state"].choices = any_choice + list(State.choices)  # type: ignore[attr-defined]
        self.fields["kind"].choices = any_choice + list(Kind.choices)  # type: ignore[attr-defined]
        self.fields["channel"].choices = any_choice + list(Channel.choices)  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def ordering(self) -> tuple[Any, ...]:
        """The list's order: the chosen sort (valid or not) or the newest first."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return SORTS.get(data.get("sort") or "received", SORTS["received"])

    def apply(self, qs: QuerySet[Grievance]) -> QuerySet[Grievance]:
        """Filter by the valid fields; invalid ones are reported by the form and ignored."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("q"):
            q = data["q"].strip()
            if _looks_like_code(q):
                qs = qs.filter(code=normalise_code(q))  # as read out: no dashes, any case
            else:
                qs = qs.filter(subject__contains=q)
        for name in ("state", "kind", "channel"):
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        if data.get("unit"):
            qs = qs.filter(unit_id__in=subtree_ids(data["unit"]))
        today = local_date()
        if data.get("due") == "overdue":
            qs = qs.filter(next_due__lt=today)
        elif data.get("due") == "soon":
            qs = qs.filter(next_due__gte=today, next_due__lte=today + timedelta(due_soon_days()))
        if data.get("received_from"):
            qs = qs.filter(received_at__date__gte=data["received_from"])
        if data.get("received_to"):
            qs = qs.filter(received_at__date__lte=data["received_to"])
        if data.get("collective"):
            qs = qs.filter(is_collective=data["collective"] == "1")
        if data.get("skip_level"):
            qs = qs.filter(is_skip_level=data["skip_level"] == "1")
        if "closed" in self.fields and not data.get("closed"):
            qs = qs.filter(state__in=NOT_CLOSED)
        return qs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("received_from")
        end: date | None = data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("The end date is before the start date."))
        return data


def _looks_like_code(value: str) -> bool:
    raw = value.replace("-", "")
    return len(raw) == 12 and raw.isalnum() and raw.isascii()
