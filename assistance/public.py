"""The public notices of assistance (公示) on the portal, at /notices/: the applications on
notice now, with the head of household's name masked (张*明), the programme and the amount;
never a phone, an ID number, an address or a full name. Anyone, anonymously too, may lodge an
objection. The form is protected like the portal's others: CSRF, a one-time token (the same
form sent twice is one objection) and a limit per address (`minsheng.throttle`: each
objection counts towards the address's limit, as failed tracking attempts do)."""

from __future__ import annotations

import secrets
import time
from html import escape
from typing import Any

from django.contrib import messages
from django.db.models import Count, Max, Min, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assistance.forms import ObjectionForm
from assistance.lifecycle import lodge_objection, on_notice
from assistance.models import ProgrammeKind
from minsheng import throttle
from minsheng.errors import DomainError


def entries(code: str | None = None, *, labels: bool = True) -> list[dict[str, Any]]:
    """What the public sees of the applications on notice (one, with `code`): the name as
    published, the unit, the programme and the amount; the page and the API's
    `assistance/notices/` both read it here (`labels=False`: the programme's kind as its
    code). Read as plain values, so nothing personal is even loaded (a household's
    encrypted fields are never selected)."""
    qs = on_notice().order_by("notice_ends", "id")
    if code:
        qs = qs.filter(code=code)
    english = (get_language() or "").startswith("en")
    kinds = dict(ProgrammeKind.choices)
    return [
        {
            "code": row["code"],
            "name": row["notice_name"],
            "unit": (english and row["household__unit__name_en"]) or row["household__unit__name"],
            "programme": row["programme__name"],
            "kind": kinds.get(row["programme__kind"], "") if labels else row["programme__kind"],
            "amount": row["amount"],
            "ends": row["notice_ends"],
        }
        for row in qs.values(
            "code",
            "notice_name",
            "household__unit__name",
            "household__unit__name_en",
            "programme__name",
            "programme__kind",
            "amount",
            "notice_ends",
        )
    ]


def _rows(found: list[dict[str, Any]]) -> str:
    """The table's rows, every value escaped (`html.escape`, quotes too): built here rather
    than in the template, whose per-variable cost is most of a 2,000-row page
    (docs/benchmarks.md)."""
    prefix = escape(reverse("notice_objection", args=["CODE"]).replace("CODE/object/", ""))
    label = escape(str(_("Object")))
    rows = []
    for e in found:
        name, unit, programme, kind, amount, code = (
            escape(str(e[k])) for k in ("name", "unit", "programme", "kind", "amount", "code")
        )
        ends = f"{timezone.localtime(e['ends']):%Y-%m-%d %H:%M}"
        rows.append(
            f'<tr><td>{name}</td><td>{unit}</td><td>{programme} <span class="tag">{kind}</span>'
            f"</td><td>{amount}</td><td>{ends}</td>"
            f'<td><a href="{prefix}{code}/object/">{label}</a></td></tr>'
        )
    return mark_safe("\n".join(rows))


# The table as last built in this process, per language: (fingerprint, built at, count, rows).
_built: dict[str, tuple[tuple[Any, ...], float, int, str]] = {}
_FRESH_SECONDS = 60.0


def _fingerprint() -> tuple[Any, ...]:
    """What changes whenever the list does: how many are on notice, which (the sum of their
    ids) and in which versions (every change to an application bumps its version). One
    aggregate over the partial index of applications on notice; an entry whose period ends
    leaves the set, so the fingerprint changes then too. The latest start and the first end
    tell apart two sets that agree on the sums by chance (in tests, a rolled-back database
    gives the same ids again)."""
    row = on_notice().aggregate(
        n=Count("id"),
        ids=Sum("id"),
        versions=Sum("version"),
        latest=Max("notice_starts"),
        first_end=Min("notice_ends"),
    )
    return tuple(row.values())


def _table() -> tuple[int, str]:
    """The count and the table's rows, built again only when the fingerprint has changed
    (or a minute has passed, for what the fingerprint does not see: a unit renamed).
    Without this a 2,000-entry page spent 30-40 ms building rows on every request; the
    fingerprint is one small query, so each process is never more than that query behind."""
    language = get_language() or ""
    key = _fingerprint()
    cached = _built.get(language)
    if cached and cached[0] == key and time.monotonic() - cached[1] < _FRESH_SECONDS:
        return cached[2], cached[3]
    found = entries()
    rows = _rows(found)
    _built[language] = (key, time.monotonic(), len(found), rows)
    return len(found), rows


def notices(request: HttpRequest) -> HttpResponse:
    count, rows = _table()
    return render(request, "assistance/notices.html", {"count": count, "rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def objection(request: HttpRequest, code: str) -> HttpResponse:
    found = entries(code.upper())
    a = on_notice().filter(code=code.upper()).first()
    if not found or a is None:
        raise Http404
    entry = found[0]
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
