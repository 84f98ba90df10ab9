"""The inbox pages: list, mark read, and the notice settings. Each user sees their own."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng.errors import DomainError
from minsheng.staff import staff_required, staff_user
from notices import inbox as doors
from notices.kinds import Mode, staff_kinds
from notices.preferences import language_for, modes_for, set_preferences

PAGE_SIZE = 50


@login_required
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    page = Paginator(doors.inbox_of(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page})


@login_required
@staff_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read; with `open`, go on to what it is about."""
    user = staff_user(request)
    notice = doors.get_notice_for(user, pk)
    doors.mark_read(user, notice)
    if "open" in request.POST and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.url)
    return redirect("notices:inbox")


@login_required
@staff_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    n = doors.mark_all_read(staff_user(request))
    messages.success(request, _("Notices marked as read: %(n)d.") % {"n": n})
    return redirect("notices:inbox")


@login_required
@staff_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    status = 200
    if request.method == "POST":
        modes = {
            key.removeprefix("mode-"): request.POST.get(key, "")
            for key in request.POST
            if key.startswith("mode-")
        }
        try:
            set_preferences(user, modes=modes, language=request.POST.get("language") or None)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = 400
        else:
            messages.success(request, _("Your notice settings are saved."))
            return redirect("notices:settings")
    current = modes_for(user)
    rows = [
        {"key": k.key, "label": k.label, "mode": current[k.key], "default": k.default_mode}
        for k in staff_kinds()
    ]
    return render(
        request,
        "notices/settings.html",
        {
            "rows": rows,
            "modes": Mode.choices,
            "language": language_for(user),
            "language_choices": settings.LANGUAGES,
            "has_email": bool(user.email),
        },
        status=status,
    )
