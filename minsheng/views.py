"""The console shell's own pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from minsheng import todo
from minsheng.staff import staff_required
from minsheng.workdays import local_date


@never_cache
@login_required
@staff_required
def todo_list(request: HttpRequest) -> HttpResponse:
    today = local_date()
    items = [
        {"overdue": bool(i.due and i.due < today), **i.__dict__}
        for i in todo.items_for(request.user)
    ]
    return render(request, "console/todo.html", {"items": items})
