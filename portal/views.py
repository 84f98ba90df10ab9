"""The public portal: submit a grievance, track it with the receipt code and secret, read
the reply, rate it, ask for a review. Views stay thin: each parses a form, calls one action
from `grievances` and turns a DomainError into a message; only POST changes anything."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api.rest import idempotency
from grievances import intake, letters, lifecycle, timeline
from grievances.actions import TEXT_KINDS, offers
from grievances.deadlines import step_due
from grievances.models import Channel, DueKind, Grievance, Reply, State
from minsheng import crypto, documents, throttle
from minsheng.errors import DomainError
from portal.forms import ONCE_FIELD, RateForm, ReviewForm, SubmitForm, TrackForm, once_token

SESSION_RECEIPT = "portal_receipt"
SESSION_TRACKED = "portal_tracked"
MAX_TRACKED = 20

# Compared against when the code does not exist, so that a wrong code costs the same hash
# computation as a wrong secret. No secret hashes to this.
_NO_SUCH_HASH = "0" * 40


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


# ---- submit -------------------------------------------------------------------------------


def _digest(request: HttpRequest) -> str:
    """What was sent, for telling the same form sent again from an edited one: every field
    but the two tokens, and each file's name and size."""
    fields = {
        k: request.POST.getlist(k)
        for k in sorted(request.POST)
        if k not in ("csrfmiddlewaretoken", ONCE_FIELD)
    }
    files = [(f.name, f.size) for k in sorted(request.FILES) for f in request.FILES.getlist(k)]
    return idempotency.body_hash({"fields": fields, "files": files})


def _to_receipt(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Keep the receipt for the receipt page, the secret encrypted as personal data is: the
    session table is signed, not encrypted, and the secret must be readable nowhere."""
    request.session[SESSION_RECEIPT] = {
        "code": body["code"],
        "secret": crypto.encrypt(str(body["secret"])),
    }
    _remember(request, str(body["code"]))
    return redirect("portal:receipt")


def _replay(request: HttpRequest, key: str, digest: str) -> HttpResponse | None:
    """The receipt of a form that was already received, or None if this one was not. The
    form's one-time token is known only to the browser it was served to."""
    found = idempotency.stored(None, key)
    if found is None:
        return None
    body, first_digest = found
    messages.info(request, _SENT_TWICE if first_digest == digest else _EDITED_AFTER_SENDING)
    return _to_receipt(request, body)


_SENT_TWICE = gettext_lazy(
    "This form had already been received: here is its receipt again. No second case was opened."
)
_EDITED_AFTER_SENDING = gettext_lazy(
    "This form had already been received, as it was first sent: here is its receipt. What"
    " you changed afterwards is not in that case; to bring it, submit a new grievance."
)


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The submission form. The form carries a one-time token: the same form sent twice
    (an answer lost on the way, a second click) gives the first receipt again and one case."""
    if request.method != "POST":
        return render(request, "portal/submit.html", {"form": SubmitForm()})
    key = once_token(request.POST)
    digest = _digest(request)
    if key is not None:
        again = _replay(request, key, digest)
        if again is not None:
            return again
    form = SubmitForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        unit = d["unit"] or form.root
        if unit is None:
            form.add_error(None, _("The portal is not ready to receive grievances yet."))
        else:

            def create() -> tuple[Grievance, dict[str, Any]]:
                g, secret = intake.submit(
                    channel=Channel.WEB,
                    by=None,
                    kind=d["kind"],
                    category=d["category"],
                    unit=unit,
                    subject=d["subject"],
                    description=d["description"],
                    location=d["location"],
                    identity_mode=d["identity_mode"],
                    person=intake.Person(
                        name=d["name"],
                        phone=d["phone"],
                        id_number=d["id_number"],
                        address=d["address"],
                        email=d["email"],
                    ),
                    headcount=d["headcount"],
                    files=d["attachments"],
                    route=True,
                )
                return g, {"code": g.code, "secret": secret}

            try:
                if key is None:
                    body, replay = create()[1], False
                else:
                    body, replay = idempotency.stored_once(None, key, digest, create)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            except idempotency.KeyReused:
                # Sent at the same moment as an edited copy of itself: the first one won.
                return _replay(request, key or "", digest) or redirect("portal:submit")
            else:
                if replay:
                    messages.info(request, _SENT_TWICE)
                return _to_receipt(request, body)
    context = {"form": form, "files_dropped": bool(request.FILES)}
    return render(request, "portal/submit.html", context, status=400)


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt code and the secret, shown this once: the secret is stored only as a
    hash (and, encrypted, for a form sent again), and the session forgets it as this page
    is rendered."""
    data = request.session.pop(SESSION_RECEIPT, None)
    g = secret = None
    if isinstance(data, dict) and isinstance(data.get("secret"), str):
        g = Grievance.objects.filter(code=data.get("code")).first()
        try:
            secret = crypto.decrypt(data["secret"])
        except ImproperlyConfigured:  # not ours, or the key has changed since
            g = None
    if g is None or secret is None:
        messages.info(
            request,
            _(
                "The receipt is shown only once. To follow your case, enter your receipt code"
                " and secret."
            ),
        )
        return redirect("portal:track")
    return render(request, "portal/receipt.html", {"g": g, "secret": secret})


# ---- track --------------------------------------------------------------------------------


def _tracked(request: HttpRequest) -> list[str]:
    value = request.session.get(SESSION_TRACKED, [])
    return [c for c in value if isinstance(c, str)] if isinstance(value, list) else []


def _remember(request: HttpRequest, code: str) -> None:
    codes = [c for c in _tracked(request) if c != code]
    request.session[SESSION_TRACKED] = [*codes, code][-MAX_TRACKED:]
    if not request.user.is_authenticated:
        # On a shared computer the case should not stay open for the next person: the
        # session ends when the browser closes.
        request.session.set_expiry(0)


def _find_case(code: str, secret: str) -> Grievance | None:
    """The case with this code if the secret is right, else None. A wrong code and a wrong
    secret cost the same: one lookup and one hash comparison."""
    g = Grievance.objects.filter(code=code).first()
    candidate = g if g is not None and g.secret_hash else Grievance(code=code)
    if candidate is not g:
        candidate.secret_hash = _NO_SUCH_HASH
    if intake.secret_matches(candidate, secret) and candidate is g:
        return g
    return None


def _too_many(request: HttpRequest, seconds: int) -> HttpResponse:
    minutes = max(1, -(-seconds // 60))
    message = ngettext(
        "Too many unsuccessful attempts from your connection. Please wait %(n)d minute and"
        " try again.",
        "Too many unsuccessful attempts from your connection. Please wait %(n)d minutes and"
        " try again.",
        minutes,
    ) % {"n": minutes}
    form = TrackForm(initial={"code": str(request.POST.get("code", ""))[:30]})
    context = {"form": form, "locked_message": message, "tracked": _tracked(request)}
    response = render(request, "portal/track.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        context = {"form": TrackForm(), "tracked": _tracked(request)}
        return render(request, "portal/track.html", context)
    address = throttle.client_address(request)
    wait = throttle.locked_for(address)
    if wait:
        return _too_many(request, wait)
    form = TrackForm(request.POST)
    status = 400
    if form.is_valid():
        code = intake.normalise_code(form.cleaned_data["code"])
        g = _find_case(code, form.cleaned_data["secret"])
        if g is not None:
            request.session.cycle_key()
            _remember(request, g.code)
            return redirect("portal:case", code=g.code)
        throttle.record_failure(address)
        # One message for a wrong code and a wrong secret: which of the two was wrong is
        # exactly what someone guessing would like to know.
        form.add_error(
            None,
            _("The receipt code and secret do not match any case. Please check both."),
        )
        status = 200
    context = {"form": form, "tracked": _tracked(request)}
    return render(request, "portal/track.html", context, status=status)


# ---- the case -----------------------------------------------------------------------------


def _case_for(request: HttpRequest, code: str) -> Grievance | None:
    """The case, if this browser session proved it holds the code and secret."""
    if code not in _tracked(request):
        return None
    return (
        Grievance.objects.select_related("unit", "category", "review_unit")
        .filter(code=code)
        .first()
    )


def _ask_to_track(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Enter your receipt code and secret to see your case."))
    return redirect("portal:track")


def _reply_cases(g: Grievance) -> list[int]:
    # A case merged into a collective case is answered by the collective case's reply.
    return [pk for pk in (g.pk, g.merged_into_id) if pk is not None]


def _case_context(
    g: Grievance, rate_form: RateForm | None = None, review_form: ReviewForm | None = None
) -> dict[str, Any]:
    reply_cases = _reply_cases(g)
    # The complainant's steps open now, from the rules they are checked against.
    offered = offers(g)
    can_rate, can_review = "feedback" in offered, "review" in offered
    # The deadline promised to the complainant for the step that is open; never an internal
    # one (a supervision date tightens the staff's next_due, not the promise).
    promised_due, promised_kind = step_due(g)
    return {
        "g": g,
        "promised_due": promised_due,
        "promised_due_label": DueKind(promised_kind).label if promised_due else "",
        "events": timeline.describe(g.events.filter(public=True).order_by("created", "id")),
        "text_kinds": TEXT_KINDS,
        "replies": Reply.objects.filter(grievance_id__in=reply_cases).order_by("created", "id"),
        "rate_form": (rate_form or RateForm(prefix="rate")) if can_rate else None,
        "review_form": (review_form or ReviewForm(prefix="review")) if can_review else None,
        "is_merged": g.merged_into_id is not None,
        "review_window_ended": (
            not can_review
            and g.state in (State.REPLIED, State.CLOSED)
            and g.review_level < 2
            and g.review_window_due is not None
        ),
        "review_final": g.review_level >= 2 and g.state in (State.REPLIED, State.CLOSED),
        "documents": letters.documents_for(g, Reply.objects.filter(grievance_id__in=reply_cases)),
    }


@never_cache
def case(request: HttpRequest, code: str) -> HttpResponse:
    g = _case_for(request, code)
    if g is None:
        return _ask_to_track(request)
    return render(request, "portal/case.html", _case_context(g))


@never_cache
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    g = _case_for(request, code)
    if g is None:
        return _ask_to_track(request)
    form = RateForm(request.POST, prefix="rate")
    if form.is_valid():
        try:
            lifecycle.rate(
                g, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Thank you. Your rating has been recorded."))
            return redirect("portal:case", code=g.code)
    g.refresh_from_db()
    return render(request, "portal/case.html", _case_context(g, rate_form=form), status=400)


@never_cache
@require_POST
def request_review(request: HttpRequest, code: str) -> HttpResponse:
    g = _case_for(request, code)
    if g is None:
        return _ask_to_track(request)
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            lifecycle.request_review(g, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("Your request for a review has been received. The unit above will decide."),
            )
            return redirect("portal:case", code=g.code)
    g.refresh_from_db()
    return render(request, "portal/case.html", _case_context(g, review_form=form), status=400)


@never_cache
def document_pdf(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """A document of the case as PDF (the receipt slip without the secret, a reply, a decline
    notice, a review decision), for the browser that proved it holds the code and secret.
    It holds only what the case page shows."""
    g = _case_for(request, code)
    if g is None:
        return _ask_to_track(request)
    replies = Reply.objects.filter(grievance_id__in=_reply_cases(g))
    return documents.pdf_response(letters.document(g, key, replies))


@never_cache
@require_POST
def receipt_pdf(request: HttpRequest) -> HttpResponse:
    """The receipt slip with the secret, from the receipt page that shows it this once: the
    page posts the code and secret back; they are checked like the tracking form's and kept
    nowhere."""
    address = throttle.client_address(request)
    wait = throttle.locked_for(address)
    if wait:
        return _too_many(request, wait)
    form = TrackForm(request.POST)
    g = None
    if form.is_valid():
        code = intake.normalise_code(form.cleaned_data["code"])
        g = _find_case(code, form.cleaned_data["secret"])
    if g is None:
        throttle.record_failure(address)
        messages.info(request, _("Enter your receipt code and secret to see your case."))
        return redirect("portal:track")
    return documents.pdf_response(letters.receipt_slip(g, secret=form.cleaned_data["secret"]))


@require_POST
def forget(request: HttpRequest, code: str) -> HttpResponse:
    request.session[SESSION_TRACKED] = [c for c in _tracked(request) if c != code]
    messages.success(
        request,
        _(
            "This device no longer remembers the case. You can open it again with the"
            " receipt code and secret."
        ),
    )
    return redirect("portal:track")
