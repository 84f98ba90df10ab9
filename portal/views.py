"""The public portal: submit a grievance, track it with the receipt code and secret, read
the reply, rate it, ask for a review. Views stay thin: each parses a form, calls one action
from `grievances` and turns a DomainError into a message; only POST changes anything."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from grievances import intake, lifecycle
from grievances.actions import TEXT_KINDS, offers
from grievances.models import Channel, Grievance, Reply, State
from minsheng import throttle
from minsheng.errors import DomainError
from portal.forms import RateForm, ReviewForm, SubmitForm, TrackForm

SESSION_RECEIPT = "portal_receipt"
SESSION_TRACKED = "portal_tracked"
MAX_TRACKED = 20

# Compared against when the code does not exist, so that a wrong code costs the same hash
# computation as a wrong secret. No secret hashes to this.
_NO_SUCH_HASH = "0" * 40


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


# ---- submit -------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/submit.html", {"form": SubmitForm()})
    form = SubmitForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        unit = d["unit"] or form.root
        if unit is None:
            form.add_error(None, _("The portal is not ready to receive grievances yet."))
        else:
            try:
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
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                request.session[SESSION_RECEIPT] = {"code": g.code, "secret": secret}
                _remember(request, g.code)
                return redirect("portal:receipt")
    context = {"form": form, "files_dropped": bool(request.FILES)}
    return render(request, "portal/submit.html", context, status=400)


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt code and the secret, shown this once: the secret is stored only as a
    hash, and the session forgets it as this page is rendered."""
    data = request.session.pop(SESSION_RECEIPT, None)
    g = Grievance.objects.filter(code=data["code"]).first() if isinstance(data, dict) else None
    if g is None or not isinstance(data, dict):
        messages.info(
            request,
            _(
                "The receipt is shown only once. To follow your case, enter your receipt code"
                " and secret."
            ),
        )
        return redirect("portal:track")
    return render(request, "portal/receipt.html", {"g": g, "secret": data["secret"]})


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


def _case_context(
    g: Grievance, rate_form: RateForm | None = None, review_form: ReviewForm | None = None
) -> dict[str, Any]:
    # A case merged into a collective case is answered by the collective case's reply.
    reply_cases = [pk for pk in (g.pk, g.merged_into_id) if pk is not None]
    # The complainant's steps open now, from the rules they are checked against.
    offered = offers(g)
    can_rate, can_review = "feedback" in offered, "review" in offered
    return {
        "g": g,
        "events": g.events.filter(public=True).order_by("created", "id"),
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
