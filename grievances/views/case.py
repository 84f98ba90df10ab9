"""Case detail and the actions on it. Each action view parses a form, calls one lifecycle
function and turns a domain error into a message; only POST changes anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from grievances import forms as f
from grievances import lifecycle
from grievances.identity import may_see_identity, reveal_identity
from grievances.models import ExtensionState, Grievance
from grievances.scoping import get_grievance_for, visible_extensions, visible_grievances
from minsheng.errors import DomainError
from minsheng.staff import staff_required, staff_user
from minsheng.workdays import due_status, local_date
from orgs.scoping import scope_for

Handler = Callable[[Grievance, dict[str, Any], Any, int | None], object]


def _merge(g: Grievance, d: dict[str, Any], user: Any, v: int | None) -> object:
    others = list(visible_grievances(user).filter(code__in=d["codes"]))
    missing = set(d["codes"]) - {o.code for o in others}
    if missing:
        raise DomainError(_("No case you can see has the code %(code)s.") % {"code": min(missing)})
    return lifecycle.merge(g, others, by=user, version=v)


def _supervision(g: Grievance) -> Any:
    s = g.supervisions.filter(active=True).first()
    if s is None:
        raise DomainError(_("This case is not under supervision."))
    return s


# action name → (form class, call). The names match lifecycle.RULES.
ACTIONS: dict[str, tuple[type[forms.Form], Handler]] = {
    "accept": (
        f.ReasonsForm,
        lambda g, d, u, v: lifecycle.accept(g, by=u, reasons=d["reasons"], version=v),
    ),
    "decline": (
        f.DeclineForm,
        lambda g, d, u, v: lifecycle.decline(g, by=u, reasons=d["reasons"], version=v),
    ),
    "assign": (
        f.AssignForm,
        lambda g, d, u, v: lifecycle.assign(
            g, by=u, owner=d["owner"], handler=d["handler"], version=v
        ),
    ),
    "contact": (
        f.ContactForm,
        lambda g, d, u, v: lifecycle.log_contact(
            g,
            by=u,
            kind=d["kind"],
            summary=d["summary"],
            when=d["when"],
            place=d["place"],
            participants=d["participants"],
            version=v,
        ),
    ),
    "transfer": (
        f.TransferForm,
        lambda g, d, u, v: lifecycle.transfer(
            g, by=u, to_unit=d["to_unit"], reasons=d["reasons"], version=v
        ),
    ),
    "return": (
        f.ReturnForm,
        lambda g, d, u, v: lifecycle.return_case(g, by=u, reasons=d["reasons"], version=v),
    ),
    "extend": (
        f.ExtensionForm,
        lambda g, d, u, v: lifecycle.request_extension(
            g, by=u, days=d["days"], reason=d["reason"], version=v
        ),
    ),
    "reply": (
        f.ReplyForm,
        lambda g, d, u, v: lifecycle.reply(
            g,
            by=u,
            facts=d["facts"],
            decision=d["decision"],
            reasons=d["reasons"],
            policy=d["policy"],
            version=v,
        ),
    ),
    "callback": (
        f.CallbackForm,
        lambda g, d, u, v: lifecycle.rate(
            g, rating=d["rating"], comment=d["notes"], by=u, via_callback=True, version=v
        ),
    ),
    "decide_review": (
        f.ReviewDecisionForm,
        lambda g, d, u, v: lifecycle.decide_review(
            g, by=u, upheld=d["upheld"], opinion=d["opinion"], version=v
        ),
    ),
    "merge": (f.MergeForm, _merge),
    "supervise": (
        f.SuperviseForm,
        lambda g, d, u, v: lifecycle.supervise(
            g, by=u, instructions=d["instructions"], due=d["due"], version=v
        ),
    ),
    "report": (
        f.ProgressForm,
        lambda g, d, u, v: lifecycle.report_progress(
            _supervision(g), by=u, text=d["text"], version=v
        ),
    ),
}


def _make_form(name: str, g: Grievance, data: Any = None) -> forms.Form:
    cls = ACTIONS[name][0]
    kwargs: dict[str, Any] = {"prefix": name}
    if cls is f.AssignForm:
        kwargs["unit"] = g.unit
    form = cls(data, **kwargs)
    if data is None and "version" in form.fields:
        form.initial["version"] = g.version
    return form


def _context(
    request: HttpRequest, g: Grievance, bound: forms.Form | None = None, bound_name: str = ""
) -> dict[str, Any]:
    allowed = lifecycle.allowed_actions(staff_user(request), g)
    action_forms = {
        name: (bound if name == bound_name and bound is not None else _make_form(name, g))
        for name in ACTIONS
        if name in allowed
    }
    pending = list(g.extensions.filter(state=ExtensionState.PENDING).select_related("requested_by"))
    can_decide_ext = "head" in lifecycle.roles(staff_user(request), g.unit)
    return {
        "g": g,
        "events": g.events.select_related("actor").order_by("created", "id"),
        "replies": g.replies.select_related("author").order_by("created", "id"),
        "attachments": g.attachments.all(),
        "supervisions": g.supervisions.select_related("unit", "by"),
        # The related manager reads merged_into_id of every row: deferring it costs a query each.
        # Only the merged cases this user may open: merging never widens anyone's scope.
        "merged_cases": visible_grievances(staff_user(request))
        .filter(merged_into=g)
        .only("code", "subject", "headcount", "state", "merged_into"),
        "action_forms": action_forms,
        "pending_extensions": pending,
        "extension_form": f.ExtensionDecisionForm(prefix="ext") if can_decide_ext else None,
        "may_see_identity": may_see_identity(staff_user(request), g),
        "due_status": due_status(g.next_due),
        "today": local_date(),
        "returns_left": lifecycle.returns_left(g) if "return" in allowed else None,
        "read_only": scope_for(request.user).read_only,
    }


def _refuse_read_only(request: HttpRequest) -> None:
    """An auditor reads everything and changes nothing: a 403 whatever the case's state
    (the actions would otherwise answer "not possible in this state" first)."""
    if scope_for(request.user).read_only:
        raise PermissionDenied


@login_required
@staff_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    g = get_grievance_for(request.user, code)
    return render(request, "console/case.html", _context(request, g))


@never_cache  # personal data: kept by no cache, not even the browser's
@login_required
@staff_required
def identity(request: HttpRequest, code: str) -> HttpResponse:
    g = get_grievance_for(request.user, code)
    person = reveal_identity(staff_user(request), g)
    if person is None:
        raise Http404
    return render(request, "console/identity.html", {"g": g, "person": person})


@login_required
@staff_required
def attachment(request: HttpRequest, code: str, pk: int) -> FileResponse:
    g = get_grievance_for(request.user, code)
    att = get_object_or_404(g.attachments, pk=pk)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError as exc:  # the row outlived its file (restored backup, moved disk)
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=att.name)


@login_required
@staff_required
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    g = get_grievance_for(request.user, code)
    if action not in ACTIONS:
        raise Http404
    _refuse_read_only(request)
    form = _make_form(action, g, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ACTIONS[action][1](g, data, request.user, data.get("version"))
        except DomainError as exc:
            messages.error(request, str(exc.message))
            g.refresh_from_db()
            return render(
                request,
                "console/case.html",
                _context(request, g, form, action),
                status=exc.status,
            )
        messages.success(request, _("Saved."))
        return redirect("console:case", code=g.code)
    messages.error(request, _("Please correct the errors below."))
    return render(request, "console/case.html", _context(request, g, form, action), status=400)


@login_required
@staff_required
@require_POST
def decide_extension(request: HttpRequest, pk: int) -> HttpResponse:
    # Through the one door: someone else's request is as unknown as one that does not exist.
    ext = get_object_or_404(visible_extensions(request.user).select_related("grievance"), pk=pk)
    g = get_grievance_for(request.user, ext.grievance.code)
    _refuse_read_only(request)
    form = f.ExtensionDecisionForm(request.POST, prefix="ext")
    if not form.is_valid():
        messages.error(request, _("Please choose approve or refuse."))
        return redirect("console:case", code=g.code)
    try:
        lifecycle.decide_extension(
            ext,
            by=staff_user(request),
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Saved."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("console:case", code=g.code)
