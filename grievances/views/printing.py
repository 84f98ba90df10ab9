"""Printing a case's documents in the console: each as a page to print and as a PDF.

Every document is found through the one door (`get_grievance_for`: a case outside the user's
scope is a 404) and holds only what the case page shows; none prints the complainant's
identity. The receipt slip with the tracking secret is printed only from the receipt page,
which posts the secret it shows: the secret is checked against its hash and kept nowhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from grievances import letters
from grievances.intake import secret_matches
from grievances.scoping import get_grievance_for
from minsheng import documents, throttle
from minsheng.staff import staff_required

SECRET_MAX = 64


@never_cache
@login_required
@staff_required
def document_page(request: HttpRequest, code: str, key: str) -> HttpResponse:
    g = get_grievance_for(request.user, code)
    doc = letters.document(g, key)
    return render(
        request,
        "print/document.html",
        {"g": g, "doc": doc, "key": key, "back": "grievances:case"},
    )


@never_cache
@login_required
@staff_required
def document_pdf(request: HttpRequest, code: str, key: str) -> HttpResponse:
    g = get_grievance_for(request.user, code)
    return documents.pdf_response(letters.document(g, key))


@never_cache
@login_required
@staff_required
@require_POST
def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt slip with the tracking secret, from the receipt page that shows it once.
    A secret that does not match the case prints nothing and counts as a failed attempt."""
    g = get_grievance_for(request.user, code)
    address = throttle.client_address(request)
    secret = str(request.POST.get("secret", ""))[:SECRET_MAX].strip()
    if throttle.locked_for(address) or not secret or not secret_matches(g, secret):
        if secret:
            throttle.record_failure(address)
        messages.error(
            request,
            _(
                "The receipt with the tracking secret can be printed only from the receipt"
                " page. Here is the receipt without it."
            ),
        )
        return redirect("grievances:document", code=g.code, key="receipt")
    return documents.pdf_response(letters.receipt_slip(g, secret=secret))
