"""The roster's console pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duty.roster import on_duty_at
from duty.scoping import duty_units
from minsheng.staff import staff_required, staff_user


@login_required
@staff_required
def now(request: HttpRequest) -> HttpResponse:
    """Who is on duty now, for every unit the user sees."""
    user = staff_user(request)
    units = list(duty_units(user))
    shifts = on_duty_at(units)
    rows = [(u, shifts.get(u.pk)) for u in units]
    return render(request, "duty/now.html", {"rows": rows})
