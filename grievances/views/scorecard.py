from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grievances.scorecard import Card, unit_cards
from minsheng import export
from minsheng import scorecard as sections
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
    ids: list[int] = []
    if root is not None:
        # The cases of these units are the ones the reader sees (grievances.scoping): the
        # scorecard counts cases by their unit, not the ones they own or handle elsewhere.
        seen = set(units.values_list("id", flat=True))
        ids = [i for i in subtree_ids(root) if i in seen]
        total, rows = unit_cards(root, ids, start, end, today)
    # Other modules' tables for the same units and period (minsheng.scorecard).
    frame = None
    if root is not None:
        children = [c.unit for c in rows or [] if c.unit is not None]
        frame = sections.Frame(root=root, children=children, unit_ids=ids)
    begins = timezone.make_aware(datetime.combine(start, time.min))
    ends = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    fmt = export.requested(request)
    wanted = request.GET.get("section", "")
    if fmt and wanted and frame is not None:
        found = sections.sections_for(request.user, frame, begins, ends, only=wanted)
        if found:
            return _export_section(fmt, found[0])
    if fmt and total is not None and rows is not None:
        return _export(fmt, [*rows, total])
    more = sections.sections_for(request.user, frame, begins, ends) if frame else []
    params = request.GET.copy()
    params.pop("export", None)
    queries = []
    for section in more:
        params["section"] = section.name
        queries.append((section, params.urlencode()))
    return render(
        request,
        "console/scorecard.html",
        {
            "form": form,
            "total": total,
            "rows": rows,
            "start": start,
            "end": end,
            "root": root,
            "sections": queries,
        },
    )


def _export_section(fmt: str, section: sections.Section) -> HttpResponseBase:
    widths = list(section.widths) or [20, *[12] * len(section.columns)]
    columns = [export.Column(_("Unit"), widths[0])] + [
        export.Column(label, w) for label, w in zip(section.columns, widths[1:], strict=False)
    ]
    body = [*section.rows, *([section.total] if section.total else [])]
    rows = ((str(r.label), *(_cell(c) for c in r.cells)) for r in body)
    return export.response(fmt, f"scorecard-{section.name}", columns, rows)


def _cell(value: object) -> object:
    return "" if value is None else value if isinstance(value, int | float) else str(value)
