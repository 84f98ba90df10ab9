"""Registering a grievance taken at the window, by letter or by phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from grievances.forms import RegisterForm
from grievances.intake import Person, normalise_code, submit
from grievances.models import Grievance
from grievances.scoping import intake_unit, visible_grievances
from minsheng.errors import DomainError
from minsheng.staff import staff_required
from orgs.models import Unit


def _home_unit(request: HttpRequest) -> Unit | None:
    """Where the user receives people (grievances.scoping.intake_unit)."""
    return intake_unit(request.user)


@login_required
@staff_required
def register(request: HttpRequest) -> HttpResponse:
    home = _home_unit(request)
    if home is None:
        messages.error(request, _("Your role does not include registering grievances."))
        return redirect("grievances:home")
    form = RegisterForm(request.POST or None, request.FILES or None, initial={"unit": home})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        repeat_of = None
        if d["repeat_of"]:
            repeat_of = (
                visible_grievances(request.user).filter(code=normalise_code(d["repeat_of"])).first()
            )
            if repeat_of is None:
                form.add_error("repeat_of", _("No case you can see has this receipt code."))
        if not form.errors:
            try:
                g, secret = submit(
                    channel=d["channel"],
                    kind=d["kind"],
                    category=d["category"],
                    unit=d["unit"],
                    subject=d["subject"],
                    description=d["description"],
                    location=d["location"],
                    identity_mode=d["identity_mode"],
                    person=Person(
                        name=d["name"],
                        phone=d["phone"],
                        id_number=d["id_number"],
                        address=d["address"],
                    ),
                    headcount=d["headcount"],
                    arrival_unit=home,
                    repeat_of=repeat_of,
                    by=request.user,
                    files=d["attachments"],
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                request.session["receipt"] = {"code": g.code, "secret": secret}
                return redirect("grievances:receipt", code=g.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/register.html", {"form": form, "home": home}, status=status)


@never_cache  # the tracking secret: kept by no cache, not even the browser's
@login_required
@staff_required
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt to hand over: the code and the tracking secret, shown this once."""
    data = request.session.pop("receipt", None)
    g = visible_grievances(request.user).filter(code=code).first()
    if g is None or not data or data.get("code") != code:
        return redirect("grievances:case", code=code)
    assert isinstance(g, Grievance)
    return render(request, "console/receipt.html", {"g": g, "secret": data["secret"]})
