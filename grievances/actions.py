"""The grievance module's actions, declared once.

Each Action names one step (the same name in the console's URL, the API's path and the
lifecycle's rules), its label, who may take it and from which states (its `Rule`), the input
it takes (a small field spec), and the call into `grievances.lifecycle`. From this list:
- the console builds its forms and buttons (`grievances.forms.action_form`,
  `grievances/views/case.py`),
- the REST API builds `POST /api/v1/grievances/{code}/{name}/` with its OpenAPI schema
  (`api/rest/inputs.py`, `api/rest/actions.py`),
- the portal offers the complainant's steps (`offers`),
- and the lifecycle checks each function against the rule declared here (`lifecycle.RULES`,
  filled below when the app loads).

A new step is one more entry here and one function in lifecycle; nothing else restates who
may take it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grievances import lifecycle
from grievances.lifecycle import ROUTABLE_STATES, WORKING_STATES, Rule
from grievances.models import (
    EventKind,
    ExtensionRequest,
    ExtensionState,
    Grievance,
    Rating,
    State,
    Supervision,
)
from minsheng.actions import Field, StrOrPromise
from minsheng.errors import DomainError
from minsheng.workdays import local_date
from orgs.models import Membership, Role, Unit

# Public events whose text the complainant may read (on the portal and through the API).
# Other events show their label and date only: visit summaries and the like are written for
# staff, not for publication.
TEXT_KINDS = frozenset(
    {
        EventKind.RECEIVED,
        EventKind.ACCEPTED,
        EventKind.DECLINED,
        EventKind.REPLIED,
        EventKind.REVIEW_DECIDED,
        EventKind.RATED,
        EventKind.CALLBACK,
    }
)
MAX_MERGE = 200


@dataclass(frozen=True)
class Caller:
    """Who acts, and the cases they can reach through their door (the console's scope, or
    for a token also its unit's subtree): a merge never reaches past it."""

    user: User
    cases: QuerySet[Grievance]


Call = Callable[[Grievance, dict[str, Any], Caller], object]


@dataclass(frozen=True, eq=False)
class Action:
    name: str
    label: StrOrPromise
    rule: Rule
    fields: tuple[Field, ...]
    call: Call | None  # None for the complainant's steps (their doors prove who they are)
    versioned: bool = True  # takes the case's `version`, refused with a 409 if it moved
    summary: str = ""  # the API's schema, in English
    description: str = ""
    example: dict[str, Any] = field(default_factory=dict)

    @property
    def complainant(self) -> bool:
        return self.rule.complainant


# ---- who may: candidates and guards -------------------------------------------------------


def owner_candidates(g: Grievance) -> QuerySet[Any]:
    """Leaders and heads of the case's unit and the units above it."""
    ids = [g.unit_id, *g.unit.ancestor_ids()]
    rows = Membership.objects.filter(unit_id__in=ids, role__in=[Role.LEADER, Role.HEAD])
    return get_user_model().objects.filter(pk__in=rows.values("user_id")).order_by("last_name")


def handler_candidates(g: Grievance) -> QuerySet[Any]:
    rows = Membership.objects.filter(unit_id=g.unit_id, role__in=[Role.HANDLER, Role.LEADER])
    return get_user_model().objects.filter(pk__in=rows.values("user_id")).order_by("last_name")


def all_units(g: Grievance) -> QuerySet[Unit]:
    return Unit.objects.all()


def _dispatched(g: Grievance) -> str | None:
    return None if g.dispatched_from_id else _("This case was not dispatched by another unit.")


def _not_rated(g: Grievance) -> str | None:
    return _("This reply has already been rated.") if g.rating else None


def _has_reply(g: Grievance) -> str | None:
    return _("There is no reply to rate yet.") if g.replied_at is None else None


def _supervised(g: Grievance) -> str | None:
    return None if g.supervised else _("This case is not under supervision.")


def _extension_waiting(g: Grievance) -> str | None:
    if g.extensions.filter(state=ExtensionState.PENDING).exists():
        return None
    return _("This case has no extension request waiting for a decision.")


def _review_left(g: Grievance) -> str | None:
    if g.review_level >= 2:
        return _("The re-review decision is final; there is no further review.")
    return None


def _review_window_open(g: Grievance) -> str | None:
    if g.review_window_due is None or local_date() > g.review_window_due:
        return _("The window to ask for a review has ended.")
    return None


STAFF = frozenset({Role.HANDLER, Role.LEADER, Role.HEAD})
LEADERS = frozenset({Role.LEADER, Role.HEAD})
OPEN_TO_SUPERVISION = (State.RECEIVED, State.ACCEPTED, *WORKING_STATES, State.UNDER_REVIEW)
ANSWERED = (State.REPLIED, State.CLOSED)


# ---- calls --------------------------------------------------------------------------------


def _merge(g: Grievance, d: dict[str, Any], c: Caller) -> Grievance:
    others = list(c.cases.filter(code__in=d["codes"]))
    missing = set(d["codes"]) - {o.code for o in others}
    if missing:
        raise DomainError(_("No case you can see has the code %(code)s.") % {"code": min(missing)})
    return lifecycle.merge(g, others, by=c.user, version=d.get("version"))


def _active_supervision(g: Grievance) -> Supervision:
    s = g.supervisions.filter(active=True).order_by("due").first()
    if s is None:
        raise DomainError(_("This case is not under supervision."))
    return s


def _pending_extension(g: Grievance) -> ExtensionRequest:
    ext = g.extensions.filter(state=ExtensionState.PENDING).first()
    if ext is None:
        raise DomainError(_("This case has no extension request waiting for a decision."))
    return ext


def normalise_codes(raw: list[str]) -> list[str]:
    """Receipt codes as typed (case, stray spaces and repeats forgiven). Raises ValueError
    with a message for people when there are none or too many."""
    codes = sorted({c.strip().upper() for c in raw if c.strip()})
    if not codes:
        raise ValueError(_("Give at least one receipt code."))
    if len(codes) > MAX_MERGE:
        raise ValueError(_("At most 200 cases at a time."))
    return codes


def _text(name: str, label: StrOrPromise, required: bool = True, **kw: Any) -> Field:
    return Field(name, label, "text", required=required, **kw)


CONTACT_CHOICES = tuple(
    (k.value, k.label)
    for k in (EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE, EventKind.NOTE)
)

# ---- the list -----------------------------------------------------------------------------

ACTIONS: tuple[Action, ...] = (
    Action(
        "accept",
        gettext_lazy("Accept"),
        Rule((State.RECEIVED,), STAFF),
        (_text("reasons", gettext_lazy("Reasons"), required=False),),
        lambda g, d, c: lifecycle.accept(
            g, by=c.user, reasons=d["reasons"], version=d.get("version")
        ),
        summary="Accept a case",
        description="Take the case up (受理), with optional reasons. Starts the reply deadline.",
        example={"reasons": "属于本单位职责范围，予以受理。"},
    ),
    Action(
        "decline",
        gettext_lazy("Decline"),
        Rule((State.RECEIVED,), STAFF),
        (_text("reasons", gettext_lazy("Reasons for declining")),),
        lambda g, d, c: lifecycle.decline(
            g, by=c.user, reasons=d["reasons"], version=d.get("version")
        ),
        summary="Decline a case",
        description="Do not take it up (不予受理), with reasons the complainant reads. Closes"
        " the case.",
        example={"reasons": "该事项已由人民法院受理，请通过诉讼渠道解决。"},
    ),
    Action(
        "assign",
        gettext_lazy("Assign owner and handler"),
        Rule((State.ACCEPTED, *WORKING_STATES), LEADERS),
        (
            Field(
                "owner",
                gettext_lazy("Owner (leader)"),
                "user",
                options=owner_candidates,
                help="Username of a leader: the owner (包案).",
            ),
            Field(
                "handler",
                gettext_lazy("Handler"),
                "user",
                options=handler_candidates,
                help="Username of a handler of the unit.",
            ),
        ),
        lambda g, d, c: lifecycle.assign(
            g, by=c.user, owner=d["owner"], handler=d["handler"], version=d.get("version")
        ),
        summary="Give the case an owner and a handler",
        description="The owner (包案领导) is a leader of the unit or a unit above; the handler"
        " works in the unit.",
        example={"owner": "leader", "handler": "handler"},
    ),
    Action(
        "contact",
        gettext_lazy("Log a visit, dialogue or note"),
        Rule((*WORKING_STATES, State.UNDER_REVIEW), STAFF, case=True),
        (
            Field(
                "kind",
                gettext_lazy("Kind"),
                "choice",
                choices=CONTACT_CHOICES,
                help="A note is internal; the others are public.",
            ),
            Field("date", gettext_lazy("Date"), "date", required=False, help="Default: today."),
            Field("place", gettext_lazy("Place"), "line", required=False, max_length=200),
            Field(
                "participants",
                gettext_lazy("Participants"),
                "number",
                required=False,
                min_value=1,
                max_value=100_000,
            ),
            _text("summary", gettext_lazy("Summary")),
        ),
        lambda g, d, c: lifecycle.log_contact(
            g,
            by=c.user,
            kind=d["kind"],
            summary=d["summary"],
            when=d.get("date"),
            place=d["place"],
            participants=d.get("participants"),
            version=d.get("version"),
        ),
        summary="Log a visit, appointment, dialogue or note",
        description="Outreach (下访, 约访, 座谈) on the case's timeline; a note stays internal.",
        example={
            "kind": "visit",
            "summary": "到三车间走访，与工人座谈。",
            "place": "三车间",
            "participants": 12,
        },
    ),
    Action(
        "transfer",
        gettext_lazy("Transfer to another unit"),
        Rule(ROUTABLE_STATES, LEADERS),
        (
            Field(
                "to_unit",
                gettext_lazy("To unit"),
                "unit",
                options=all_units,
                help="The code of the receiving unit.",
            ),
            _text("reasons", gettext_lazy("Reasons")),
        ),
        lambda g, d, c: lifecycle.transfer(
            g, by=c.user, to_unit=d["to_unit"], reasons=d["reasons"], version=d.get("version")
        ),
        summary="Transfer a case",
        description="Send it to the unit that should handle it; that unit assigns it anew.",
        example={"to_unit": "B", "reasons": "该车间隶属二分公司管理。"},
    ),
    Action(
        "return",
        gettext_lazy("Return to the dispatching unit"),
        Rule((State.RECEIVED, State.ACCEPTED, State.ASSIGNED), STAFF, guards=(_dispatched,)),
        (_text("reasons", gettext_lazy("Reasons")),),
        lambda g, d, c: lifecycle.return_case(
            g, by=c.user, reasons=d["reasons"], version=d.get("version")
        ),
        summary="Return a misrouted case",
        description="Back to the unit that dispatched it; after the policy's returns, the unit"
        " above decides.",
        example={"reasons": "该事项不属于本单位职责范围。"},
    ),
    Action(
        "extend",
        gettext_lazy("Ask for an extension"),
        Rule((State.ACCEPTED, *WORKING_STATES), STAFF, case=True),
        (
            Field("days", gettext_lazy("Days"), "number", min_value=1, max_value=365),
            _text("reason", gettext_lazy("Reason")),
        ),
        lambda g, d, c: lifecycle.request_extension(
            g, by=c.user, days=d["days"], reason=d["reason"], version=d.get("version")
        ),
        summary="Ask for an extension",
        description="Ask for more days to reply; a unit head other than the asker decides.",
        example={"days": 15, "reason": "需要核对三个月的考勤记录。"},
    ),
    Action(
        "decide-extension",
        gettext_lazy("Decide the extension request"),
        Rule(tuple(State.values), frozenset({Role.HEAD}), guards=(_extension_waiting,)),
        (
            Field(
                "approve",
                gettext_lazy("Decision"),
                "yesno",
                choices=(("1", gettext_lazy("Approve")), ("0", gettext_lazy("Refuse"))),
            ),
            _text("note", gettext_lazy("Note"), required=False),
        ),
        lambda g, d, c: lifecycle.decide_extension(
            _pending_extension(g), by=c.user, approve=d["approve"], note=d["note"]
        ),
        versioned=False,
        summary="Decide the pending extension",
        description="Approve or refuse the case's pending extension request. Takes no"
        " `version` (it acts on the extension request).",
        example={"approve": True, "note": "同意延期十五天。"},
    ),
    Action(
        "reply",
        gettext_lazy("Reply"),
        Rule(WORKING_STATES, LEADERS, case=True),
        (
            _text("facts", gettext_lazy("Facts found"), rows=4),
            _text("decision", gettext_lazy("Decision")),
            _text("reasons", gettext_lazy("Reasons"), rows=4),
            _text("policy", gettext_lazy("Policy applied"), required=False, rows=2),
        ),
        lambda g, d, c: lifecycle.reply(
            g,
            by=c.user,
            facts=d["facts"],
            decision=d["decision"],
            reasons=d["reasons"],
            policy=d["policy"],
            version=d.get("version"),
        ),
        summary="Reply",
        description="The written reply (答复意见): facts found, decision, reasons, the policy"
        " applied.",
        example={
            "facts": "经查，十月份加班费未按时发放。",
            "decision": "十一月十日前补发。",
            "reasons": "依照公司薪酬制度第十二条。",
            "policy": "《薪酬管理制度》第十二条",
        },
    ),
    Action(
        "callback",
        gettext_lazy("Record a callback"),
        Rule(
            ANSWERED,
            frozenset({Role.CLERK, *STAFF}),
            case=True,
            guards=(_has_reply, _not_rated),
        ),
        (
            Field("rating", gettext_lazy("Satisfaction"), "choice", choices=tuple(Rating.choices)),
            _text("notes", gettext_lazy("Notes of the call"), required=False),
        ),
        lambda g, d, c: lifecycle.rate(
            g,
            rating=d["rating"],
            comment=d["notes"],
            by=c.user,
            via_callback=True,
            version=d.get("version"),
        ),
        summary="Record a rating from a callback",
        description="The complainant's rating taken by phone (回访). Closes a replied case.",
        example={"rating": "satisfied", "notes": "电话回访，表示满意。"},
    ),
    Action(
        "decide-review",
        gettext_lazy("Decide the review"),
        Rule(
            (State.UNDER_REVIEW,),
            LEADERS,
            unit=lambda g: g.review_unit,
            refusal=gettext_lazy("A review is decided by a leader of the unit above."),
        ),
        (
            Field(
                "upheld",
                gettext_lazy("Outcome"),
                "yesno",
                choices=(
                    ("1", gettext_lazy("Uphold the reply")),
                    ("0", gettext_lazy("Send back to be handled again")),
                ),
                help="true: the opinion becomes the new reply; false: the case is handled"
                " again, and the opinion says why.",
            ),
            _text("decision", gettext_lazy("Decision"), rows=3),
            _text("reasons", gettext_lazy("Reasons"), rows=4),
        ),
        lambda g, d, c: lifecycle.decide_review(
            g,
            by=c.user,
            upheld=d["upheld"],
            decision=d["decision"],
            reasons=d["reasons"],
            version=d.get("version"),
        ),
        summary="Decide a review",
        description="By a leader of the reviewing unit: the review (复查) or re-review (复核)"
        " opinion, with its decision and its reasons, which the complainant reads. Upheld:"
        " the opinion is the new reply. Not upheld: the case is sent back to be handled"
        " again, and the opinion is kept as the one that sent it back. The facts of the"
        " reply under review are not copied into the opinion.",
        example={
            "upheld": True,
            "decision": "维持原答复。",
            "reasons": "原答复认定事实清楚，适用政策正确，程序合法。",
        },
    ),
    Action(
        "merge",
        gettext_lazy("Merge cases into this one"),
        Rule(ROUTABLE_STATES, LEADERS),
        (
            Field(
                "codes",
                gettext_lazy("Receipt codes of the cases to merge into this one"),
                "codes",
                max_length=2000,
                hint=gettext_lazy("One or more codes, separated by spaces or commas."),
                help="The receipt codes of the cases to merge into this one (1 to 200).",
            ),
        ),
        _merge,
        summary="Merge cases into this collective case",
        description="Cases about one problem become one collective case (群体诉求): each keeps"
        " its receipt code, and the reply to this case answers every one of them. The other"
        " cases must be ones the caller can reach, in a state that can be merged.",
        example={"codes": ["7KQ2-M8XA-3PRD", "9PLD-QW2E-5TRX"]},
    ),
    Action(
        "supervise",
        gettext_lazy("Place under supervision"),
        Rule(OPEN_TO_SUPERVISION, frozenset({Role.HEAD})),
        (
            _text("instructions", gettext_lazy("Instructions")),
            Field(
                "due",
                gettext_lazy("Due"),
                "date",
                help="On or before the deadline of the step that is open.",
            ),
        ),
        lambda g, d, c: lifecycle.supervise(
            g, by=c.user, instructions=d["instructions"], due=d["due"], version=d.get("version")
        ),
        summary="Place a case under supervision",
        description="督办 by a unit head above the case: instructions and a deadline for the"
        " handling unit to report by.",
        example={"instructions": "请于本周内报告处理进展。", "due": "2026-11-20"},
    ),
    Action(
        "report",
        gettext_lazy("Report progress to the supervisor"),
        Rule(OPEN_TO_SUPERVISION, STAFF, case=True, guards=(_supervised,)),
        (_text("text", gettext_lazy("Progress report")),),
        lambda g, d, c: lifecycle.report_progress(
            _active_supervision(g), by=c.user, text=d["text"], version=d.get("version")
        ),
        summary="Report progress to the supervisor",
        description="The handling unit's progress report on a supervised case (internal).",
        example={"text": "已核对考勤记录，正在核算补发金额。"},
    ),
    # The complainant's steps: the portal (code and secret) and the API's complainant
    # endpoints (secret, or a token acting for the person) prove who acts, then call the
    # lifecycle themselves.
    Action(
        "feedback",
        gettext_lazy("Rate the reply"),
        Rule(ANSWERED, guards=(_has_reply, _not_rated)),
        (
            Field(
                "rating",
                gettext_lazy("How satisfied are you with the reply?"),
                "choice",
                choices=tuple(Rating.choices),
            ),
            _text("comment", gettext_lazy("Comment (optional)"), required=False),
        ),
        None,
        versioned=False,
    ),
    Action(
        "review",
        gettext_lazy("Ask for a review"),
        Rule(ANSWERED, guards=(_review_left, _review_window_open)),
        (_text("reason", gettext_lazy("Why do you ask for a review?"), rows=4),),
        None,
        versioned=False,
    ),
)

BY_NAME: dict[str, Action] = {a.name: a for a in ACTIONS}
STAFF_ACTIONS: tuple[Action, ...] = tuple(a for a in ACTIONS if not a.complainant)
COMPLAINANT_ACTIONS: tuple[Action, ...] = tuple(a for a in ACTIONS if a.complainant)


def staff_action(name: str) -> Action | None:
    """The staff action of that name, or None (a 404 at every door)."""
    a = BY_NAME.get(name)
    return a if a is not None and not a.complainant else None


def offers(g: Grievance) -> set[str]:
    """The complainant's steps open on this case now (`feedback`, `review`): what the portal
    offers, from the same rules the steps are checked against."""
    return {a.name for a in COMPLAINANT_ACTIONS if lifecycle.refusal(None, g, a.name) is None}


lifecycle.RULES.update({a.name: a.rule for a in ACTIONS})
