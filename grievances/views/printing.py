"""Printing a case's documents in the console: each as a page to print and as a PDF.

Every document is found through the one door (`get_grievance_for`: a case outside the user's
scope is a 404) and holds only what the case page shows. The complainant's name and address
are printed only on a letter asked for with `?addressee=1`, only for staff who may see the
identity (403 for others), and that viewing is audited like the identity page's. The receipt
slip with the tracking secret is printed only from the receipt page, which posts the secret
it shows: the secret is checked against its hash and kept nowhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from grievances import letters
from grievances.identity import reveal_identity
from grievances.intake import secret_matches
from grievances.models import Grievance
from grievances.scoping import get_grievance_for
from minsheng import documents, throttle
from minsheng.documents import Document
from minsheng.staff import staff_required, staff_user

SECRET_MAX = 64


def _document(request: HttpRequest, g: Grievance, key: str) -> tuple[Document, bool]:
    """The document, addressed to the complainant when ?addressee=1 asks for it: only a
    letter, only for staff who may see the identity (403 otherwise), and the viewing is
    recorded as the identity page's is."""
    doc = letters.document(g, key)
    if request.GET.get("addressee") != "1":
        return doc, False
    if not letters.is_letter(key):
        raise Http404
    person = reveal_identity(staff_user(request), g, document=key)
    if person is None:
        raise PermissionDenied
    return letters.addressed(doc, person), True


@never_cache
@login_required
@staff_required
def document_page(request: HttpRequest, code: str, key: str) -> HttpResponse:
    g = get_grievance_for(request.user, code)
    doc, addressed = _document(request, g, key)
    return render(
        request,
        "print/document.html",
        {"g": g, "doc": doc, "key": key, "addressed": addressed, "back": "grievances:case"},
    )


@never_cache
@login_required
@staff_required
def document_pdf(request: HttpRequest, code: str, key: str) -> HttpResponse:
    g = get_grievance_for(request.user, code)
    doc, _addressed = _document(request, g, key)
    return documents.pdf_response(doc)


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
