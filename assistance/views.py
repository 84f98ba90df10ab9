"""The assistance console's pages, under /console/assistance/ (namespace `assistance`): the
household register, a household's page, registering one, the applications and an
application's page with one POST address per step. Thin: parse, call the step in
`assistance.lifecycle`, turn a DomainError into a message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance import eligibility, festival, identity, lifecycle, links, reports
from assistance.actions import BY_NAME
from assistance.forms import (
    MEMBER_ROWS,
    MEMBERS_MAX,
    STEP_FORMS,
    ApplyForm,
    ChangeForm,
    CloseForm,
    ExtraMembers,
    FestivalForm,
    HeadMemberForm,
    MemberForm,
    ProgrammeForm,
    ReferForm,
    RegisterForm,
    RegisterReferForm,
    ReopenForm,
    ReportForm,
)
from assistance.models import (
    Application,
    AppState,
    HardshipType,
    Household,
    HouseholdStatus,
    Period,
    Programme,
    ProgrammeKind,
)
from assistance.rules import FACTS, RuleError
from assistance.scoping import (
    get_application_for,
    get_household_for,
    visible_applications,
    visible_households,
)
from audit import log as audit
from grievances.scoping import get_grievance_for
from minsheng import export
from minsheng.console import acts_somewhere
from minsheng.errors import DomainError
from minsheng.staff import staff_required, staff_user
from minsheng.workdays import local_date

PAGE_SIZE = 50


def acting_units(user: Any) -> Any:
    """The units where the user may register households."""
    return links.acting_units(user)


@login_required
@staff_required
def households(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    qs = visible_households(user).select_related("unit")
    status = request.GET.get("status", "")
    if status in HouseholdStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # Lists show masked names only: the full name is on the household's (audited) page.
    rows = [(h, identity.masked(h)) for h in page]
    return render(
        request,
        "assistance/households.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": HouseholdStatus.choices,
            "may_register": acts_somewhere(user),
        },
    )


def _quiet(*forms_: Any) -> None:
    """Clean bound forms but show none of their errors: a page redisplayed for another
    reason than saving (more rows, a preview) does not scold what is not finished."""
    for f in forms_:
        f.is_valid()
        f.errors.clear()


@login_required
@staff_required
def register(request: HttpRequest) -> HttpResponse:
    """Register a household with the head's own member row and further members, all in one
    submission and one transaction; rows left blank are ignored. "More rows" redisplays the
    form with three more blank rows (no JavaScript needed)."""
    user = staff_user(request)
    units = acting_units(user)
    if not units.exists():
        raise PermissionDenied
    data: Any = request.POST if request.method == "POST" else None
    if data is not None and "more" in data:
        data = data.copy()
        total = data.get("members-TOTAL_FORMS", "")
        shown = int(total) if total.isdigit() else 0
        data["members-TOTAL_FORMS"] = str(min(shown + MEMBER_ROWS, MEMBERS_MAX))
    form = RegisterForm(data, units=units)
    head = HeadMemberForm(data, prefix="head")
    members = ExtraMembers(data, prefix="members")
    status = 200
    if data is not None and "more" in data:
        _quiet(form, head, *members.forms)
    elif data is not None:
        valid = [form.is_valid(), head.is_valid(), members.is_valid()]
        if all(valid):
            rows = [head.member()] + [f.member() for f in members.forms if f.has_changed()]
            try:
                h = lifecycle.register_household(by=user, members=rows, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("Household registered: %(code)s.") % {"code": h.code})
                return redirect("assistance:household", code=h.code)
        else:
            status = 400
    ctx = {"form": form, "head": head, "members": members}
    return render(request, "assistance/register.html", ctx, status=status)


def _household_context(user: Any, h: Household, **extra: Any) -> dict[str, Any]:
    acting = lifecycle.may_act(user, h.unit)
    closed = h.status == HouseholdStatus.CLOSED
    may = acting and not closed
    return {
        "h": h,
        "personal": identity.reveal(user, h),
        "masked": identity.masked(h),
        "members": list(h.members.all()),
        "events": list(h.events.select_related("actor")),
        "applications": list(h.applications.select_related("programme")),
        "may_act": may,
        "apply_form": extra.pop("apply_form", ApplyForm() if may else None),
        "close_form": extra.pop("close_form", CloseForm() if may else None),
        "reopen_form": extra.pop("reopen_form", ReopenForm() if acting and closed else None),
        "change_form": extra.pop(
            "change_form",
            ChangeForm(
                initial={
                    "head_name": h.head_name,
                    "phone": h.phone,
                    "address": h.address,
                    "hardship_types": h.hardship_types,
                }
            )
            if may
            else None,
        ),
        "member_form": extra.pop("member_form", MemberForm() if may else None),
        **extra,
    }


@login_required
@staff_required
def household(request: HttpRequest, code: str) -> HttpResponse:
    h = get_household_for(request.user, code)
    return render(request, "assistance/household.html", _household_context(request.user, h))


@login_required
@staff_required
def household_act(request: HttpRequest, code: str, step: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    user = staff_user(request)
    h = get_household_for(user, code)
    form: forms.Form
    if step == "apply":
        form = ApplyForm(request.POST)
    elif step == "close":
        form = CloseForm(request.POST)
    elif step == "reopen":
        form = ReopenForm(request.POST)
    elif step == "change":
        form = ChangeForm(request.POST)
    elif step == "member":
        form = MemberForm(request.POST)
    else:
        raise Http404
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            if step == "apply":
                a = lifecycle.apply(
                    h, d["programme"], by=user, channel=d["channel"], reason=d["reason"]
                )
                messages.success(request, _("Application %(code)s opened.") % {"code": a.code})
                return redirect("assistance:application", code=a.code)
            posted = request.POST.get("version", "")
            version = int(posted) if posted.isdigit() else None
            if step == "change":
                lifecycle.change_household(h, by=user, version=version, **d)
                messages.success(request, _("Saved."))
            elif step == "member" and isinstance(form, MemberForm):
                lifecycle.add_member(h, form.member(), by=user, version=version)
                messages.success(request, _("Saved."))
            elif step == "reopen":
                lifecycle.reopen_household(h, by=user, reason=d["reason"], version=version)
                messages.success(request, _("Household reopened."))
            else:
                lifecycle.close_household(h, by=user, reason=d["reason"], version=version)
                messages.success(request, _("Household closed."))
            return redirect("assistance:household", code=h.code)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = exc.status
    h.refresh_from_db()
    ctx = _household_context(user, h, **{f"{step}_form": form})
    return render(request, "assistance/household.html", ctx, status=status)


@login_required
@staff_required
def applications(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    qs = visible_applications(user).select_related("household", "programme")
    state = request.GET.get("state", "")
    if state in AppState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/applications.html",
        {"page": page, "state": state, "states": AppState.choices},
    )


# The states from which the page offers each step (the step checks again); its form is
# built from the declared inputs (`assistance.forms.STEP_FORMS`).
STEPS: dict[str, tuple[str, ...]] = {
    "visit": (AppState.APPLIED, AppState.VERIFIED),
    "committee": (AppState.VERIFIED,),
    "publish": (AppState.REVIEWED,),
    "approve": (AppState.ON_NOTICE,),
    "refuse": (AppState.APPLIED, AppState.VERIFIED, AppState.REVIEWED, AppState.ON_NOTICE),
    "pay": (AppState.APPROVED, AppState.PAID),
    "reverify": (AppState.APPROVED, AppState.PAID),
}


def _step_form(name: str, a: Application) -> Any:
    """A step's blank form; the payment's offers what may still be paid, dated today."""
    if name != "pay":
        return STEP_FORMS[name]()
    today = local_date(timezone.now())
    left = lifecycle.payable(a, today)
    return STEP_FORMS[name](initial={"amount": left if left > 0 else None, "paid_on": today})


def _application_context(user: Any, a: Application, bound: Any = None) -> dict[str, Any]:
    may = lifecycle.may_act(user, a.household.unit)
    step_forms = []
    if may:
        for name, states in STEPS.items():
            if a.state in states:
                form = bound if bound is not None and bound[0] == name else None
                label = BY_NAME[name].label
                step_forms.append((name, label, form[1] if form else _step_form(name, a)))
    objections = list(a.objections.all())
    today = local_date(timezone.now())
    return {
        "budget": a.programme.budget,
        "spent": lifecycle.spent(a.programme, today),
        "a": a,
        "h": a.household,
        "masked": identity.masked(a.household),
        "events": list(a.events.select_related("actor")),
        "visits": list(a.visits.all()),
        "reviews": list(a.reviews.all()),
        "objections": [
            (
                o,
                STEP_FORMS["answer"](initial={"objection": o.pk})
                if may and o.answered_at is None
                else None,
                who,
            )
            for o, who in zip(objections, identity.objectors(user, a, objections), strict=True)
        ],
        "payments": list(a.payments.all()),
        "step_forms": step_forms,
    }


@login_required
@staff_required
def application(request: HttpRequest, code: str) -> HttpResponse:
    a = get_application_for(request.user, code)
    return render(request, "assistance/application.html", _application_context(request.user, a))


@login_required
@staff_required
def application_act(request: HttpRequest, code: str, step: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    user = staff_user(request)
    a = get_application_for(user, code)
    if step != "answer" and step not in STEPS:
        raise Http404
    action = BY_NAME[step]
    form = STEP_FORMS[step](request.POST)
    status = 400
    if form.is_valid():
        d = dict(form.cleaned_data)
        if action.versioned:
            version = request.POST.get("version", "")
            d["version"] = int(version) if version.isdigit() else None
        try:
            action.call(a, d, user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = exc.status
        else:
            messages.success(request, _("Saved."))
            return redirect("assistance:application", code=a.code)
    else:
        messages.error(request, _("Please correct the errors below."))
    a.refresh_from_db()
    ctx = _application_context(user, a, bound=(step, form))
    return render(request, "assistance/application.html", ctx, status=status)


@login_required
@staff_required
def programmes(request: HttpRequest) -> HttpResponse:
    """The active programmes; for those who administer programmes, a link to create one,
    each one they may change, and the inactive ones they may change."""
    user = request.user
    today = local_date(timezone.now())
    qs = Programme.objects.prefetch_related("units")
    administers = lifecycle.administers_somewhere(user)
    rows = [
        (
            p,
            lifecycle.spent(p, today),
            administers and lifecycle.may_administer(user, p.units.all()),
        )
        for p in qs.filter(active=True)
    ]
    inactive = (
        [p for p in qs.filter(active=False) if lifecycle.may_administer(user, p.units.all())]
        if administers
        else []
    )
    ctx = {"rows": rows, "inactive": inactive, "administers": administers}
    return render(request, "assistance/programmes.html", ctx)


@login_required
@staff_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme and who would be eligible: its rule over the households the user sees,
    in one query (`assistance.eligibility`)."""
    p = Programme.objects.filter(pk=pk, active=True).first()
    if p is None:
        raise Http404
    error = ""
    found: Any = Household.objects.none()
    try:
        found = eligibility.preview(p, visible_households(request.user))
    except RuleError as exc:
        error = str(exc)
    total = found.count()
    rows = [(h, identity.masked(h)) for h in found.select_related("unit").order_by("code")[:50]]
    ctx = {
        "p": p,
        "rows": rows,
        "total": total,
        "error": error,
        "may_administer": lifecycle.may_administer(request.user, p.units.all()),
    }
    return render(request, "assistance/programme.html", {**ctx, **_festival_context(request, p)})


def _rule_help() -> dict[str, Any]:
    """The rule language's help beside the rule fields: the facts with their labels and
    types, and the hardship types' codes, in the user's language."""
    types = {
        "number": _("amount or count"),
        "set": _("set of codes"),
        "bool": _("yes or no"),
    }
    return {
        "facts": [(f.name, f.label, types.get(f.type, f.type)) for f in FACTS.values()],
        "hardships": HardshipType.choices,
    }


def _programme_form_page(
    request: HttpRequest, p: Programme | None, initial: dict[str, Any] | None = None
) -> HttpResponse:
    """The page that creates (`p` None) or changes a programme. "Preview" runs the unsaved
    eligibility rule over the register (the households the user sees) and saves nothing;
    "Save" calls `lifecycle.save_programme`. A rule that does not parse is refused beside
    its field, with the position of the error."""
    user = staff_user(request)
    if p is None and not lifecycle.administers_somewhere(user):
        raise PermissionDenied
    if p is not None and not lifecycle.may_administer(user, p.units.all()):
        raise PermissionDenied
    units = lifecycle.administered_units(user)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, units=units, initial=initial)
    ctx: dict[str, Any] = {"p": p, "form": form, **_rule_help()}
    status = 200
    if data is not None and "preview" in data:
        ctx["preview"] = _preview(user, form)
    elif data is not None:
        status = 400
        if form.is_valid():
            d = dict(form.cleaned_data)
            try:
                saved = lifecycle.save_programme(p, by=user, **d)
            except lifecycle.RuleRefused as exc:
                form.add_error(exc.field, str(exc.message))
            except DomainError as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("Programme saved: %(name)s.") % {"name": saved.name})
                if saved.active:
                    return redirect("assistance:programme", pk=saved.pk)
                return redirect("assistance:programmes")
    return render(request, "assistance/programme_form.html", ctx, status=status)


def _preview(user: Any, form: ProgrammeForm) -> dict[str, Any]:
    """Who the unsaved rule would make eligible: the count and the first page. Only the rule
    and the units need be right; the other fields' errors wait for "Save"."""
    form.is_valid()
    for name in list(form.errors):
        if name not in ("eligibility", "units"):
            del form.errors[name]
    d = form.cleaned_data
    if form.errors or "units" not in d:
        return {"error": _("Choose the units and write a rule that reads to see a preview.")}
    try:
        rule = lifecycle.programme_rule("eligibility", d.get("eligibility", ""))
        found = eligibility.preview_rule(rule, d["units"], visible_households(user))
    except lifecycle.RuleRefused as exc:
        form.add_error("eligibility", str(exc.message))
        return {"error": str(exc.message)}
    rows = [(h, identity.masked(h)) for h in found.select_related("unit").order_by("code")[:50]]
    return {"total": found.count(), "rows": rows}


@login_required
@staff_required
def programme_new(request: HttpRequest) -> HttpResponse:
    """Create a programme: administrators and unit heads, over the units they head."""
    initial = {"budget_period": Period.YEAR, "reverify": Period.YEAR, "notice_days": 7}
    return _programme_form_page(request, None, initial=initial)


@login_required
@staff_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a programme (active or not): administrators, and heads of every unit it
    covers; anyone else 403."""
    p = Programme.objects.filter(pk=pk).first()
    if p is None:
        raise Http404
    initial = {n: getattr(p, n) for n in lifecycle.PROGRAMME_FIELDS}
    initial["units"] = list(p.units.all())
    initial["version"] = p.version
    return _programme_form_page(request, p, initial=initial)


def _festival_context(request: HttpRequest, p: Programme, form: Any = None) -> dict[str, Any]:
    """For a festival programme and a user who decides: what the batch would pay now."""
    user = request.user
    if p.kind != ProgrammeKind.FESTIVAL or not festival.decides_somewhere(user):
        return {}
    today = local_date(timezone.now())
    batch: dict[str, Any] = {"form": form or FestivalForm(initial={"paid_on": today})}
    try:
        qs = festival.eligible(p, user, day=today)
        batch["count"] = qs.count()
        batch["total"] = festival.total(qs)
    except DomainError as exc:
        batch["note"] = str(exc.message)
    return {"festival": batch}


@login_required
@staff_required
def festival_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Pay every eligible household of a festival programme, all or nothing."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    user = staff_user(request)
    p = Programme.objects.filter(pk=pk, active=True).first()
    if p is None:
        raise Http404
    form = FestivalForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            batch = festival.pay_all(p, by=user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = exc.status
        else:
            messages.success(
                request,
                _("Paid %(n)s households %(total)s yuan (reference %(ref)s).")
                % {"n": batch.count, "total": f"{batch.total:,.2f}", "ref": batch.reference},
            )
            return redirect("assistance:programme", pk=p.pk)
    else:
        messages.error(request, _("Please correct the errors below."))
    found = eligibility.preview(p, visible_households(user))
    ctx = {"p": p, "rows": [], "total": found.count(), "error": ""}
    ctx.update(_festival_context(request, p, form))
    return render(request, "assistance/programme.html", ctx, status=status)


@login_required
@staff_required
def festival_roster(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The payment roster of a programme's budget period, with the heads' full names, as
    xlsx: for leaders and heads, of the units where they decide; each export is audited."""
    user = staff_user(request)
    p = Programme.objects.filter(pk=pk).first()
    if p is None:
        raise Http404
    if not festival.decides_somewhere(user):
        raise PermissionDenied
    today = local_date(timezone.now())
    payments = festival.roster_payments(p, user, today)
    with transaction.atomic():
        audit.record(
            user,
            "programme.roster_export",
            p,
            {"rows": payments.count(), "period_of": today.isoformat()},
        )
    columns = [
        export.Column(_("Unit"), 20),
        export.Column(_("Household"), 18),
        export.Column(_("Head of household"), 14),
        export.Column(_("Amount (yuan)"), 12),
        export.Column(_("Date paid"), 12),
        export.Column(_("Method"), 12),
        export.Column(_("Reference"), 20),
        export.Column(_("Signature"), 16),
    ]
    return export.response("xlsx", f"roster-{p.pk}", columns, festival.roster_rows(payments))


@login_required
@staff_required
def reverification(request: HttpRequest) -> HttpResponse:
    """The re-verifications due in the next two weeks or overdue, of the user's units."""
    user = staff_user(request)
    due = lifecycle.due_checks(
        visible_applications(user).select_related("household__unit", "programme")
    )
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    today = local_date(timezone.now())
    rows = [(a, identity.masked(a.household), a.next_check < today) for a in page]
    return render(request, "assistance/reverification.html", {"page": page, "rows": rows})


@login_required
@staff_required
def refer(request: HttpRequest, code: str) -> HttpResponse:
    """From a grievance's page: refer the complainant's household to a programme. Back to the
    case page with the outcome as a message (the page is the grievance module's)."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    user = staff_user(request)
    g = get_grievance_for(user, code)
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose the programme."))
    else:
        try:
            a = links.refer(
                g, form.cleaned_data["programme"], by=user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Referred to assistance: application %(code)s.") % {"code": a.code}
            )
    return redirect("grievances:case", code=g.code)


@login_required
@staff_required
def refer_register(request: HttpRequest, code: str) -> HttpResponse:
    """From a grievance's page: register the complainant's household (registered nowhere
    yet) and refer it to a programme, in one step (`links.register_and_refer`). Back to the
    case page with the outcome; bad input or a refusal shows the form again on its own page,
    with what was typed and why, and nothing changed."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    user = staff_user(request)
    g = get_grievance_for(user, code)
    form = RegisterReferForm(request.POST, units=links.acting_units(user))
    status = 400
    if form.is_valid():
        programme = form.cleaned_data["programme"]
        try:
            a = links.register_and_refer(g, programme, by=user, **form.step_input())
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            messages.success(
                request,
                _("Household registered and referred to assistance: application %(code)s.")
                % {"code": a.code},
            )
            return redirect("grievances:case", code=g.code)
    return render(request, "assistance/refer_register.html", {"g": g, "form": form}, status=status)


@login_required
@staff_required
def report(request: HttpRequest) -> HttpResponseBase:
    """The assistance reports of the user's units for a year; `?export=xlsx&table=<name>`
    downloads one table."""
    user = staff_user(request)
    today = local_date(timezone.now())
    form = ReportForm(request.GET or None, initial={"year": today.year})
    year, status = today.year, 200
    if request.GET.get("year") is not None:
        if form.is_valid():
            year = form.cleaned_data["year"]
        else:
            status = 400
    start = timezone.make_aware(datetime(year, 1, 1))
    end = timezone.make_aware(datetime(year + 1, 1, 1))
    tables = reports.tables(visible_households(user), start, end, today)
    fmt = export.requested(request)
    if fmt and status == 200:
        wanted = [t for t in tables if t.name == request.GET.get("table", "")]
        if not wanted:
            raise Http404
        t = wanted[0]
        return export.response(fmt, f"assistance-{t.name}-{year}", t.columns, t.rows)
    query = {t.name: f"year={year}&table={t.name}" for t in tables}
    return render(
        request,
        "assistance/reports.html",
        {"form": form, "tables": [(t, query[t.name]) for t in tables], "year": year},
        status=status,
    )
