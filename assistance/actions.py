"""The assistance module's steps on a household and on an application, declared once: name,
label, the inputs (`minsheng.actions.Field`) and the call into `assistance.lifecycle`, which
checks who may and from which state. The API's bodies are built from these
(`api.rest.inputs.fields_input`, in `assistance.api`); the console's forms
(`assistance.forms`) take the same inputs.

Amounts are strings of yuan ("1200.00"): JSON numbers lose cents, and the lifecycle's
`checks.amount` refuses anything that is not at most two decimals above 0."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext_lazy as _

from assistance import lifecycle
from assistance.checks import INCOME_MAX, MemberInput
from assistance.models import (
    Application,
    Channel,
    Decision,
    Employment,
    HardshipType,
    Health,
    Household,
    Objection,
    PaymentMethod,
    Relation,
)
from minsheng.actions import Field, StrOrPromise
from minsheng.errors import DomainError

Row = TypeVar("Row", Application, Household)


@dataclass(frozen=True, eq=False)
class Step(Generic[Row]):
    """One step on a row: `call(row, data, user)` takes it. `partial`: only the fields the
    caller sent are passed on (a change: what is not sent stays as it is)."""

    name: str
    label: StrOrPromise
    fields: tuple[Field, ...]
    call: Callable[[Row, dict[str, Any], Any], object]
    versioned: bool = True
    summary: str = ""
    description: str = ""
    example: dict[str, Any] = field(default_factory=dict)
    partial: bool = False


class ApplicationAction(Step[Application]):
    """One step on an application."""


class HouseholdAction(Step[Household]):
    """One step on a registered household."""


def _amount(required: bool, help: str) -> Field:
    return Field(
        "amount",
        _("Amount (yuan)"),
        "line",
        max_length=20,
        required=required,
        help=help,
    )


OUTCOMES = (
    (lifecycle.Outcome.CONTINUE, _("Continue the support")),
    (lifecycle.Outcome.ADJUST, _("Adjust the amount")),
    (lifecycle.Outcome.END, _("End the support")),
)


def _data(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "version"}


def _visit(a: Application, d: dict[str, Any], user: Any) -> object:
    return lifecycle.record_visit(a, by=user, version=d.get("version"), **_data(d))


def _committee(a: Application, d: dict[str, Any], user: Any) -> object:
    return lifecycle.committee_decision(a, by=user, version=d.get("version"), **_data(d))


def _publish(a: Application, d: dict[str, Any], user: Any) -> object:
    return lifecycle.publish_notice(a, by=user, version=d.get("version"))


def _approve(a: Application, d: dict[str, Any], user: Any) -> object:
    return lifecycle.approve(a, by=user, version=d.get("version"))


def _refuse(a: Application, d: dict[str, Any], user: Any) -> object:
    return lifecycle.refuse(a, by=user, version=d.get("version"), **_data(d))


def _pay(a: Application, d: dict[str, Any], user: Any) -> object:
    return lifecycle.pay(a, by=user, version=d.get("version"), **_data(d))


def _reverify(a: Application, d: dict[str, Any], user: Any) -> object:
    return lifecycle.reverify(a, by=user, version=d.get("version"), **_data(d))


def _answer(a: Application, d: dict[str, Any], user: Any) -> object:
    o = Objection.objects.filter(application=a, pk=d["objection"]).first()
    if o is None:
        raise DomainError(_("This application has no objection with that number."))
    return lifecycle.answer_objection(o, by=user, answer=d["answer"], upheld=d["upheld"])


REASONS = Field("reasons", _("Reasons"), "text", max_length=2000)

# Opening an application (`lifecycle.apply`): the household and the programme are named by
# their code and id; a referral from a grievance is made from the grievance, not here.
APPLY_FIELDS: tuple[Field, ...] = (
    Field("household", _("Household"), "line", max_length=24, help="The household's code."),
    Field(
        "programme",
        _("Programme"),
        "number",
        min_value=1,
        max_value=2**31 - 1,
        help="The programme's id.",
    ),
    Field("channel", _("Channel"), "choice", choices=tuple(Channel.choices[:2])),
    Field("reason", _("Reason"), "text", max_length=2000, required=False),
)

APPLICATION_ACTIONS: tuple[ApplicationAction, ...] = (
    ApplicationAction(
        "visit",
        _("Record a home visit"),
        (
            Field("visited_on", _("Date of the visit"), "date", help="Today or earlier."),
            Field("findings", _("Findings"), "text", max_length=5000),
        ),
        _visit,
        summary="Record a home visit",
        description="A home visit verifying the application (applied → verified).",
        example={"visited_on": "2026-12-01", "findings": "入户核实，情况属实。", "version": 1},
    ),
    ApplicationAction(
        "committee",
        _("Committee decision"),
        (
            Field("members", _("Committee members"), "line", max_length=500),
            Field("votes_for", _("Votes for"), "number", min_value=0, max_value=100),
            Field("votes_against", _("Votes against"), "number", min_value=0, max_value=100),
            Field("decision", _("Decision"), "choice", choices=tuple(Decision.choices)),
            REASONS,
            _amount(
                False,
                'The amount proposed in yuan, as a string ("1200.00"); when not given, the'
                " programme's benefit rule sets it. Only with the decision `support`.",
            ),
        ),
        _committee,
        summary="Record the committee's decision",
        description=(
            "The committee's review (verified → reviewed, or refused when it does not"
            " support). The decision must follow the votes. Leaders of the unit and heads"
            " above only."
        ),
        example={
            "members": "张三、李四、王五",
            "votes_for": 3,
            "votes_against": 0,
            "decision": "support",
            "reasons": "家庭人均收入低于标准。",
            "amount": "1200.00",
            "version": 2,
        },
    ),
    ApplicationAction(
        "publish",
        _("Publish the notice"),
        (),
        _publish,
        summary="Publish the public notice",
        description=(
            "Puts the application on the public notices (reviewed → on notice) for the"
            " programme's notice period, with the head of household's name masked."
        ),
        example={"version": 3},
    ),
    ApplicationAction(
        "approve",
        _("Approve"),
        (),
        _approve,
        summary="Approve the application",
        description=(
            "Refused during the notice period, with an objection unanswered, or with one"
            " upheld. Leaders of the unit and heads above only."
        ),
        example={"version": 4},
    ),
    ApplicationAction(
        "refuse",
        _("Refuse"),
        (REASONS,),
        _refuse,
        summary="Refuse the application",
        description="Refuses an open application, with reasons. Leaders and heads only.",
        example={"reasons": "经核查，家庭收入超过标准。", "version": 2},
    ),
    ApplicationAction(
        "answer",
        _("Answer an objection"),
        (
            Field(
                "objection",
                _("Objection"),
                "number",
                min_value=1,
                max_value=2**31 - 1,
                help="The objection's `id`, as the application's detail lists it.",
            ),
            Field("answer", _("Answer"), "text", max_length=5000),
            Field(
                "upheld",
                _("The objection is upheld"),
                "yesno",
                choices=(("1", _("Upheld")), ("0", _("Not upheld"))),
                help="True stops the approval of the application.",
            ),
        ),
        _answer,
        versioned=False,
        summary="Answer an objection",
        description="Investigates and answers an objection to the notice, once.",
        example={"objection": 1, "answer": "经复核，反映情况不属实。", "upheld": False},
    ),
    ApplicationAction(
        "pay",
        _("Record a payment"),
        (
            _amount(True, 'The amount paid in yuan, as a string ("1200.00").'),
            Field("paid_on", _("Date paid"), "date", help="Today or earlier."),
            Field("method", _("Method"), "choice", choices=tuple(PaymentMethod.choices)),
            Field("reference", _("Reference"), "line", max_length=100, required=False),
        ),
        _pay,
        summary="Record a payment",
        description=(
            "A row in the ledger (approved → paid; a paid application may be paid again)."
            " Refused beyond the programme's budget for the period."
        ),
        example={
            "amount": "1200.00",
            "paid_on": "2026-12-01",
            "method": "bank",
            "reference": "202612-001",
            "version": 5,
        },
    ),
    ApplicationAction(
        "reverify",
        _("Re-verify"),
        (
            Field("outcome", _("Outcome"), "choice", choices=OUTCOMES),
            REASONS,
            _amount(False, "The new amount in yuan, as a string; only with `adjust`."),
        ),
        _reverify,
        summary="Re-verify a supported household",
        description=(
            "Continues the support (the next check on the programme's schedule), adjusts"
            " the amount, or ends the support, with reasons."
        ),
        example={"outcome": "continue", "reasons": "复查情况未变。", "version": 6},
    ),
)

BY_NAME = {a.name: a for a in APPLICATION_ACTIONS}


# ---- households -----------------------------------------------------------------------------

HARDSHIPS = Field(
    "hardship_types",
    _("Hardship types"),
    "choices",
    choices=tuple(HardshipType.choices),
    help="One or more of the hardship types.",
)
HEAD_NAME = Field("head_name", _("Head of household"), "line", max_length=50)
PHONE = Field("phone", _("Phone"), "line", max_length=30, required=False)
ADDRESS = Field("address", _("Address"), "line", max_length=300, required=False)

# Registering a household (`lifecycle.register_household`): a create, so a list of fields
# rather than a step. The API's body adds `members`, a list of MEMBER_FIELDS objects.
REGISTER_FIELDS: tuple[Field, ...] = (
    Field("unit", _("Unit"), "unit", help="The code of the unit the household belongs to."),
    HEAD_NAME,
    Field(
        "id_number",
        _("ID number"),
        "line",
        max_length=30,
        help="The head's resident ID number: 17 digits, then a digit or X.",
    ),
    PHONE,
    ADDRESS,
    HARDSHIPS,
    Field(
        "consent",
        _("Consent given"),
        "line",
        max_length=500,
        help="What the household agreed to: which data, for what use.",
    ),
)

# Monthly income by source, as the console's member form asks it.
INCOME_SOURCES = ("wage", "pension", "allowance", "other")


def _income(name: str, label: StrOrPromise) -> Field:
    return Field(
        name,
        label,
        "amount",
        required=False,
        min_value=0,
        max_value=int(INCOME_MAX),
        help=f'Monthly {name} income in yuan, as a string ("800.00").',
    )


MEMBER_FIELDS: tuple[Field, ...] = (
    Field("relation", _("Relation"), "choice", choices=tuple(Relation.choices)),
    Field(
        "birth_year",
        _("Birth year"),
        "number",
        min_value=1900,
        max_value=2100,
        help="Not later than this year.",
    ),
    Field(
        "health",
        _("Health"),
        "choice",
        choices=tuple(Health.choices),
        required=False,
        help="Default `good`.",
    ),
    Field(
        "disability",
        _("Disability"),
        "yesno",
        required=False,
        choices=(("1", _("Yes")), ("0", _("No"))),
        help="Default false.",
    ),
    Field("employment", _("Employment"), "choice", choices=tuple(Employment.choices)),
    _income("wage", _("Monthly wage (yuan)")),
    _income("pension", _("Monthly pension (yuan)")),
    _income("allowance", _("Monthly allowances (yuan)")),
    _income("other", _("Other monthly income (yuan)")),
)


def member_input(d: dict[str, Any]) -> MemberInput:
    """A member as the lifecycle takes it, from the MEMBER_FIELDS' values."""
    return MemberInput(
        relation=d["relation"],
        birth_year=d["birth_year"],
        employment=d["employment"],
        health=d.get("health") or Health.GOOD,
        disability=bool(d.get("disability")),
        income={k: str(d[k]) for k in INCOME_SOURCES if d.get(k) is not None},
    )


def _change(h: Household, d: dict[str, Any], user: Any) -> object:
    changes = {k: v for k, v in d.items() if k in lifecycle.CHANGEABLE}
    return lifecycle.change_household(
        h, by=user, reason=d["reason"], version=d.get("version"), **changes
    )


def _member(h: Household, d: dict[str, Any], user: Any) -> object:
    return lifecycle.add_member(h, member_input(d), by=user, version=d.get("version"))


def _close(h: Household, d: dict[str, Any], user: Any) -> object:
    return lifecycle.close_household(h, by=user, reason=d["reason"], version=d.get("version"))


def _reopen(h: Household, d: dict[str, Any], user: Any) -> object:
    return lifecycle.reopen_household(h, by=user, reason=d["reason"], version=d.get("version"))


HOUSEHOLD_ACTIONS: tuple[HouseholdAction, ...] = (
    HouseholdAction(
        "change",
        _("Change the household's details"),
        (
            Field("head_name", _("Head of household"), "line", max_length=50, required=False),
            PHONE,
            ADDRESS,
            Field(
                "hardship_types",
                _("Hardship types"),
                "choices",
                choices=tuple(HardshipType.choices),
                required=False,
                help=HARDSHIPS.help,
            ),
            Field("reason", _("Reason for the change"), "text", max_length=2000),
        ),
        _change,
        partial=True,
        summary="Change a household's details",
        description=(
            "Changes what the register says of a registered household, with a reason: only"
            " the fields sent change (send an empty phone or address to clear it). The"
            " timeline and the audit log name the fields changed, never their values."
        ),
        example={"phone": "13900002222", "reason": "户主更换了手机号码。", "version": 1},
    ),
    HouseholdAction(
        "member",
        _("Add a member"),
        MEMBER_FIELDS,
        _member,
        summary="Add a member to a household",
        description=(
            "A member of a registered household: relation, birth year, health, disability,"
            " employment and monthly income by source (strings of yuan)."
        ),
        example={
            "relation": "spouse",
            "birth_year": 1978,
            "health": "chronic",
            "disability": False,
            "employment": "unemployed",
            "allowance": "300.00",
            "version": 1,
        },
    ),
    HouseholdAction(
        "close",
        _("Close the household"),
        (Field("reason", _("Reason for closing"), "text", max_length=2000),),
        _close,
        summary="Close a household",
        description=(
            "Closes a household when its hardship is resolved (动态管理), with the reason."
            " A closed household cannot apply; reopen it if hardship returns. Refused while"
            " an application is open; support still running ends with the household."
        ),
        example={"reason": "户主已康复并重新就业。", "version": 2},
    ),
    HouseholdAction(
        "reopen",
        _("Reopen the household"),
        (Field("reason", _("Reason for reopening"), "text", max_length=2000),),
        _reopen,
        summary="Reopen a closed household",
        description=(
            "Opens a closed household again when hardship returns (动态管理): its ID number"
            " stays registered, so it is reopened rather than registered twice."
        ),
        example={"reason": "户主旧病复发，家庭再度困难。", "version": 3},
    ),
)

HOUSEHOLD_BY_NAME = {a.name: a for a in HOUSEHOLD_ACTIONS}
