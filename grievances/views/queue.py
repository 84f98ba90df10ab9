"""Case lists: my cases, the unit queue, supervised cases."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from grievances.filters import NOT_CLOSED, SORTS, QueueFilter
from grievances.models import DueKind, Grievance, State
from grievances.scoping import visible_grievances
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


def _render_list(
    request: HttpRequest,
    qs: QuerySet[Grievance],
    title: str,
    view_name: str,
    *,
    open_by_default: bool = False,
) -> HttpResponse:
    form = QueueFilter(request.GET or None, units=_units_for(request))
    if not open_by_default:
        del form.fields["closed"]
    if form.is_bound:
        form.is_valid()  # errors are shown next to the fields; valid fields still filter
    elif open_by_default:
        qs = qs.filter(state__in=NOT_CLOSED)
    qs = form.apply(qs).select_related("unit", "category", "owner", "handler")
    paginator = Paginator(qs.order_by(*form.ordering()), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
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
def my_cases(request: HttpRequest) -> HttpResponse:
    from django.db.models import Q

    qs = visible_grievances(request.user).filter(
        Q(owner_id=request.user.pk) | Q(handler_id=request.user.pk)
    )
    return _render_list(request, qs, _("My cases"), "grievances:home", open_by_default=True)


@login_required
@staff_required
def unit_queue(request: HttpRequest) -> HttpResponse:
    return _render_list(
        request, visible_grievances(request.user), _("Unit queue"), "grievances:queue"
    )


@login_required
@staff_required
def supervised(request: HttpRequest) -> HttpResponse:
    qs = visible_grievances(request.user).filter(supervised=True)
    return _render_list(request, qs, _("Supervised cases"), "grievances:supervised")
