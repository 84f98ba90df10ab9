"""The public notices of assistance (公示) on the portal, at /notices/: the applications on
notice now, with the head of household's name masked (张*明), the programme and the amount;
never a phone, an ID number, an address or a full name. Anyone, anonymously too, may lodge an
objection. The form is protected like the portal's others: CSRF, a one-time token (the same
form sent twice is one objection) and a limit per address (`minsheng.throttle`: each
objection counts towards the address's limit, as failed tracking attempts do)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assistance.forms import ObjectionForm
from assistance.lifecycle import lodge_objection, on_notice
from assistance.models import Application
from minsheng import crypto, throttle
from minsheng.errors import DomainError


def _entry(a: Application) -> dict[str, Any]:
    """What the public sees of one application: nothing else leaves the server."""
    return {
        "code": a.code,
        "name": crypto.mask_name(a.household.head_name),
        "unit": a.household.unit.display_name,
        "programme": a.programme.name,
        "kind": a.programme.get_kind_display(),
        "amount": a.amount,
        "ends": a.notice_ends,
    }


def _published(code: str | None = None) -> Any:
    qs = on_notice().select_related("household__unit", "programme").order_by("notice_ends", "id")
    return qs.filter(code=code) if code else qs


def notices(request: HttpRequest) -> HttpResponse:
    entries = [_entry(a) for a in _published()]
    return render(request, "assistance/notices.html", {"entries": entries})


@never_cache
@require_http_methods(["GET", "POST"])
def objection(request: HttpRequest, code: str) -> HttpResponse:
    a = _published(code.upper()).first()
    if a is None:
        raise Http404
    entry = _entry(a)
    if request.method != "POST":
        form = ObjectionForm(initial={"once": secrets.token_urlsafe(24)})
        return render(request, "assistance/objection.html", {"e": entry, "form": form})
    address = throttle.client_address(request)
    form = ObjectionForm(request.POST)
    status = 400
    if throttle.locked_for(address):
        form.add_error(None, _("Too many objections from here just now. Please try again later."))
        status = 429
    elif form.is_valid():
        d = form.cleaned_data
        once = d["once"] if 20 <= len(d["once"]) <= 64 else ""
        try:
            _o, again = lodge_objection(
                a, text=d["text"], name=d["name"], contact=d["contact"], once=once
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            if not again:
                throttle.record_failure(address)
            messages.success(
                request,
                _("This objection had already been received.")
                if again
                else _("Your objection is received. It will be investigated and answered."),
            )
            return redirect("notices")
    return render(request, "assistance/objection.html", {"e": entry, "form": form}, status=status)
