"""Hardship assistance (困难帮扶): one function per step.

Households: `register_household`, `change_household` (with a reason), `add_member`,
`close_household`. Applications: `apply`, `record_visit`, `committee_decision`,
`publish_notice`, `lodge_objection` (the public, anonymous allowed), `answer_objection`,
`approve`, `refuse`, `pay`.

Each step checks who may act and from which state, runs in one transaction on the locked row
(`minsheng.records.lock`), writes its timeline event and audit record (`records.record`) and
raises DomainError/NotAllowed with a message for people, having changed nothing.

A payment never takes a programme beyond its budget for the period: the programme row is
locked (SELECT … FOR UPDATE) before the period's payments are summed, so two payments at once
are counted one after the other on PostgreSQL. SQLite serialises writers anyway."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance import checks, notify
from assistance.checks import MemberInput
from assistance.models import (
    Application,
    ApplicationEventKind,
    AppState,
    Channel,
    CommitteeReview,
    Decision,
    HardshipType,
    Household,
    HouseholdEventKind,
    HouseholdStatus,
    Member,
    Objection,
    Payment,
    PaymentMethod,
    Period,
    Programme,
    ProgrammeKind,
    Visit,
)
from assistance.rules import RuleError, parse
from audit import log as audit
from minsheng import codes, crypto, records
from minsheng.errors import DomainError, NotAllowed, StaleVersion
from minsheng.workdays import local_date
from orgs.models import Role, Unit
from orgs.scoping import scope_for

DECIDERS = frozenset({Role.LEADER, Role.HEAD})
# An application not yet decided.
OPEN_STATES = (AppState.APPLIED, AppState.VERIFIED, AppState.REVIEWED, AppState.ON_NOTICE)


# ---- who may --------------------------------------------------------------------------------


def may_act(user: Any, unit: Unit) -> bool:
    """Staff acting at the unit: any role there but auditor, or a head above."""
    return bool(getattr(user, "is_authenticated", False) and scope_for(user).roles_at(unit))


def may_decide(user: Any, unit: Unit) -> bool:
    """Leaders of the unit and heads above decide: committee results, approval, refusal."""
    return bool(
        getattr(user, "is_authenticated", False) and scope_for(user).roles_at(unit) & DECIDERS
    )


def _require_act(user: Any, unit: Unit) -> None:
    if not may_act(user, unit):
        raise NotAllowed(_("You may act only on households of a unit you work in."))


def _require_decide(user: Any, unit: Unit) -> None:
    if not may_decide(user, unit):
        raise NotAllowed(_("Only a leader of the unit or a head above may decide this."))


# ---- households -----------------------------------------------------------------------------


def register_household(
    *,
    by: User,
    unit: Unit,
    head_name: str,
    id_number: str,
    hardship_types: list[str],
    consent: str,
    phone: str = "",
    address: str = "",
    members: list[MemberInput] | None = None,
) -> Household:
    """Register a household in hardship (when hardship arises). Refuses a second registration
    of the same ID number (found by its keyed hash)."""
    _require_act(by, unit)
    now = timezone.now()
    head_name = checks.head_name(head_name)
    norm = checks.id_number(id_number)
    phone = checks.text(phone, _("the phone number"), required=False, limit=30)
    address = checks.text(address, _("the address"), required=False, limit=300)
    consent = checks.text(consent, _("the consent the household gave for its data"), limit=500)
    kinds = checks.hardships(hardship_types)
    rows = [checks.member(m, local_date(now)) for m in members or []]
    id_hash = crypto.lookup_hash("id", norm)
    duplicate = _("A household with this ID number is already registered.")
    existing = Household.objects.filter(id_hash=id_hash).values_list("status", flat=True).first()
    if existing == HouseholdStatus.CLOSED:
        raise DomainError(
            _(
                "A household with this ID number is registered already and closed: reopen it"
                " rather than registering it again."
            )
        )
    if existing is not None:
        raise DomainError(duplicate)
    try:
        with transaction.atomic():
            h = Household.objects.create(
                code=codes.next_code(Household, "KN", now),
                unit=unit,
                head_name=head_name,
                id_number=norm,
                id_hash=id_hash,
                phone=phone,
                address=address,
                hardship_types=kinds,
                consent=consent,
                consent_at=now,
                created=now,
                created_by=by,
            )
            for row in rows:
                Member.objects.create(household=h, **row)
            records.record(
                h,
                HouseholdEventKind.REGISTERED,
                by,
                data={"hardship_types": kinds, "members": len(rows), "consent": consent},
            )
    except IntegrityError:
        # A registration of the same ID number at the same moment.
        raise DomainError(duplicate) from None
    return h


CHANGEABLE = ("head_name", "phone", "address", "hardship_types")


def change_household(
    household: Household,
    *,
    by: User,
    reason: str,
    version: int | None = None,
    **changes: Any,
) -> Household:
    """Change what the register says of a household, with a reason; a new version. The
    audit record names the fields changed, never their personal values."""
    _require_act(by, household.unit)
    reason = checks.text(reason, _("the reason for the change"))
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise DomainError(_("These details cannot be changed here."))
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if value is None:
            continue
        if name == "hardship_types":
            clean[name] = checks.hardships(value)
        elif name == "head_name":
            clean[name] = checks.head_name(value)
        else:
            clean[name] = checks.text(value, name, required=False, limit=300)
    with transaction.atomic():
        h = records.lock(household, version)
        if h.status == HouseholdStatus.CLOSED:
            raise DomainError(_("This household is closed; reopen it first if needed."))
        changed = [n for n, v in clean.items() if getattr(h, n) != v]
        if not changed:
            raise DomainError(_("Nothing was changed."))
        for n in changed:
            setattr(h, n, clean[n])
        records.save(h, changed)
        records.record(
            h, HouseholdEventKind.CHANGED, by, text=reason, data={"fields": sorted(changed)}
        )
    return h


def add_member(
    household: Household, member: MemberInput, *, by: User, version: int | None = None
) -> Member:
    _require_act(by, household.unit)
    row = checks.member(member, local_date(timezone.now()))
    with transaction.atomic():
        h = records.lock(household, version)
        if h.status == HouseholdStatus.CLOSED:
            raise DomainError(_("This household is closed; reopen it first if needed."))
        m = Member.objects.create(household=h, **row)
        records.save(h, [])
        records.record(h, HouseholdEventKind.MEMBER_ADDED, by, data={"relation": m.relation})
    return m


def close_household(
    household: Household, *, by: User, reason: str, version: int | None = None
) -> Household:
    """Close a household when its hardship is resolved (动态管理), with the reason."""
    _require_act(by, household.unit)
    reason = checks.text(reason, _("the reason for closing"))
    with transaction.atomic():
        h = records.lock(household, version)
        if h.status == HouseholdStatus.CLOSED:
            raise DomainError(_("This household is already closed."))
        open_ones = list(
            h.applications.filter(state__in=OPEN_STATES)
            .order_by("code")
            .values_list("code", flat=True)
        )
        if open_ones:
            raise DomainError(
                _(
                    "This household has open applications (%(codes)s): approve or refuse them"
                    " first, then close it."
                )
                % {"codes": "、".join(open_ones)}
            )
        # Closing ends the support still running, each with the reason, on its timeline.
        for a in h.applications.select_for_update().filter(
            state__in=[AppState.APPROVED, AppState.PAID]
        ):
            a.state, a.next_check, a.reason = AppState.ENDED, None, reason
            records.save(a, ["state", "next_check", "reason"])
            # Its own kind: the reports count "reverified" events as checks done.
            records.record(
                a, ApplicationEventKind.ENDED, by, text=reason, data={"household_closed": True}
            )
        h.status = HouseholdStatus.CLOSED
        h.closed_reason = reason
        records.save(h, ["status", "closed_reason"])
        records.record(h, HouseholdEventKind.CLOSED, by, text=reason)
    return h


def reopen_household(
    household: Household, *, by: User, reason: str, version: int | None = None
) -> Household:
    """Open a closed household again when hardship returns (动态管理): its ID number stays
    registered, so it is reopened, not registered twice. Its details may then be changed."""
    _require_act(by, household.unit)
    reason = checks.text(reason, _("the reason for reopening"))
    with transaction.atomic():
        h = records.lock(household, version)
        if h.status != HouseholdStatus.CLOSED:
            raise DomainError(_("Only a closed household can be reopened."))
        h.status, h.closed_reason = HouseholdStatus.REGISTERED, ""
        records.save(h, ["status", "closed_reason"])
        records.record(h, HouseholdEventKind.REOPENED, by, text=reason)
    return h


def household_facts(h: Household) -> dict[str, Any]:
    """The facts a programme's rules may use (`assistance.rules.FACTS`), for one household:
    monthly income in yuan (Decimal), counts of members, the hardship types, and flags."""
    members = list(h.members.all())
    year = local_date(timezone.now()).year
    income = sum((Decimal(str(v)) for m in members for v in m.income.values()), Decimal(0))
    ages = [year - m.birth_year for m in members]
    n = len(members)
    return {
        "income_per_head": income / n if n else Decimal(0),
        "household_income": income,
        "members": n,
        "minors": sum(1 for a in ages if a < 18),
        "elderly": sum(1 for a in ages if a >= 60),
        "hardship": list(h.hardship_types),
        "has_school_age_member": any(6 <= a <= 18 for a in ages),
        "has_disabled_member": any(m.disability for m in members),
        "has_elderly_member": any(a >= 60 for a in ages),
    }


# ---- applications ---------------------------------------------------------------------------


def _covers(programme: Programme, unit: Unit) -> bool:
    ids = set(programme.units.values_list("pk", flat=True))
    return unit.pk in ids or bool(ids & set(unit.ancestor_ids()))


def apply(
    household: Household,
    programme: Programme,
    *,
    by: User,
    channel: str = Channel.STAFF,
    grievance: Any = None,
    reason: str = "",
) -> Application:
    """Open an application of a registered household to a programme covering its unit."""
    _require_act(by, household.unit)
    if channel not in Channel.values:
        raise DomainError(_("Please choose how the application came in."))
    if channel == Channel.GRIEVANCE and grievance is None:
        raise DomainError(_("A referral from a grievance must name the grievance."))
    reason = checks.text(reason, _("the reason"), required=False)
    now = timezone.now()
    with transaction.atomic():
        h = records.lock(household, None)
        if h.status == HouseholdStatus.CLOSED:
            raise DomainError(_("Only a registered household can apply; this one is closed."))
        if not programme.active or not _covers(programme, h.unit):
            raise DomainError(_("This programme is not open to households of this unit."))
        if Application.objects.filter(
            household=h,
            programme=programme,
            state__in=OPEN_STATES,
        ).exists():
            raise DomainError(_("This household already has an open application to it."))
        eligible: bool | None = None
        if programme.eligibility.strip():
            try:
                rule = parse(programme.eligibility, expect="bool")
                eligible = bool(rule.evaluate(household_facts(h)))
            except (RuleError, KeyError, TypeError):
                eligible = None
        a = Application.objects.create(
            code=codes.next_code(Application, "JZ", now),
            household=h,
            programme=programme,
            channel=channel,
            grievance=grievance if channel == Channel.GRIEVANCE else None,
            reason=reason,
            created=now,
            created_by=by,
        )
        records.record(
            a,
            ApplicationEventKind.APPLIED,
            by,
            text=reason,
            data={"channel": channel, "programme": programme.pk, "eligible": eligible},
        )
        if channel != Channel.STAFF:
            notify.applied(a, by)
    return a


def _step(
    application: Application, version: int | None, states: tuple[str, ...], message: str
) -> Application:
    a = records.lock(application, version)
    if a.state not in states:
        raise DomainError(message)
    return a


def _household_open(a: Application) -> Household:
    """The application's household, locked; refused when it is closed: its hardship is
    resolved, so nothing more is published, approved or paid for it (the application can
    still be refused, the support ended)."""
    h = Household.objects.select_for_update().get(pk=a.household_id)
    if h.status == HouseholdStatus.CLOSED:
        raise DomainError(
            _(
                "The household is closed: nothing more is published, approved or paid for it."
                " Refuse the application or end the support, with the reasons."
            )
        )
    return h


def record_visit(
    application: Application,
    *,
    by: User,
    visited_on: date,
    findings: str,
    version: int | None = None,
) -> Visit:
    """A home visit verifying the application (applied → verified)."""
    _require_act(by, application.household.unit)
    findings = checks.text(findings, _("the findings of the visit"))
    if not isinstance(visited_on, date) or visited_on > local_date(timezone.now()):
        raise DomainError(_("The date of the visit must be today or earlier."))
    with transaction.atomic():
        a = _step(
            application,
            version,
            (AppState.APPLIED, AppState.VERIFIED),
            _("A visit is recorded before the committee's review."),
        )
        v = Visit.objects.create(
            application=a,
            visited_on=visited_on,
            findings=findings,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        a.state = AppState.VERIFIED
        records.save(a, ["state"])
        records.record(
            a,
            ApplicationEventKind.VISITED,
            by,
            text=findings,
            public=False,
            data={"visited_on": visited_on.isoformat()},
        )
    return v


def committee_decision(
    application: Application,
    *,
    by: User,
    members: str,
    votes_for: int,
    votes_against: int,
    decision: str,
    reasons: str,
    amount: Any = None,
    version: int | None = None,
) -> CommitteeReview:
    """The committee's review (verified → reviewed, or refused). A supported application
    carries the amount proposed: the one given, or the programme's benefit rule."""
    _require_decide(by, application.household.unit)
    members = checks.text(members, _("the committee members"), limit=500)
    reasons = checks.text(reasons, _("the reasons"))
    if decision not in Decision.values:
        raise DomainError(_("Please choose the committee's decision."))
    try:
        yes, no = int(votes_for), int(votes_against)
    except (TypeError, ValueError):
        yes = no = -1
    if yes < 0 or no < 0 or yes + no == 0 or yes + no > 100:
        raise DomainError(_("Please give the votes for and against (whole numbers)."))
    if (decision == Decision.SUPPORT) != (yes > no):
        raise DomainError(_("The decision does not follow the votes."))
    proposed: Decimal | None = None
    if decision == Decision.SUPPORT:
        if amount in (None, ""):
            programme = application.programme
            if not programme.benefit.strip():
                raise DomainError(_("Please give the amount proposed."))
            try:
                rule = parse(programme.benefit, expect="number")
                value = rule.evaluate(household_facts(application.household))
            except (RuleError, KeyError, TypeError) as exc:
                raise DomainError(
                    _("The programme's benefit rule does not work: %(e)s") % {"e": exc}
                ) from None
            amount = value
        proposed = checks.amount(amount, _("The amount proposed"))
    with transaction.atomic():
        a = _step(
            application,
            version,
            (AppState.VERIFIED,),
            _("The committee reviews an application after a home visit has verified it."),
        )
        review = CommitteeReview.objects.create(
            application=a,
            members=members,
            votes_for=yes,
            votes_against=no,
            decision=decision,
            reasons=reasons,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        if decision == Decision.SUPPORT:
            a.state, a.amount = AppState.REVIEWED, proposed
            records.save(a, ["state", "amount"])
        else:
            a.state, a.reason, a.decided_at = AppState.REFUSED, reasons, timezone.now()
            records.save(a, ["state", "reason", "decided_at"])
        records.record(
            a,
            ApplicationEventKind.REVIEWED,
            by,
            text=reasons,
            data={
                "decision": decision,
                "for": yes,
                "against": no,
                "amount": str(proposed) if proposed else None,
            },
        )
    return review


def publish_notice(
    application: Application, *, by: User, version: int | None = None
) -> Application:
    """Publish the proposed assistance on the portal's notices for the programme's notice
    period (reviewed → on notice). Objections may be lodged until it ends."""
    _require_act(by, application.household.unit)
    with transaction.atomic():
        a = _step(
            application,
            version,
            (AppState.REVIEWED,),
            _("Only an application the committee supported can be published."),
        )
        _household_open(a)
        now = timezone.now()
        a.state = AppState.ON_NOTICE
        a.notice_starts = now
        a.notice_ends = now + timedelta(days=a.programme.notice_days)
        a.notice_name = crypto.mask_name(a.household.head_name)
        records.save(a, ["state", "notice_starts", "notice_ends", "notice_name"])
        records.record(
            a,
            ApplicationEventKind.PUBLISHED,
            by,
            data={"until": a.notice_ends.isoformat()},
        )
    return a


def on_notice() -> Any:
    """The applications on public notice now: the portal's one door to them."""
    now = timezone.now()
    return Application.objects.filter(
        state=AppState.ON_NOTICE, notice_starts__lte=now, notice_ends__gt=now
    )


def lodge_objection(
    application: Application, *, text: str, name: str = "", contact: str = "", once: str = ""
) -> tuple[Objection, bool]:
    """Anyone, anonymously too, objects to a published application during its notice.
    Returns (the objection, whether it was already received under the one-time token
    `once`: the same form sent twice is one objection)."""
    if once:
        first = Objection.objects.filter(once=once).first()
        if first is not None and first.application_id == application.pk:
            return first, True
        if first is not None:  # a token from another notice's form: not a repeat of this one
            once = ""
    text = checks.text(text, _("your objection"))
    name = checks.text(name, _("your name"), required=False, limit=checks.NAME_MAX)
    contact = checks.text(contact, _("your contact"), required=False, limit=100)
    with transaction.atomic():
        a = records.lock(application, None)
        now = timezone.now()
        if a.state != AppState.ON_NOTICE or not (a.notice_ends and now < a.notice_ends):
            raise DomainError(_("This notice is not open for objections."))
        try:
            with transaction.atomic():
                o = Objection.objects.create(
                    application=a,
                    text=text,
                    name=name,
                    contact=contact,
                    lodged_at=now,
                    once=once or None,
                )
        except IntegrityError:
            return Objection.objects.get(once=once), True
        records.save(a, [])
        records.record(
            a,
            ApplicationEventKind.OBJECTION,
            AnonymousUser(),
            public=False,
            data={"objection": o.pk, "anonymous": not name},
            actor_label="public",
        )
        notify.objection_lodged(a)
    return o, False


def answer_objection(objection: Objection, *, by: User, answer: str, upheld: bool) -> Objection:
    """Investigate and answer an objection, once. An upheld objection stops approval."""
    application = objection.application
    _require_act(by, application.household.unit)
    answer = checks.text(answer, _("the answer"))
    with transaction.atomic():
        a = records.lock(application, None)
        o = Objection.objects.select_for_update().get(pk=objection.pk)
        if o.answered_at is not None:
            raise DomainError(_("This objection is already answered."))
        o.answer, o.upheld, o.answered_at, o.answered_by = answer, bool(upheld), timezone.now(), by
        o.save(update_fields=["answer", "upheld", "answered_at", "answered_by"])
        records.save(a, [])
        records.record(
            a,
            ApplicationEventKind.ANSWERED,
            by,
            text=answer,
            public=False,
            data={"objection": o.pk, "upheld": o.upheld},
        )
    return o


def approve(application: Application, *, by: User, version: int | None = None) -> Application:
    """Approve after the notice period, every objection answered and none upheld."""
    _require_decide(by, application.household.unit)
    with transaction.atomic():
        a = _step(
            application,
            version,
            (AppState.ON_NOTICE,),
            _("Only an application on public notice can be approved."),
        )
        h = _household_open(a)
        now = timezone.now()
        if a.notice_ends is None or now < a.notice_ends:
            raise DomainError(
                _("The notice period ends on %(when)s; approval waits until then.")
                % {"when": f"{timezone.localtime(a.notice_ends):%Y-%m-%d %H:%M}"}
                if a.notice_ends
                else _("The notice period has not ended.")
            )
        objections = list(a.objections.all())
        if any(o.answered_at is None for o in objections):
            raise DomainError(_("An objection is not answered yet; answer it before approval."))
        if any(o.upheld for o in objections):
            raise DomainError(_("An objection was upheld; the application cannot be approved."))
        a.state, a.decided_at = AppState.APPROVED, now
        a.next_check = next_check(a.programme.reverify, local_date(now))
        records.save(a, ["state", "decided_at", "next_check"])
        records.record(a, ApplicationEventKind.APPROVED, by, data={"amount": str(a.amount)})
        notify.approved(a, by)
        if h.status == HouseholdStatus.REGISTERED:
            h.status = HouseholdStatus.SUPPORTED
            records.save(h, ["status"])
            records.record(h, HouseholdEventKind.SUPPORTED, by, data={"application": a.code})
    return a


def refuse(
    application: Application, *, by: User, reasons: str, version: int | None = None
) -> Application:
    """Refuse an open application, with reasons."""
    _require_decide(by, application.household.unit)
    reasons = checks.text(reasons, _("the reasons"))
    with transaction.atomic():
        a = _step(
            application,
            version,
            (AppState.APPLIED, AppState.VERIFIED, AppState.REVIEWED, AppState.ON_NOTICE),
            _("This application is already decided."),
        )
        a.state, a.reason, a.decided_at = AppState.REFUSED, reasons, timezone.now()
        records.save(a, ["state", "reason", "decided_at"])
        records.record(a, ApplicationEventKind.REFUSED, by, text=reasons)
    return a


def period_start(period: str, day: date) -> date:
    if period == Period.MONTH:
        return day.replace(day=1)
    if period == Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def period_end(period: str, day: date) -> date:
    """The first day after the period that holds `day`."""
    start = period_start(period, day)
    months = {Period.MONTH: 1, Period.QUARTER: 3}.get(period, 12)  # type: ignore[call-overload]
    m = start.month - 1 + months
    return start.replace(year=start.year + m // 12, month=m % 12 + 1)


def spent(programme: Programme, day: date) -> Decimal:
    """What the programme paid in the budget period that holds `day`."""
    start = period_start(programme.budget_period, day)
    end = period_end(programme.budget_period, day)
    total = Payment.objects.filter(
        programme=programme, paid_on__gte=start, paid_on__lt=end
    ).aggregate(s=Sum("amount"))["s"]
    return total or Decimal(0)


def _paid_against_approval(a: Application, day: date) -> tuple[Decimal, bool]:
    """What this application was paid that counts against its approved amount on `day`: in
    the calendar month of `day` for a monthly living allowance, ever for any other kind;
    and whether it is counted monthly."""
    paid = Payment.objects.filter(application=a)
    monthly = a.programme.kind == ProgrammeKind.LIVING
    if monthly:
        paid = paid.filter(
            paid_on__gte=period_start(Period.MONTH, day), paid_on__lt=period_end(Period.MONTH, day)
        )
    return paid.aggregate(s=Sum("amount"))["s"] or Decimal(0), monthly


def payable(a: Application, day: date) -> Decimal:
    """What may still be paid to the application on `day` (the console offers it)."""
    if a.amount is None or a.state not in (AppState.APPROVED, AppState.PAID):
        return Decimal(0)
    return max(a.amount - _paid_against_approval(a, day)[0], Decimal(0))


def _check_within_approved(a: Application, value: Decimal, day: date) -> None:
    """The payment fits what was approved: its date is not before the approval, and with
    what this application was paid already (this month, for a monthly allowance; ever, for
    any other programme) it is at most the approved amount."""
    if a.decided_at is not None and day < local_date(a.decided_at):
        raise DomainError(
            _("The date paid cannot be before the approval (%(day)s).")
            % {"day": f"{local_date(a.decided_at):%Y-%m-%d}"}
        )
    if a.amount is None:
        raise DomainError(_("This application has no approved amount to pay."))
    already, monthly = _paid_against_approval(a, day)
    if already + value <= a.amount:
        return
    figures = {"paid": f"{already:,.2f}", "amount": f"{a.amount:,.2f}", "month": f"{day:%Y-%m}"}
    if monthly:
        raise DomainError(
            _(
                "This would pay more than the approved %(amount)s yuan a month:"
                " %(paid)s yuan is paid already for %(month)s."
            )
            % figures
        )
    raise DomainError(
        _("This would pay more than the approved %(amount)s yuan: %(paid)s yuan is paid already.")
        % figures
    )


def pay(
    application: Application,
    *,
    by: User,
    amount: Any,
    paid_on: date,
    method: str,
    reference: str = "",
    version: int | None = None,
) -> Payment:
    """Record a payment in the ledger (approved → paid). What one application may be paid
    is its approved amount: once for a one-off programme (in instalments if need be), once a
    month for a monthly living allowance. Never dated before the approval. Refused beyond the
    programme's budget for the period, counted inside the transaction with the programme row
    locked (the application's row is locked too, so two clerks cannot both pay it)."""
    _require_act(by, application.household.unit)
    value = checks.amount(amount, _("The amount"))
    if method not in PaymentMethod.values:
        raise DomainError(_("Please choose how it was paid."))
    reference = checks.text(reference, _("the reference"), required=False, limit=100)
    if not isinstance(paid_on, date) or paid_on > local_date(timezone.now()):
        raise DomainError(_("The date paid must be today or earlier."))
    with transaction.atomic():
        a = _step(
            application,
            version,
            (AppState.APPROVED, AppState.PAID),
            _("Only an approved application can be paid."),
        )
        # Locked in the order the festival batch takes them: the programme, then households.
        programme = Programme.objects.select_for_update().get(pk=a.programme_id)
        _household_open(a)
        _check_within_approved(a, value, paid_on)
        already = spent(programme, paid_on)
        if already + value > programme.budget:
            raise DomainError(
                _(
                    "This payment would take the programme beyond its budget for the period:"
                    " %(spent)s of %(budget)s yuan is paid already."
                )
                % {"spent": f"{already:,.2f}", "budget": f"{programme.budget:,.2f}"}
            )
        p = Payment.objects.create(
            application=a,
            programme=programme,
            amount=value,
            paid_on=paid_on,
            method=method,
            reference=reference,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        a.state = AppState.PAID
        records.save(a, ["state"])
        records.record(
            a,
            ApplicationEventKind.PAID,
            by,
            data={"payment": p.pk, "amount": str(value), "paid_on": paid_on.isoformat()},
        )
    return p


# ---- re-verification (动态管理) ----------------------------------------------------------------


def next_check(period: str, after: date) -> date:
    """The re-verification after `after`: a month, a quarter or a year later (the last day
    of a shorter month when the day does not exist)."""
    months = {Period.MONTH: 1, Period.QUARTER: 3}.get(period, 12)  # type: ignore[call-overload]
    m = after.month - 1 + months
    year, month = after.year + m // 12, m % 12 + 1
    for day in (after.day, 30, 29, 28):
        try:
            return after.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Outcome:
    CONTINUE = "continue"
    ADJUST = "adjust"
    END = "end"
    ALL = (CONTINUE, ADJUST, END)


def reverify(
    application: Application,
    *,
    by: User,
    outcome: str,
    reasons: str,
    amount: Any = None,
    version: int | None = None,
) -> Application:
    """Re-check a supported household: continue (the next check on the schedule), adjust
    the amount, or end the support, with reasons. Continuing is for any staff acting at the
    unit; changing the amount or ending the support is a decision (leaders, heads above)."""
    _require_act(by, application.household.unit)
    if outcome in (Outcome.ADJUST, Outcome.END):
        _require_decide(by, application.household.unit)
    if outcome not in Outcome.ALL:
        raise DomainError(_("Please choose the outcome of the re-verification."))
    reasons = checks.text(reasons, _("the reasons"))
    new_amount = checks.amount(amount, _("The new amount")) if outcome == Outcome.ADJUST else None
    with transaction.atomic():
        a = _step(
            application,
            version,
            (AppState.APPROVED, AppState.PAID),
            _("Only a household receiving support is re-verified."),
        )
        if outcome != Outcome.END:
            _household_open(a)
        today = local_date(timezone.now())
        # The check that was due, kept on the event: the reports count checks done on time.
        was_due = a.next_check
        fields = ["next_check"]
        if outcome == Outcome.END:
            a.state, a.next_check, a.reason = AppState.ENDED, None, reasons
            fields += ["state", "reason"]
        else:
            # The schedule runs from the check that was due, so a late check is not a
            # reason to wait longer for the next one.
            a.next_check = next_check(a.programme.reverify, a.next_check or today)
            if a.next_check <= today:
                a.next_check = next_check(a.programme.reverify, today)
            if new_amount is not None:
                a.amount = new_amount
                fields.append("amount")
        records.save(a, fields)
        records.record(
            a,
            ApplicationEventKind.REVERIFIED,
            by,
            text=reasons,
            data={
                "outcome": outcome,
                "amount": str(new_amount) if new_amount is not None else None,
                "next_check": a.next_check.isoformat() if a.next_check else None,
                "was_due": was_due.isoformat() if was_due else None,
                "on_time": bool(was_due is None or today <= was_due),
            },
        )
        if outcome == Outcome.END:
            _support_ended(a, by, reasons)
    return a


def _support_ended(a: Application, by: User, reasons: str) -> None:
    """The household's last support has ended: it is registered, no longer supported."""
    h = Household.objects.select_for_update().get(pk=a.household_id)
    running = h.applications.filter(state__in=[AppState.APPROVED, AppState.PAID]).exists()
    if h.status == HouseholdStatus.SUPPORTED and not running:
        h.status = HouseholdStatus.REGISTERED
        records.save(h, ["status"])
        records.record(
            h, HouseholdEventKind.SUPPORT_ENDED, by, text=reasons, data={"application": a.code}
        )


def due_checks(applications: Any, *, within_days: int = 14) -> Any:
    """Of the given (already scoped) applications, those whose re-verification is due within
    `within_days` or overdue, the most overdue first."""
    horizon = local_date(timezone.now()) + timedelta(days=within_days)
    return applications.filter(next_check__isnull=False, next_check__lte=horizon).order_by(
        "next_check", "id"
    )


# ---- programmes (administered in the console) -----------------------------------------------

BUDGET_MAX = Decimal("1000000000")  # a billion yuan a period: anything above is a typing slip
NOTICE_DAYS_MIN, NOTICE_DAYS_MAX = 1, 90
PROGRAMME_FIELDS = (
    "name",
    "kind",
    "budget",
    "budget_period",
    "eligibility",
    "benefit",
    "reverify",
    "notice_days",
    "active",
)


class RuleRefused(DomainError):
    """A programme's rule does not parse: `field` names it ("eligibility" or "benefit"), the
    message (with the position of the error) is in the active language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def administers_somewhere(user: Any) -> bool:
    """Who may administer programmes at all: an administrator (the superuser or the
    administrator role) or a unit head."""
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope_for(user)
    return scope.is_administrator or bool(scope.head_paths)


def administered_units(user: Any) -> Any:
    """The units a programme administered by `user` may cover: every unit for an
    administrator, the subtrees a head heads."""
    scope = scope_for(user)
    if not administers_somewhere(user):
        return Unit.objects.none()
    if scope.is_administrator:
        return Unit.objects.all()
    headed = Unit.objects.filter(pk__in=sorted(scope.unit_ids)).only("pk", "path")
    ids = [u.pk for u in headed if any(u.path.startswith(p) for p in scope.head_paths)]
    return Unit.objects.filter(pk__in=ids)


def may_administer(user: Any, units: Any) -> bool:
    """Whether the user may create or change a programme covering `units`: an administrator,
    or the head of (a unit above) every one of them. A programme reaching beyond the units a
    head heads is administered by a head higher up."""
    if not administers_somewhere(user):
        return False
    scope = scope_for(user)
    return all(Role.HEAD in scope.roles_at(u) for u in units)


def programme_rule(field: str, text: Any) -> str:
    """The rule text of `field` ("eligibility", a condition; "benefit", an amount), checked:
    RuleRefused with the parser's message and position if it does not parse."""
    text = (text or "").strip() if isinstance(text, str) or text is None else str(text)
    if not text:
        return ""
    expect: Any = "bool" if field == "eligibility" else "number"
    label = _("The eligibility rule") if field == "eligibility" else _("The benefit rule")
    try:
        parse(text, expect=expect, values={"hardship": HardshipType.values})
    except RuleError as exc:
        raise RuleRefused(field, f"{label}: {exc.message}") from None
    return text


def _programme_values(
    *,
    name: Any,
    kind: Any,
    budget: Any,
    budget_period: Any,
    eligibility: Any = "",
    benefit: Any = "",
    reverify: Any = Period.YEAR,
    notice_days: Any = 7,
    active: Any = True,
) -> dict[str, Any]:
    clean: dict[str, Any] = {
        "name": checks.text(name, _("the programme's name"), limit=200),
        "eligibility": programme_rule("eligibility", eligibility),
        "benefit": programme_rule("benefit", benefit),
        "budget": checks.amount(budget, _("The budget per period"), limit=BUDGET_MAX).quantize(
            Decimal("0.01")
        ),
        "active": bool(active),
    }
    if kind not in ProgrammeKind.values:
        raise DomainError(_("Please choose the kind of programme from the list."))
    if budget_period not in Period.values or reverify not in Period.values:
        raise DomainError(_("Please choose the budget period and re-verification from the lists."))
    try:
        days = int(notice_days)
    except (TypeError, ValueError):
        days = -1
    if not NOTICE_DAYS_MIN <= days <= NOTICE_DAYS_MAX:
        raise DomainError(
            _("The notice period must be %(min)s to %(max)s days.")
            % {"min": NOTICE_DAYS_MIN, "max": NOTICE_DAYS_MAX}
        )
    clean.update(kind=kind, budget_period=budget_period, reverify=reverify, notice_days=days)
    return clean


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def save_programme(
    programme: Programme | None,
    *,
    by: User,
    units: Any,
    version: int | None = None,
    **values: Any,
) -> Programme:
    """Create a programme (`programme` None) or change one, as administered in the console:
    name, kind, budget and its period, the eligibility and benefit rules (refused, with the
    position of the error, if they do not parse: RuleRefused), the units covered (with
    everything below them), re-verification, notice days and whether it is active.

    Only an administrator or a head of every unit covered (before and after the change) may:
    NotAllowed otherwise. The audit record names who and, for each field changed, the old and
    new value (a programme holds no personal data). Nothing is saved on a refusal. With the
    `version` the editor saw, a change made by someone else meanwhile is refused (409)."""
    unknown = set(values) - set(PROGRAMME_FIELDS)
    if unknown:
        raise DomainError(_("These details cannot be changed here."))
    units = list(units or [])
    if not units:
        raise DomainError(_("Please choose at least one unit the programme covers."))
    if not may_administer(by, units):
        raise NotAllowed(
            _("Only an administrator or a head of every unit it covers may administer a programme.")
        )
    if programme is not None:
        values = {n: values.get(n, getattr(programme, n)) for n in PROGRAMME_FIELDS}
    clean = _programme_values(**values)
    new_units = sorted(u.pk for u in units)
    with transaction.atomic():
        if programme is None:
            p = Programme.objects.create(**clean)
            p.units.set(new_units)
            data: dict[str, Any] = {
                "fields": {n: _plain(v) for n, v in clean.items()},
                "units": new_units,
            }
            audit.record(by, "programme.created", p, data)
            return p
        p = Programme.objects.select_for_update().get(pk=programme.pk)
        if version is not None and p.version != version:
            raise StaleVersion(
                _(
                    "Someone else changed this programme while you were editing it. Reload"
                    " the page to see their change, then make yours again."
                )
            )
        old_units = sorted(p.units.values_list("pk", flat=True))
        if not may_administer(by, Unit.objects.filter(pk__in=old_units)):
            raise NotAllowed(
                _(
                    "Only an administrator or a head of every unit it covers may administer"
                    " a programme."
                )
            )
        changed = {
            n: [_plain(getattr(p, n)), _plain(v)] for n, v in clean.items() if getattr(p, n) != v
        }
        if old_units != new_units:
            changed["units"] = [old_units, new_units]
        if not changed:
            raise DomainError(_("Nothing was changed."))
        for n, v in clean.items():
            setattr(p, n, v)
        p.version += 1
        p.save(update_fields=[*clean, "version"])
        p.units.set(new_units)
        audit.record(by, "programme.changed", p, {"changed": changed})
    return p
