"""The roster's console pages: who is on duty now, the month roster (print, xlsx), the
rotation generator, coverage, my duty (handovers, swaps, my phone), heightened periods.
Thin: each POST parses a form built from `duty.actions` and calls `duty.roster`."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from duty import coverage as cov
from duty import roster
from duty.actions import GENERATE_ROTATION, ROSTER_BY_NAME, RosterAction, plan_rotation
from duty.forms import HeightenedForm, PhoneForm, action_form
from duty.models import DutyContact, Handover, HeightenedPeriod, Shift, SwapRequest, SwapState
from duty.scoping import (
    duty_units,
    get_in,
    get_shift_for,
    handovers_among,
    swaps_among,
    visible_shifts,
)
from minsheng import export
from minsheng.errors import DomainError
from minsheng.names import person_name
from minsheng.staff import staff_required, staff_user
from minsheng.workdays import local_date
from orgs.models import Unit
from orgs.scoping import scope_for


def _weekday(day: date) -> str:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")][day.weekday()]


@login_required
@staff_required
@require_safe
def now(request: HttpRequest) -> HttpResponse:
    """Who is on duty now, for every unit the user sees, with their duty phones (staff)."""
    user = staff_user(request)
    units = list(duty_units(user).order_by("path"))
    shifts = roster.on_duty_at(units)
    phones = roster.phones_of(
        i for s in shifts.values() for i in (s.officer_id, s.leader_id) if i is not None
    )
    rows = [(u, shifts.get(u.pk)) for u in units]
    return render(request, "duty/now.html", {"rows": rows, "phones": phones})


def _pick_unit(request: HttpRequest, user: Any) -> tuple[list[Unit], Unit]:
    units = list(duty_units(user).order_by("path"))
    if not units:
        raise Http404
    code = request.GET.get("unit") or request.POST.get("unit") or ""
    if code:
        for u in units:
            if u.code == code:
                return units, u
        raise Http404
    scope = scope_for(user)
    own = [u for u in units if u.pk in scope.direct_roles]
    return units, (own or units)[0]


def _month(request: HttpRequest) -> date:
    value = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in value.split("-"))
        # The page links the month before and after: years 1 and 9999 have none.
        if not 2 <= year <= 9998:
            raise ValueError(value)
        return date(year, month, 1)
    except (ValueError, TypeError):
        return local_date().replace(day=1)


@login_required
@staff_required
@require_safe
def month_roster(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """A unit's roster for a month: a grid of days (prints on one A4 page), xlsx or CSV."""
    user = staff_user(request)
    units, unit = _pick_unit(request, user)
    first = _month(request)
    days_in = calendar.monthrange(first.year, first.month)[1]
    last = first + timedelta(days=days_in - 1)
    start, end = roster.local_start(first), roster.local_start(last + timedelta(days=1))
    shifts = list(
        visible_shifts(user)
        .filter(unit=unit, starts__lt=end, ends__gt=start)
        .select_related("officer", "leader")
        .order_by("starts")
    )
    heightened = roster.heightened_days(unit, first, last)
    fmt = export.requested(request)
    if fmt:
        columns = [
            export.Column(_("Starts"), 18),
            export.Column(_("Ends"), 18),
            export.Column(_("Duty officer"), 14),
            export.Column(_("Duty leader"), 14),
            export.Column(_("Heightened"), 10),
            export.Column(_("Note"), 30),
        ]
        rows = (
            (
                s.starts,
                s.ends,
                person_name(s.officer),
                person_name(s.leader) if s.leader else "",
                _("Yes") if roster.touches(s.starts, s.ends, heightened) else "",
                s.note,
            )
            for s in shifts
        )
        return export.response(fmt, f"roster-{unit.code}-{first:%Y-%m}", columns, rows)
    phones = roster.phones_of(i for s in shifts for i in (s.officer_id, s.leader_id) if i)
    grid = []
    for i in range(days_in):
        day = first + timedelta(days=i)
        d0, d1 = roster.local_start(day), roster.local_start(day + timedelta(days=1))
        starting = [s for s in shifts if d0 <= s.starts < d1]
        grid.append(
            {
                "day": day,
                "weekday": _weekday(day),
                "heightened": day in heightened,
                "shifts": starting,
            }
        )
    arrange = roster.may_arrange(user, unit)
    prev = (first - timedelta(days=1)).replace(day=1)
    nxt = last + timedelta(days=1)
    return render(
        request,
        "duty/roster.html",
        {
            "units": units,
            "unit": unit,
            "month": first,
            "prev": prev,
            "next": nxt,
            "grid": grid,
            "phones": phones,
            "arrange": arrange,
            "form": action_form(ROSTER_BY_NAME["create-shift"], unit) if arrange else None,
            "query": f"unit={unit.code}&month={first:%Y-%m}",
        },
    )


@login_required
@staff_required
@require_POST
def add_shift(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    _units, unit = _pick_unit(request, user)
    action = ROSTER_BY_NAME["create-shift"]
    form = action_form(action, unit, data=request.POST)
    back = reverse("duty:roster") + f"?unit={unit.code}"
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect(back)
    try:
        shift = action.call(unit, form.cleaned_data, user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    messages.success(request, _("The shift is on the roster."))
    return redirect(back + f"&month={timezone.localtime(shift.starts):%Y-%m}")


@login_required
@staff_required
def generate(request: HttpRequest) -> HttpResponse:
    """The rotation generator: fill in, preview, save (all or nothing)."""
    user = staff_user(request)
    units, unit = _pick_unit(request, user)
    arrangeable = [u for u in units if roster.may_arrange(user, u)]
    if not roster.may_arrange(user, unit):
        # A POST is for the unit it names, never quietly for another one.
        if not arrangeable or request.method == "POST":
            raise PermissionDenied
        unit = arrangeable[0]
    preview: list[roster.PlannedShift] = []
    if request.method == "POST":
        form = action_form(GENERATE_ROTATION, unit, data=request.POST)
        if form.is_valid():
            try:
                plans = plan_rotation(unit, form.cleaned_data)
                if "save" in request.POST:
                    saved = roster.save_roster(unit, plans, by=user)
                    messages.success(
                        request,
                        _("%(n)d shifts are on the roster of %(unit)s.")
                        % {"n": len(saved), "unit": unit.display_name},
                    )
                    month = timezone.localtime(saved[0].starts)
                    return redirect(
                        reverse("duty:roster") + f"?unit={unit.code}&month={month:%Y-%m}"
                    )
                roster.check_roster(unit, plans)
                preview = plans
            except DomainError as exc:
                form.add_error(None, str(exc.message))
    else:
        form = action_form(
            GENERATE_ROTATION,
            unit,
            initial={
                "first_day": local_date() + timedelta(days=1),
                "days": 30,
                "cadence": roster.Cadence.DAILY,
                "start_hour": 8,
                "start_minute": 30,
            },
        )
    first = min((p.starts for p in preview), default=None)
    heightened: set[date] = set()
    if first is not None:
        heightened = roster.heightened_days(
            unit, timezone.localtime(first).date(), timezone.localtime(preview[-1].ends).date()
        )
    rows = [(p, roster.touches(p.starts, p.ends, heightened)) for p in preview]
    return render(
        request,
        "duty/generate.html",
        {"units": arrangeable, "unit": unit, "form": form, "preview": rows},
    )


@login_required
@staff_required
@require_safe
def coverage(request: HttpRequest) -> HttpResponse:
    """Every stretch with nobody on duty in the next 30 days, per unit the user sees, and
    heightened-day shifts without a leader. Two queries for the shifts and periods."""
    user = staff_user(request)
    units = list(duty_units(user).order_by("path"))
    start, end = cov.default_window()
    result = cov.coverage(units, start, end)
    rows = [result[u.pk] for u in units]
    short = [r for r in rows if r.gaps or r.without_leader]
    return render(
        request,
        "duty/coverage.html",
        {"rows": short, "covered": len(rows) - len(short), "start": start, "end": end},
    )


@login_required
@staff_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """My duty: my shifts (with handover and swap forms), handover notes for me to
    acknowledge, swaps waiting for my decision, my duty phone."""
    user = staff_user(request)
    now_ = timezone.now()
    base = visible_shifts(user).select_related("unit", "officer", "leader")
    my = base.filter(Q(officer=user) | Q(leader=user))
    current = list(
        my.filter(ends__gt=now_ - timedelta(days=2), starts__lte=now_).order_by("starts")
    )
    upcoming = list(my.filter(starts__gt=now_).order_by("starts")[:20])
    written = set(Handover.objects.filter(shift__in=current).values_list("shift_id", flat=True))
    pending = set(
        SwapRequest.objects.filter(
            shift__in=upcoming + current, state=SwapState.PENDING
        ).values_list("shift_id", flat=True)
    )
    to_ack = list(
        Handover.objects.filter(next_shift__officer=user, acknowledged_at__isnull=True)
        .select_related("shift__unit", "written_by")
        .order_by("written_at")
    )
    recent_notes = list(
        Handover.objects.filter(Q(next_shift__officer=user) | Q(written_by=user))
        .select_related("shift__unit", "written_by", "acknowledged_by")
        .order_by("-written_at")[:10]
    )
    scope = scope_for(user)
    swaps = SwapRequest.objects.filter(state=SwapState.PENDING).select_related(
        "shift__unit", "requested_by", "replacement"
    )
    if not scope.is_administrator:
        q = Q(pk__in=[])
        for p in scope.head_paths:
            q |= Q(shift__unit__path__startswith=p)
        swaps = swaps.filter(q)
    my_swaps = list(
        SwapRequest.objects.filter(requested_by=user)
        .select_related("shift__unit", "replacement")
        .order_by("-created")[:10]
    )
    contact = DutyContact.objects.filter(user=user).first()
    shift_rows = [
        {
            "shift": s,
            "handover": action_form(ROSTER_BY_NAME["write-handover"])
            if s.officer_id == user.pk and s.pk not in written
            else None,
            "swap": None,
        }
        for s in current
    ] + [
        {
            "shift": s,
            "handover": None,
            # One swap form at a time (?swap=<shift id>): each offers the unit's staff.
            "swap": action_form(ROSTER_BY_NAME["request-swap"], s.unit)
            if s.pk not in pending and request.GET.get("swap") == str(s.pk)
            else None,
            "may_swap": s.pk not in pending,
            "pending": s.pk in pending,
        }
        for s in upcoming
    ]
    return render(
        request,
        "duty/mine.html",
        {
            "shift_rows": shift_rows,
            "to_ack": to_ack,
            "notes": recent_notes,
            "swaps": [(s, action_form(ROSTER_BY_NAME["decide-swap"])) for s in swaps[:50]],
            "my_swaps": my_swaps,
            "phone_form": PhoneForm(initial={"phone": contact.phone if contact else ""}),
        },
    )


def _target(user: Any, action: RosterAction, pk: int) -> Any:
    """The row a roster action is about, through the scoping door (404 outside)."""
    if action.target == "shift":
        return get_shift_for(user, pk)
    if action.target == "swap":
        return get_in(swaps_among(visible_shifts(user)), pk)
    if action.target == "handover":
        return get_in(handovers_among(visible_shifts(user)), pk)
    raise Http404


@login_required
@staff_required
@require_POST
def act(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    """POST one roster step on a shift, swap or handover note, back to My duty."""
    user = staff_user(request)
    action = ROSTER_BY_NAME.get(name)
    if action is None or action.target == "unit":
        raise Http404
    target = _target(user, action, pk)
    unit = target.unit if isinstance(target, Shift) else target.shift.unit
    form = action_form(action, unit, data=request.POST)
    back = request.POST.get("next") or reverse("duty:mine")
    if not back.startswith("/console/duty/"):
        back = reverse("duty:mine")
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect(back)
    try:
        action.call(target, form.cleaned_data, user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    messages.success(request, _("Done: %(what)s.") % {"what": action.label})
    return redirect(back)


@login_required
@staff_required
@require_POST
def phone(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            roster.set_duty_phone(user, form.cleaned_data["phone"], by=user)
            messages.success(request, _("Your duty phone number is saved."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    return redirect("duty:mine")


def may_add_periods(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_administrator or bool(scope.head_paths)


@login_required
@staff_required
def heightened(request: HttpRequest) -> HttpResponse:
    """Heightened periods: the coming public-holiday breaks and the periods added by hand;
    administrators (every unit) and heads (their units) add more."""
    user = staff_user(request)
    scope = scope_for(user)
    allowed = may_add_periods(user)
    form = HeightenedForm(request.POST or None)
    units = duty_units(user).order_by("path")
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                roster.add_heightened_period(by=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The heightened period is added."))
                return redirect("duty:heightened")
    today = local_date()
    holidays = sorted(roster.holiday_days(today, today + timedelta(days=366)))
    breaks: list[tuple[date, date]] = []
    for d in holidays:
        if breaks and breaks[-1][1] + timedelta(days=1) == d:
            breaks[-1] = (breaks[-1][0], d)
        else:
            breaks.append((d, d))
    rows = HeightenedPeriod.objects.filter(last_day__gte=today).select_related("unit")
    if not scope.everything:
        # Periods for every unit, for the units the user sees and for the units above them.
        above = {i for u in units for i in u.ancestor_ids()}
        rows = rows.filter(Q(unit__isnull=True) | Q(unit__in=units) | Q(unit_id__in=above))
    return render(
        request,
        "duty/heightened.html",
        {
            "breaks": breaks,
            "periods": rows.order_by("first_day"),
            "form": form if allowed else None,
        },
    )
