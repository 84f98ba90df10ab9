"""Case lists: my cases, the unit queue, supervised cases."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from grievances.deadlines import local_date
from grievances.filters import QueueFilter
from grievances.models import Grievance
from grievances.scoping import visible_grievances
from minsheng.staff import staff_required
from orgs.models import Unit
from orgs.scoping import scope_for

PAGE_SIZE = 50


def _units_for(request: HttpRequest) -> QuerySet[Unit]:
    scope = scope_for(request.user)
    units = Unit.objects.all()
    return units if scope.everything else units.filter(pk__in=sorted(scope.unit_ids))


def _render_list(
    request: HttpRequest, qs: QuerySet[Grievance], title: str, view_name: str
) -> HttpResponse:
    form = QueueFilter(request.GET or None, units=_units_for(request))
    if form.is_bound:
        form.is_valid()  # errors are shown next to the fields; valid fields still filter
    qs = form.apply(qs).select_related("unit", "category", "owner", "handler")
    paginator = Paginator(qs.order_by("-received_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "console/queue.html",
        {
            "title": title,
            "form": form,
            "page": page,
            "view_name": view_name,
            "query": urlencode(params),
            # Rendering the filter form costs more than the rows; it is drawn when asked for
            # (or when a filter is in use), which also keeps the list first on small screens.
            "show_filters": bool(params),
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
    return _render_list(request, qs, _("My cases"), "console:home")


@login_required
@staff_required
def unit_queue(request: HttpRequest) -> HttpResponse:
    return _render_list(request, visible_grievances(request.user), _("Unit queue"), "console:queue")


@login_required
@staff_required
def supervised(request: HttpRequest) -> HttpResponse:
    qs = visible_grievances(request.user).filter(supervised=True)
    return _render_list(request, qs, _("Supervised cases"), "console:supervised")
