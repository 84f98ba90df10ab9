"""The console's search: /console/search/?q=… with the queue's filters."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grievances.search import CANDIDATES, MAX_QUERY_CHARS, SHORT_SCAN_WINDOW, search
from minsheng.staff import staff_required

PAGE_SIZE = 50


@login_required
@staff_required
def results(request: HttpRequest) -> HttpResponse:
    try:
        number = max(1, min(int(request.GET.get("page", "1")), CANDIDATES // PAGE_SIZE))
    except ValueError:
        number = 1
    params = {k: v for k, v in request.GET.items() if k != "page"}
    result = search(request.user, params, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    page = Paginator(range(result.total), PAGE_SIZE).get_page(number)
    filters_used = {k: v for k, v in params.items() if k not in ("q", "filters") and v}
    return render(
        request,
        "console/search.html",
        {
            "result": result,
            "form": result.form,
            "rows": result.rows,
            "page": page,
            "query": urlencode({k: v for k, v in params.items() if v}),
            "show_filters": bool(filters_used) or "filters" in params,
            "candidates": CANDIDATES,
            "window": SHORT_SCAN_WINDOW,
            "max_chars": MAX_QUERY_CHARS,
        },
    )
