"""Case detail and the actions on it. The actions are the declared ones
(`grievances.actions`): the page shows a form for each one open to the user, and `act`
parses it, makes the declared call and turns a domain error into a message; only POST
changes anything."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from grievances import actions, letters, lifecycle, timeline
from grievances import forms as f
from grievances.case_files import add_staff_attachments, staff_attach_refusal
from grievances.identity import may_see_identity, reveal_identity
from grievances.models import ExtensionState, Grievance
from grievances.scoping import get_grievance_for, visible_extensions, visible_grievances
from minsheng.errors import DomainError
from minsheng.staff import staff_required, staff_user
from minsheng.workdays import due_status, local_date
from orgs.scoping import scope_for


def _caller(request: HttpRequest) -> actions.Caller:
    user = staff_user(request)
    return actions.Caller(user=user, cases=visible_grievances(user))


def _context(
    request: HttpRequest,
    g: Grievance,
    bound: f.ActionForm | None = None,
    files_form: f.StaffFilesForm | None = None,
) -> dict[str, Any]:
    allowed = lifecycle.allowed_actions(staff_user(request), g)
    # The declared staff actions open to this user now, in the declared order.
    action_forms = {
        a.name: (bound if bound is not None and bound.action is a else f.action_form(a, g))
        for a in actions.STAFF_ACTIONS
        if a.name in allowed
    }
    pending = list(g.extensions.filter(state=ExtensionState.PENDING).select_related("requested_by"))
    return {
        "g": g,
        "events": timeline.describe(g.events.select_related("actor").order_by("created", "id")),
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
        "extension_form": action_forms.get("decide-extension"),
        "may_see_identity": may_see_identity(staff_user(request), g),
        "due_status": due_status(g.next_due),
        "today": local_date(),
        "returns_left": lifecycle.returns_left(g) if "return" in allowed else None,
        "read_only": scope_for(request.user).read_only,
        "documents": letters.documents_for(g),
        "files_form": files_form
        if files_form is not None
        else (f.StaffFilesForm() if staff_attach_refusal(staff_user(request), g) is None else None),
    }


def _refuse_read_only(request: HttpRequest) -> None:
    """An auditor reads everything and changes nothing: a 403 whatever the case's state
    or the input (the same predicate the lifecycle checks)."""
    if not lifecycle.may_act(staff_user(request)):
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
    """POST one declared action: parse its form, call it, show the case again."""
    g = get_grievance_for(request.user, code)
    declared = actions.staff_action(action)
    if declared is None:
        raise Http404
    _refuse_read_only(request)
    form = f.action_form(declared, g, request.POST)
    if form.is_valid():
        try:
            assert declared.call is not None
            declared.call(g, form.cleaned_data, _caller(request))
        except DomainError as exc:
            messages.error(request, str(exc.message))
            g.refresh_from_db()
            context = _context(request, g, form)
            return render(request, "console/case.html", context, status=exc.status)
        if not visible_grievances(request.user).filter(pk=g.pk).exists():
            # Returned or transferred out of the user's units: the case page would be a 404.
            g.refresh_from_db()
            messages.success(
                request,
                _("Saved. Case %(code)s is now with %(unit)s and no longer in your list.")
                % {"code": g.code, "unit": g.unit.display_name},
            )
            return redirect("grievances:queue")
        messages.success(request, _("Saved."))
        return redirect("grievances:case", code=g.code)
    messages.error(request, _("Please correct the errors below."))
    return render(request, "console/case.html", _context(request, g, form), status=400)


@login_required
@staff_required
@require_POST
def add_files(request: HttpRequest, code: str) -> HttpResponse:
    """POST files to the case (staff only, audited); the case page again either way."""
    g = get_grievance_for(request.user, code)
    _refuse_read_only(request)
    form = f.StaffFilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = add_staff_attachments(
                g, form.cleaned_data["attachments"], by=staff_user(request)
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            g.refresh_from_db()
            context = _context(request, g, files_form=form)
            return render(request, "console/case.html", context, status=exc.status)
        messages.success(
            request,
            ngettext("%(n)d file added.", "%(n)d files added.", len(stored)) % {"n": len(stored)},
        )
        return redirect("grievances:case", code=g.code)
    messages.error(request, _("Please correct the errors below."))
    return render(request, "console/case.html", _context(request, g, files_form=form), status=400)


@login_required
@staff_required
@require_POST
def decide_extension(request: HttpRequest, pk: int) -> HttpResponse:
    """The earlier address of the `decide-extension` action, for one request by its number
    (fields prefixed `ext-`). Answers with a message and the case page either way."""
    # Through the one door: someone else's request is as unknown as one that does not exist.
    ext = get_object_or_404(visible_extensions(request.user).select_related("grievance"), pk=pk)
    g = get_grievance_for(request.user, ext.grievance.code)
    _refuse_read_only(request)
    declared = actions.BY_NAME["decide-extension"]
    form = f.action_form_class(declared)(request.POST, grievance=g, prefix="ext")
    if not form.is_valid():
        messages.error(request, _("Please choose approve or refuse."))
        return redirect("grievances:case", code=g.code)
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
    return redirect("grievances:case", code=g.code)
