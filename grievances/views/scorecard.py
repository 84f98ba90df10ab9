from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from grievances.scorecard import Card, unit_cards
from minsheng import export
from minsheng.staff import staff_required
from minsheng.widgets import IsoDateInput
from minsheng.workdays import local_date
from orgs.models import Unit
from orgs.scoping import subtree_ids, visible_units


class ScorecardForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    start = forms.DateField(label=_("From"), widget=IsoDateInput())
    end = forms.DateField(label=_("To"), widget=IsoDateInput())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


def _export(fmt: str, cards: list[Card]) -> HttpResponseBase:
    """The scorecard's rows and its total row, as on the page (rates in per cent)."""
    columns = [
        export.Column(_("Unit"), 20),
        export.Column(_("Received"), 10),
        export.Column(_("Timely acceptance"), 12),
        export.Column(_("On-time resolution"), 12),
        export.Column(_("Satisfaction"), 12),
        export.Column(_("Feedback participation"), 12),
        export.Column(_("First-level resolution"), 12),
        export.Column(_("Reopen rate"), 12),
        export.Column(_("Average days to resolve"), 12),
    ]
    rows = (
        (
            c.unit.display_name if c.unit else "",
            c.received,
            c.timely_acceptance_rate,
            c.on_time_resolution_rate,
            c.satisfaction_rate,
            c.participation_rate,
            c.first_level_rate,
            c.reopen_rate,
            c.days_to_resolve,
        )
        for c in cards
    )
    return export.response(fmt, "scorecard", columns, rows)


@login_required
@staff_required
def scorecard(request: HttpRequest) -> HttpResponseBase:
    units = visible_units(request.user)
    today = local_date()
    top = units.order_by("level", "path").first()
    start, end = today - timedelta(days=364), today
    form = ScorecardForm(request.GET or None, initial={"start": start, "end": end, "unit": top})
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    unit = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        unit = form.cleaned_data["unit"]
    root = unit or top
    total = rows = None
    if root is not None:
        # The cases of these units are the ones the reader sees (grievances.scoping): the
        # scorecard counts cases by their unit, not the ones they own or handle elsewhere.
        seen = set(units.values_list("id", flat=True))
        ids = [i for i in subtree_ids(root) if i in seen]
        total, rows = unit_cards(root, ids, start, end, today)
    fmt = export.requested(request)
    if fmt and total is not None and rows is not None:
        return _export(fmt, [*rows, total])
    return render(
        request,
        "console/scorecard.html",
        {"form": form, "total": total, "rows": rows, "start": start, "end": end, "root": root},
    )
