"""Case lists: my cases, the unit queue, supervised cases."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from grievances.filters import NOT_CLOSED, SORTS, QueueFilter
from grievances.models import DueKind, Grievance, State
from grievances.scoping import visible_grievances
from minsheng import export
from minsheng.names import person_name
from minsheng.staff import staff_required
from minsheng.workdays import local_date
from orgs.models import Unit
from orgs.scoping import visible_units

PAGE_SIZE = 50


def _units_for(request: HttpRequest) -> QuerySet[Unit]:
    return visible_units(request.user)


def _rows(grievances: list[Grievance]) -> list[dict[str, object]]:
    """What each row shows, computed in Python once: the template engine's per-variable
    lookups cost more than the rows' queries (docs/benchmarks.md)."""
    states = dict(State.choices)
    due_kinds = dict(DueKind.choices)
    prefix = reverse("grievances:case", args=["X"])[:-2]
    today = local_date()
    names: dict[int, str] = {}
    rows = []
    for g in grievances:
        owner = ""
        if g.owner_id is not None and g.owner is not None:
            owner = names.setdefault(g.owner_id, person_name(g.owner))
        rows.append(
            {
                "href": f"{prefix}{g.code}/",
                "code": g.code,
                "subject": g.subject,
                "headcount": g.headcount if g.is_collective else 0,
                "skip_level": g.is_skip_level,
                "supervised": g.supervised,
                "repeat": g.repeat_of_id is not None,
                "category": g.category.display_name if g.category else "",
                "unit": g.unit.display_name,
                "state": g.state,
                "state_label": states.get(g.state, g.state),
                "owner": owner,
                "received": timezone.localtime(g.received_at).date().isoformat(),
                "due": g.next_due.isoformat() if g.next_due else "",
                "due_label": due_kinds.get(g.next_due_kind, ""),
                "overdue": g.next_due is not None and g.next_due < today,
            }
        )
    return rows


def _tags(g: Grievance) -> str:
    """The tags the list shows after the subject, as words."""
    tags = []
    if g.is_collective:
        tags.append(_("%(n)s people") % {"n": g.headcount})
    if g.is_skip_level:
        tags.append(_("Skip-level"))
    if g.supervised:
        tags.append(_("Supervised"))
    if g.repeat_of_id is not None:
        tags.append(_("Repeat"))
    return ", ".join(tags)


def _export(fmt: str, name: str, qs: QuerySet[Grievance]) -> HttpResponseBase:
    """The list's rows, every page of them, as xlsx or CSV (minsheng/export.py)."""
    states = dict(State.choices)
    due_kinds = dict(DueKind.choices)
    names: dict[int, str] = {}

    def rows() -> Iterator[tuple[object, ...]]:
        for g in qs.iterator(chunk_size=2000):
            owner = ""
            if g.owner_id is not None and g.owner is not None:
                owner = names.setdefault(g.owner_id, person_name(g.owner))
            yield (
                g.code,
                g.subject,
                _tags(g),
                g.category.display_name if g.category else "",
                g.unit.display_name,
                states.get(g.state, g.state),
                owner,
                timezone.localtime(g.received_at).date(),
                g.next_due,
                due_kinds.get(g.next_due_kind, "") if g.next_due else "",
            )

    columns = [
        export.Column(_("Receipt code"), 18),
        export.Column(_("Subject"), 40),
        export.Column(_("Tags"), 16),
        export.Column(_("Category"), 16),
        export.Column(_("Unit"), 18),
        export.Column(_("State"), 12),
        export.Column(_("Owner"), 12),
        export.Column(_("Received"), 12),
        export.Column(_("Next deadline"), 12),
        export.Column(_("Deadline for"), 14),
    ]
    return export.response(fmt, name, columns, rows())


def _render_list(
    request: HttpRequest,
    qs: QuerySet[Grievance],
    title: str,
    view_name: str,
    *,
    open_by_default: bool = False,
) -> HttpResponseBase:
    form = QueueFilter(request.GET or None, units=_units_for(request))
    if not open_by_default:
        del form.fields["closed"]
    if form.is_bound:
        form.is_valid()  # errors are shown next to the fields; valid fields still filter
    elif open_by_default:
        qs = qs.filter(state__in=NOT_CLOSED)
    qs = form.apply(qs).select_related("unit", "category", "owner", "handler")
    fmt = export.requested(request)
    if fmt:
        return _export(fmt, view_name.split(":")[-1], qs.order_by(*form.ordering()))
    paginator = Paginator(qs.order_by(*form.ordering()), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k not in ("page", export.PARAM) and v}
    sort = params.get("sort") if params.get("sort") in SORTS else "received"
    # Sortable column headers keep the filters (and go back to the first page).
    rest = {k: v for k, v in params.items() if k != "sort"}
    sort_links = {key: "?" + urlencode({**rest, "sort": key}) for key in SORTS}
    closed = bool(params.get("closed"))
    closed_link = "?" + urlencode(
        {k: v for k, v in params.items() if k != "closed"} | ({} if closed else {"closed": "on"})
    )
    return render(
        request,
        "console/queue.html",
        {
            "title": title,
            "form": form,
            "page": page,
            "rows": _rows(list(page.object_list)),
            "view_name": view_name,
            "query": urlencode(params),
            # Rendering the filter form costs more than the rows; it is drawn when asked for
            # (or when a filter is in use), which also keeps the list first on small screens.
            "show_filters": bool(rest.keys() - {"closed"}),
            "sort": sort,
            "sort_links": sort_links,
            # My cases: open ones unless asked, with a switch either way.
            "closed_link": closed_link if open_by_default else "",
            "closed_shown": closed,
            "today": local_date(),
        },
    )


@login_required
@staff_required
def my_cases(request: HttpRequest) -> HttpResponseBase:
    from django.db.models import Q

    qs = visible_grievances(request.user).filter(
        Q(owner_id=request.user.pk) | Q(handler_id=request.user.pk)
    )
    return _render_list(request, qs, _("My cases"), "grievances:home", open_by_default=True)


@login_required
@staff_required
def unit_queue(request: HttpRequest) -> HttpResponseBase:
    return _render_list(
        request, visible_grievances(request.user), _("Unit queue"), "grievances:queue"
    )


@login_required
@staff_required
def supervised(request: HttpRequest) -> HttpResponseBase:
    qs = visible_grievances(request.user).filter(supervised=True)
    return _render_list(request, qs, _("Supervised cases"), "grievances:supervised")
