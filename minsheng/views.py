"""The console shell's own pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from minsheng import export, todo
from minsheng.staff import staff_required
from minsheng.workdays import local_date


@never_cache
@login_required
@staff_required
def todo_list(request: HttpRequest) -> HttpResponseBase:
    today = local_date()
    fmt = export.requested(request)
    if fmt:
        columns = [
            export.Column(_("To do"), 30),
            export.Column(_("Case"), 50),
            export.Column(_("Unit"), 18),
            export.Column(_("Deadline"), 12),
            export.Column(_("Overdue"), 10),
            export.Column(_("Escalated"), 10),
        ]
        rows = (
            (
                i.what,
                i.title,
                i.unit,
                i.due,
                _("Yes") if i.due and i.due < today else _("No"),
                _("Yes") if i.escalated else _("No"),
            )
            for i in todo.items_for(request.user)
        )
        return export.response(fmt, "todo", columns, rows)
    items = [
        {"overdue": bool(i.due and i.due < today), **i.__dict__}
        for i in todo.items_for(request.user)
    ]
    return render(request, "console/todo.html", {"items": items})
