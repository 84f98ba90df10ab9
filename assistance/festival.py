"""Batch festival disbursement (节日慰问, issue #9): pay every eligible household of a festival
programme in one action, within its budget, and the payment roster for staff.

`eligible(programme, user)` is the programme's eligibility rule over the register (one query,
`assistance.eligibility`), limited to the units where the user decides (leaders of the unit,
heads above) and to households not yet paid by the programme in the budget period, with the
amount of each: the one given, or the programme's benefit rule computed in the same query
(`Rule.to_expression`).

`pay_all` runs in one transaction with the programme row locked (SELECT … FOR UPDATE): the
households are selected and the total checked against what the programme paid in the period
under the lock, so two batches at once pay each household once and never exceed the budget;
if the total does not fit, nothing is paid (all or nothing). Each household gets an
application on the staff channel, paid at once (a festival payment needs no visit, committee
or notice), its two timeline events (applied, paid) and its ledger row, all written in bulk;
the audit log gets one record per application and one for the batch. A household's status
is not changed: a one-off condolence payment is not ongoing support.

`roster_rows(programme, user, day)` is the roster of the programme's payments in the budget
period that holds `day`, with the full names of the heads of household, for the units where
the user decides; exporting it is audited (`assistance.views.festival_roster`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance import checks
from assistance.eligibility import FIELDS, MONEY, preview
from assistance.lifecycle import may_decide, period_end, period_start, spent
from assistance.models import (
    Application,
    ApplicationEvent,
    ApplicationEventKind,
    AppState,
    Channel,
    Household,
    Payment,
    PaymentMethod,
    Programme,
    ProgrammeKind,
)
from assistance.rules import RuleError, parse
from assistance.scoping import visible_households
from audit import log as audit
from minsheng import codes
from minsheng.errors import DomainError, NotAllowed
from minsheng.workdays import local_date
from orgs.models import Role, Unit
from orgs.scoping import scope_for

CENT = Decimal("0.01")


def deciding_unit_ids(user: Any, unit_ids: set[int]) -> list[int]:
    """Of these units, those where the user decides."""
    return sorted(u.pk for u in Unit.objects.filter(pk__in=sorted(unit_ids)) if may_decide(user, u))


def total(households: Any) -> Decimal:
    """What paying the households of `eligible` would cost."""
    values = households.values_list("benefit_amount", flat=True)
    return sum((_amount(v) for v in values if v is not None), Decimal(0))


def eligible(programme: Programme, user: Any, *, day: date, amount: Decimal | None = None) -> Any:
    """The households the batch would pay, each annotated with `benefit_amount`."""
    if programme.kind != ProgrammeKind.FESTIVAL:
        raise DomainError(_("Only a festival programme pays all eligible households at once."))
    try:
        qs = preview(programme, visible_households(user))
    except RuleError as exc:
        raise DomainError(
            _("The programme's eligibility rule does not work: %(e)s") % {"e": exc}
        ) from None
    units = set(qs.values_list("unit_id", flat=True).distinct())
    qs = qs.filter(unit_id__in=deciding_unit_ids(user, units))
    start = period_start(programme.budget_period, day)
    end = period_end(programme.budget_period, day)
    paid = Payment.objects.filter(programme=programme, paid_on__gte=start, paid_on__lt=end)
    qs = qs.exclude(pk__in=paid.values("application__household_id"))
    if amount is not None:
        return qs.annotate(benefit_amount=Value(amount, output_field=MONEY))
    if not programme.benefit.strip():
        raise DomainError(_("Please give the amount for each household."))
    try:
        rule = parse(programme.benefit, expect="number")
        return qs.annotate(benefit_amount=rule.to_expression(FIELDS))
    except RuleError as exc:
        raise DomainError(
            _("The programme's benefit rule does not work: %(e)s") % {"e": exc}
        ) from None


@dataclass(frozen=True)
class Batch:
    count: int
    total: Decimal
    reference: str


def _amount(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def pay_all(
    programme: Programme,
    *,
    by: User,
    paid_on: date,
    method: str,
    reference: str = "",
    amount: Any = None,
) -> Batch:
    """Pay every eligible household of the festival programme at the units where `by`
    decides, all or nothing within the budget for the period."""
    if not decides_somewhere(by):
        raise NotAllowed(_("Only a leader of the unit or a head above may decide this."))
    fixed = checks.amount(amount, _("The amount")) if amount not in (None, "") else None
    if method not in PaymentMethod.values:
        raise DomainError(_("Please choose how it was paid."))
    reference = checks.text(reference, _("the reference"), required=False, limit=100)
    if not isinstance(paid_on, date) or paid_on > local_date(timezone.now()):
        raise DomainError(_("The date paid must be today or earlier."))
    now = timezone.now()
    with transaction.atomic():
        p = Programme.objects.select_for_update().get(pk=programme.pk)
        # The households first, in one order, then the rows read again: a household closed
        # or applying at this moment is either finished before or waits until after, and the
        # codes' counter (minsheng.codes) is taken last, as it must be.
        ids = eligible(p, by, day=paid_on, amount=fixed).values_list("pk", flat=True)
        list(Household.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk"))
        rows = list(
            eligible(p, by, day=paid_on, amount=fixed)
            .order_by("code")
            .values_list("pk", "code", "benefit_amount")
        )
        if not rows:
            raise DomainError(_("No eligible household is left to pay in this period."))
        amounts = [_amount(a) if a is not None else Decimal(0) for _pk, _code, a in rows]
        for (_pk, code, _a), value in zip(rows, amounts, strict=True):
            if value <= 0 or value > checks.AMOUNT_MAX:
                raise DomainError(
                    _("The benefit rule gives household %(code)s no valid amount (%(v)s).")
                    % {"code": code, "v": value}
                )
        total = sum(amounts, Decimal(0))
        already = spent(p, paid_on)
        if already + total > p.budget:
            raise DomainError(
                _(
                    "Paying %(n)s households %(total)s yuan would take the programme beyond its"
                    " budget for the period: %(spent)s of %(budget)s yuan is paid already."
                    " Nothing was paid."
                )
                % {
                    "n": len(rows),
                    "total": f"{total:,.2f}",
                    "spent": f"{already:,.2f}",
                    "budget": f"{p.budget:,.2f}",
                }
            )
        reference = reference or f"FEST-{p.pk}-{local_date(now):%Y%m%d}"
        numbers = codes.next_codes(Application, "JZ", now, len(rows))
        apps = Application.objects.bulk_create(
            [
                Application(
                    code=numbers[i],
                    household_id=pk,
                    programme=p,
                    channel=Channel.STAFF,
                    state=AppState.PAID,
                    amount=value,
                    decided_at=now,
                    reason=reference,
                    created=now,
                    created_by=by,
                )
                for i, ((pk, _code, _a), value) in enumerate(zip(rows, amounts, strict=True))
            ]
        )
        payments = Payment.objects.bulk_create(
            [
                Payment(
                    application=a,
                    programme=p,
                    amount=value,
                    paid_on=paid_on,
                    method=method,
                    reference=reference,
                    recorded_by=by,
                    recorded_at=now,
                )
                for a, value in zip(apps, amounts, strict=True)
            ]
        )
        events = []
        for a, pay in zip(apps, payments, strict=True):
            events.append(
                ApplicationEvent(
                    application=a,
                    kind=ApplicationEventKind.APPLIED,
                    created=now,
                    actor=by,
                    data={"channel": Channel.STAFF, "programme": p.pk, "batch": reference},
                )
            )
            events.append(
                ApplicationEvent(
                    application=a,
                    kind=ApplicationEventKind.PAID,
                    created=now,
                    actor=by,
                    data={
                        "payment": pay.pk,
                        "amount": str(pay.amount),
                        "paid_on": paid_on.isoformat(),
                        "batch": reference,
                    },
                )
            )
        ApplicationEvent.objects.bulk_create(events)
        audit.record_bulk(
            (
                (
                    "application.paid",
                    a,
                    {**a.audit_data(), "amount": str(a.amount), "batch": reference},
                )
                for a in apps
            ),
            actor=by,
        )
        audit.record(
            by,
            "programme.festival_paid",
            p,
            {"households": len(apps), "total": str(total), "reference": reference},
        )
    return Batch(len(apps), total, reference)


def decides_somewhere(user: Any) -> bool:
    """Leaders, heads (and administrators): who pays a batch and sees its roster, which names
    the heads of household. Each still sees only the units where they decide."""
    if not getattr(user, "is_authenticated", False):
        return False
    deciders = {Role.LEADER, Role.HEAD, Role.ADMIN}
    return any(roles & deciders for roles in scope_for(user).direct_roles.values())


def roster_payments(programme: Programme, user: Any, day: date) -> QuerySet[Payment]:
    start = period_start(programme.budget_period, day)
    end = period_end(programme.budget_period, day)
    payments = Payment.objects.filter(
        programme=programme,
        paid_on__gte=start,
        paid_on__lt=end,
        application__household__in=visible_households(user),
    )
    units = set(payments.values_list("application__household__unit_id", flat=True).distinct())
    return (
        payments.filter(application__household__unit_id__in=deciding_unit_ids(user, units))
        .select_related("application__household__unit")
        .order_by("application__household__unit__path", "application__household__code", "id")
    )


def roster_rows(payments: QuerySet[Payment]) -> Iterator[list[Any]]:
    methods = dict(PaymentMethod.choices)
    for pay in payments.iterator(chunk_size=1000):
        h = pay.application.household
        yield [
            h.unit.display_name,
            h.code,
            h.head_name,
            pay.amount,
            pay.paid_on,
            methods.get(pay.method, pay.method),
            pay.reference,
            "",
        ]
