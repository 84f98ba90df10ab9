"""The console's search: /console/search/?q=… with the queue's filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from grievances.search import CANDIDATES, MAX_QUERY_CHARS, SHORT_SCAN_WINDOW, SearchResult, search
from minsheng import export
from minsheng.staff import staff_required

PAGE_SIZE = 50


def _tags(row: dict[str, Any]) -> str:
    """The tags the results show after the subject, as words (as the queue's export)."""
    tags = []
    if row["headcount"]:
        tags.append(_("%(n)s people") % {"n": row["headcount"]})
    if row["skip_level"]:
        tags.append(_("Skip-level"))
    if row["supervised"]:
        tags.append(_("Supervised"))
    if row["repeat"]:
        tags.append(_("Repeat"))
    return ", ".join(tags)


def _export(fmt: str, result: SearchResult) -> HttpResponseBase:
    """Every ranked result (up to CANDIDATES), in the page's order, as xlsx or CSV: the queue
    export's columns with the matching text after the subject."""

    def rows() -> Iterator[tuple[object, ...]]:
        for r in result.rows:
            yield (
                r["code"],
                r["subject"],
                r["snippet_text"],
                _tags(r),
                r["category"],
                r["unit"],
                r["state_label"],
                r["owner"],
                date.fromisoformat(str(r["received"])),
                date.fromisoformat(str(r["due"])) if r["due"] else None,
                r["due_label"] if r["due"] else "",
            )

    columns = [
        export.Column(_("Receipt code"), 18),
        export.Column(_("Subject"), 40),
        export.Column(_("Matching text"), 50),
        export.Column(_("Tags"), 16),
        export.Column(_("Category"), 16),
        export.Column(_("Unit"), 18),
        export.Column(_("State"), 12),
        export.Column(_("Owner"), 12),
        export.Column(_("Received"), 12),
        export.Column(_("Next deadline"), 12),
        export.Column(_("Deadline for"), 14),
    ]
    return export.response(fmt, "search", columns, rows())


@login_required
@staff_required
def results(request: HttpRequest) -> HttpResponseBase:
    params = {k: v for k, v in request.GET.items() if k not in ("page", export.PARAM)}
    fmt = export.requested(request)
    if fmt:
        return _export(fmt, search(request.user, params))
    try:
        number = max(1, min(int(request.GET.get("page", "1")), CANDIDATES // PAGE_SIZE))
    except ValueError:
        number = 1
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
