"""The incident reports' console pages: the list, filing the initial report, an incident's
page with its reports, alerts and links, and one POST address per declared action. Thin:
parse, call the step, turn a DomainError into a message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from duty import incidents
from duty.actions import INCIDENT_ACTIONS, INITIAL_FIELDS, IncidentAction, incident_action
from duty.escalation import may_acknowledge
from duty.models import (
    Alert,
    Incident,
    IncidentKind,
    IncidentState,
    Report,
    Severity,
)
from duty.scoping import duty_units, get_incident_for, visible_incidents, visible_links
from minsheng import export
from minsheng.errors import DomainError
from minsheng.forms import form_field
from minsheng.staff import staff_required, staff_user

PAGE_SIZE = 50
YES_NO = [("", "—"), ("1", gettext_lazy("Yes")), ("0", gettext_lazy("No"))]


class Filters(forms.Form):
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Unit")
    )
    severity = forms.TypedChoiceField(
        choices=[("", "—"), *Severity.choices],
        coerce=int,
        required=False,
        label=gettext_lazy("Severity"),
    )
    kind = forms.ChoiceField(
        choices=[("", "—"), *IncidentKind.choices], required=False, label=gettext_lazy("Type")
    )
    state = forms.ChoiceField(
        choices=[("", "—"), *IncidentState.choices], required=False, label=gettext_lazy("State")
    )
    late = forms.ChoiceField(choices=YES_NO, required=False, label=gettext_lazy("Late (迟报)"))
    missing = forms.ChoiceField(
        choices=YES_NO, required=False, label=gettext_lazy("Missing (漏报)")
    )

    def __init__(self, *args: Any, units: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def apply(self, qs: QuerySet[Incident]) -> QuerySet[Incident]:
        d = self.cleaned_data
        if d.get("unit"):
            qs = qs.filter(unit=d["unit"])
        if d.get("severity"):
            qs = qs.filter(severity=d["severity"])
        for name in ("kind", "state"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        for name in ("late", "missing"):
            if d.get(name) in ("0", "1"):
                qs = qs.filter(**{name: d[name] == "1"})
        return qs


def _export(fmt: str, qs: QuerySet[Incident]) -> HttpResponseBase:
    kinds = dict(IncidentKind.choices)
    severities = dict(Severity.choices)
    states = dict(IncidentState.choices)

    def rows() -> Iterator[tuple[object, ...]]:
        for i in qs.select_related("unit").iterator(chunk_size=2000):
            yield (
                i.code,
                i.title,
                kinds.get(i.kind, i.kind),
                severities.get(i.severity, i.severity),
                i.unit.display_name,
                i.place,
                i.occurred_at,
                i.known_at,
                i.people_affected,
                states.get(i.state, i.state),
                _("Yes") if i.late else "",
                _("Yes") if i.missing else "",
            )

    columns = [
        export.Column(_("Code"), 18),
        export.Column(_("Title"), 36),
        export.Column(_("Type"), 14),
        export.Column(_("Severity"), 18),
        export.Column(_("Unit"), 18),
        export.Column(_("Place"), 24),
        export.Column(_("Occurred"), 16),
        export.Column(_("Became known"), 16),
        export.Column(_("People affected"), 10),
        export.Column(_("State"), 10),
        export.Column(_("Late (迟报)"), 8),
        export.Column(_("Missing (漏报)"), 8),
    ]
    return export.response(fmt, "incidents", columns, rows())


@login_required
@staff_required
@require_safe
def incident_list(request: HttpRequest) -> HttpResponseBase:
    user = staff_user(request)
    form = Filters(request.GET or None, units=duty_units(user))
    qs = visible_incidents(user)
    if form.is_bound and form.is_valid():
        qs = form.apply(qs)
    qs = qs.order_by("-known_at", "-id")
    fmt = export.requested(request)
    if fmt:
        return _export(fmt, qs)
    page = Paginator(qs.select_related("unit"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(
        f"{k}={v}" for k, v in request.GET.items() if k not in ("page", export.PARAM) and v
    )
    return render(
        request,
        "duty/incidents.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "may_file": incidents.may_report_somewhere(user),
        },
    )


def _fields_form(fields: tuple[Any, ...], data: Any = None, *, prefix: str = "") -> forms.Form:
    form = forms.Form(data, prefix=prefix or None)
    for spec in fields:
        form.fields[spec.name] = form_field(spec)
    return form


def initial_form(user: Any, data: Any = None) -> forms.Form:
    form = _fields_form(INITIAL_FIELDS, data)
    units = incidents.reporting_units(user)
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if data is None:
        first = list(units[:2])
        if len(first) == 1:
            form.initial["unit"] = first[0].pk
        now = timezone.localtime().replace(second=0, microsecond=0)
        form.initial.setdefault("known_at", now)
    return form


@login_required
@staff_required
def incident_new(request: HttpRequest) -> HttpResponse:
    """File the initial report (首报): the incident is opened and its alert sent."""
    user = staff_user(request)
    if not incidents.may_report_somewhere(user):
        raise PermissionDenied
    form = initial_form(user, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                incident = incidents.file_initial(by=user, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, str(exc.message))
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Initial report filed: incident %(code)s. The duty chain is notified.")
                    % {"code": incident.code},
                )
                return redirect("duty:incident", code=incident.code)
        else:
            messages.error(request, _("Please correct the errors below."))
            status = 400
    return render(request, "duty/incident_new.html", {"form": form}, status=status)


def _report_rows(incident: Incident) -> list[dict[str, Any]]:
    reports = list(incident.reports.select_related("reported_by").order_by("sequence", "version"))
    corrected = {r.supersedes_id for r in reports if r.supersedes_id}
    return [{"r": r, "corrected": r.pk in corrected} for r in reports]


def _alerts(incident: Incident, user: Any) -> list[dict[str, Any]]:
    out = []
    for a in (
        Alert.objects.filter(incident=incident)
        .select_related("report", "acknowledged_by")
        .prefetch_related("pages__user", "pages__unit")
    ):
        out.append(
            {
                "a": a,
                "pages": list(a.pages.all()),
                "may_ack": a.acknowledged_at is None and may_acknowledge(a, user),
            }
        )
    return out


def _action_forms(incident: Incident, user: Any) -> list[tuple[IncidentAction, forms.Form]]:
    if not incidents.may_report(user, incident.unit):
        return []
    out = []
    for action in INCIDENT_ACTIONS:
        if action.name == "acknowledge":
            continue
        if action.name in ("follow-up", "final") and incident.state == IncidentState.CLOSED:
            continue
        if action.name == "unlink" and not incident.links.exists():
            continue
        out.append((action, _fields_form(action.fields, prefix=action.name)))
    return out


def _context(request: HttpRequest, incident: Incident, **extra: Any) -> dict[str, Any]:
    user = staff_user(request)
    now = timezone.now()
    links = list(visible_links(user, incident))
    return {
        "i": incident,
        "reports": _report_rows(incident),
        "alerts": _alerts(incident, user),
        "links": links,
        "events": list(incident.events.select_related("actor")),
        "action_forms": _action_forms(incident, user),
        "final_overdue": incident.next_due is not None and incident.next_due < now,
        **extra,
    }


@login_required
@staff_required
@require_safe
def incident_page(request: HttpRequest, code: str) -> HttpResponse:
    incident = get_incident_for(request.user, code)
    return render(request, "duty/incident.html", _context(request, incident))


@login_required
@staff_required
def incident_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """POST one declared action on an incident."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    incident = get_incident_for(request.user, code)
    declared = incident_action(action)
    if declared is None:
        raise Http404
    user = staff_user(request)
    form = _fields_form(declared.fields, request.POST, prefix=action)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if declared.versioned and request.POST.get("version", "").isdigit():
            data["version"] = int(request.POST["version"])
        try:
            declared.call(incident, data, user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            incident.refresh_from_db()
            return render(
                request, "duty/incident.html", _context(request, incident), status=exc.status
            )
        messages.success(request, _("Saved."))
        return redirect("duty:incident", code=incident.code)
    messages.error(request, _("Please correct the errors below."))
    context = _context(request, incident)
    context["action_forms"] = [
        (a, form if a.name == action else f) for a, f in context["action_forms"]
    ]
    return render(request, "duty/incident.html", context, status=400)


__all__ = ["Report", "incident_act", "incident_list", "incident_new", "incident_page"]
