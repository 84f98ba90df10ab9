"""The grievance lifecycle: one function per transition.

Each function checks who may act and from which state, runs in one transaction on a locked,
version-checked row, writes the timeline event and the audit record, and raises DomainError
(NotAllowed, StaleVersion) with a message for people, having changed nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grievances import events, notify
from grievances.deadlines import policy_for, refresh_next_due
from grievances.models import (
    TEXT_MAX,
    EventKind,
    ExtensionRequest,
    ExtensionState,
    Grievance,
    Kind,
    Reply,
    State,
    Supervision,
)
from grievances.routing import is_skip_level
from minsheng.errors import DomainError, NotAllowed
from minsheng.workdays import add_days, local_date
from orgs.models import Role, Unit
from orgs.scoping import scope_for

StrOrPromise = str | Promise

WORKING_STATES = (State.ASSIGNED, State.IN_PROGRESS)
ROUTABLE_STATES = (State.RECEIVED, State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS)
# Added to the reasons when a litigation matter is declined. It is written into the decline
# in the language the case is handled in (settings.LANGUAGE_CODE), like the reasons the
# staff type: the timeline is evidence and reads the same to everyone (docs/decisions.md).
COURT_POINTER = gettext_lazy(
    "This matter concerns litigation. Please bring it to the people's court or the"
    " procuratorate through their litigation and petition channels."
)


def court_pointer() -> str:
    """COURT_POINTER in the language the case is handled in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(COURT_POINTER)


# ---- checks -------------------------------------------------------------------------------


def roles(user: User, unit: Unit) -> frozenset[str]:
    return scope_for(user).roles_at(unit)


def _require_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("Please give %(what)s.") % {"what": what})
    if len(value) > TEXT_MAX:
        raise DomainError(
            _("%(what)s is longer than %(n)d characters.") % {"what": what, "n": TEXT_MAX}
        )
    return value


def _optional_text(value: str, what: str) -> str:
    """Optional text, refused (not cut short) when over the limit."""
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise DomainError(
            _("%(what)s is longer than %(n)d characters.") % {"what": what, "n": TEXT_MAX}
        )
    return value


def _active_supervision_due(g: Grievance) -> date | None:
    s = g.supervisions.filter(active=True).order_by("due").first()
    return s.due if s else None


def _refresh(g: Grievance) -> None:
    refresh_next_due(g, _active_supervision_due(g) if g.supervised else None)


@dataclass(frozen=True)
class Rule:
    """Who may take an action and from which states. `roles` are held at `unit(g)` (the
    case's unit unless said otherwise); `case` lets the case's owner and handler act too;
    no roles at all makes it the complainant's step. Each guard returns the message for
    people when a further condition is not met, else None. The rules are declared with the
    actions, in `grievances.actions`, which fills RULES."""

    states: tuple[str, ...]
    roles: frozenset[str] = frozenset()
    case: bool = False
    unit: Callable[[Grievance], Unit | None] = attrgetter("unit")
    guards: tuple[Callable[[Grievance], str | None], ...] = ()
    refusal: StrOrPromise = ""

    @property
    def complainant(self) -> bool:
        return not self.roles


# action name → Rule, from the declared list of actions (grievances.actions, loaded with
# the app). A name missing here is a KeyError: an undeclared action is refused, never open.
RULES: dict[str, Rule] = {}


def may_act(user: User) -> bool:
    """False for a read-only user (an auditor): they read everything and change nothing."""
    return not scope_for(user).read_only


def refusal(by: User | None, g: Grievance, action: str) -> DomainError | None:
    """Why `by` (None: the complainant) may not take `action` on the case now, or None.
    Checks, in order: the state, the role, read-only users (an auditor acting for a
    complainant), then the action's guards."""
    rule = RULES[action]
    if g.state not in rule.states:
        return DomainError(
            _("This action is not possible while the case is %(state)s.")
            % {"state": g.get_state_display()}
        )
    if rule.roles:
        unit = rule.unit(g)
        own_case = rule.case and by is not None and by.pk in (g.owner_id, g.handler_id)
        if not own_case and (by is None or unit is None or not roles(by, unit) & rule.roles):
            return NotAllowed(
                rule.refusal or _("Your role in this unit does not allow this action.")
            )
    if by is not None and not may_act(by):
        return NotAllowed(_("You have read-only access."))
    for guard in rule.guards:
        message = guard(g)
        if message:
            return DomainError(message)
    return None


def _check(by: User | None, g: Grievance, action: str) -> None:
    error = refusal(by, g, action)
    if error is not None:
        raise error


def allowed_actions(by: User, g: Grievance) -> set[str]:
    """The staff actions open to this user on this case now (each still re-checks)."""
    return {
        name
        for name, rule in RULES.items()
        if not rule.complainant and refusal(by, g, name) is None
    }


# ---- acceptance ---------------------------------------------------------------------------


def accept(g: Grievance, *, by: User, reasons: str = "", version: int | None = None) -> Grievance:
    reasons = _optional_text(reasons, _("The reason for accepting"))
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "accept")
        if g.kind == Kind.LITIGATION:
            raise DomainError(
                _(
                    "Litigation-related matters are not accepted here: decline the case, and"
                    " the reply will point the complainant to the court channel."
                )
            )
        policy = policy_for(g.kind, g.category)
        now = timezone.now()
        g.state = State.ACCEPTED
        g.decided_at = now
        g.resolve_due = add_days(local_date(now), policy.resolve_days, policy.day_type)
        _refresh(g)
        events.save(g, ["state", "decided_at", "resolve_due", "next_due", "next_due_kind"])
        events.record(g, EventKind.ACCEPTED, by, text=reasons)
        notify.complainant(g, "accepted")
    return g


def decline(g: Grievance, *, by: User, reasons: str, version: int | None = None) -> Grievance:
    reasons = _require_text(reasons, _("the reasons for declining"))
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "decline")
        text = reasons
        if g.kind == Kind.LITIGATION:
            text = f"{reasons}\n\n{court_pointer()}"
        now = timezone.now()
        g.state = State.DECLINED
        g.decided_at = now
        g.closed_at = now
        g.supervised = False  # a declined case leaves the supervised list, as a replied one does
        g.supervisions.filter(active=True).update(active=False)
        _refresh(g)
        events.save(
            g, ["state", "decided_at", "closed_at", "supervised", "next_due", "next_due_kind"]
        )
        events.record(g, EventKind.DECLINED, by, text=text)
    return g


# ---- ownership and work -------------------------------------------------------------------


def _holds(user: User, unit: Unit, allowed: Collection[str]) -> bool:
    return scope_for(user).holds(unit, allowed, above=True)


def assign(
    g: Grievance, *, by: User, owner: User, handler: User, version: int | None = None
) -> Grievance:
    """Give the case an owner (a leader answerable until it is resolved) and a handler."""
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "assign")
        if not _holds(owner, g.unit, [Role.LEADER, Role.HEAD]):
            raise DomainError(_("The owner must be a leader of this unit or a unit above it."))
        if not scope_for(handler).holds(g.unit, [Role.HANDLER, Role.LEADER]):
            raise DomainError(_("The handler must be a handler or leader of this unit."))
        g.owner, g.handler = owner, handler
        if g.state == State.ACCEPTED:
            g.state = State.ASSIGNED
        events.save(g, ["owner", "handler", "state"])
        events.record(
            g,
            EventKind.ASSIGNED,
            by,
            data={"owner": owner.get_username(), "handler": handler.get_username()},
        )
        notify.assigned(g)
    return g


CONTACT_KINDS = (EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE, EventKind.NOTE)


def log_contact(
    g: Grievance,
    *,
    by: User,
    kind: str,
    summary: str,
    when: date | None = None,
    place: str = "",
    participants: int | None = None,
    version: int | None = None,
) -> Grievance:
    """Log an outreach visit, appointment, dialogue or internal note. Work on an assigned
    case puts it in progress."""
    if kind not in CONTACT_KINDS:
        raise DomainError(_("Unknown kind of contact."))
    summary = _require_text(summary, _("a summary"))
    if when is not None and when > local_date():
        raise DomainError(_("The date of a visit or dialogue cannot be in the future."))
    if participants is not None and not 0 < participants <= 100_000:
        raise DomainError(_("The number of participants must be between 1 and 100000."))
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "contact")
        if g.state == State.ASSIGNED:
            g.state = State.IN_PROGRESS
        events.save(g, ["state"])
        events.record(
            g,
            kind,
            by,
            text=summary,
            public=kind != EventKind.NOTE,
            data={
                "date": (when or local_date()).isoformat(),
                "place": place.strip()[:200],
                "participants": participants,
            },
        )
    return g


# ---- routing ------------------------------------------------------------------------------


def transfer(
    g: Grievance, *, by: User, to_unit: Unit, reasons: str, version: int | None = None
) -> Grievance:
    """Send the case to the unit that should handle it. The receiving unit assigns anew."""
    reasons = _require_text(reasons, _("the reasons for the transfer"))
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "transfer")
        if to_unit.pk == g.unit_id:
            raise DomainError(_("The case is already with that unit."))
        above = g.unit.parent or g.unit
        if g.routing_disputed and Role.HEAD not in roles(by, above):
            # Otherwise the disputing unit would simply send the case on again.
            raise NotAllowed(
                _("Where this case belongs is disputed: a head of a unit above decides.")
            )
        old = g.unit
        g.dispatched_from = old
        g.unit = to_unit
        g.is_skip_level = is_skip_level(g)
        g.owner = g.handler = None
        if g.state in WORKING_STATES:
            g.state = State.ACCEPTED
        # A unit above both sides settles a routing dispute by transferring.
        g.routing_disputed = False
        events.save(
            g,
            [
                "dispatched_from",
                "unit",
                "is_skip_level",
                "owner",
                "handler",
                "state",
                "routing_disputed",
            ],
        )
        events.record(
            g,
            EventKind.TRANSFERRED,
            by,
            text=reasons,
            data={"from": old.code, "to": to_unit.code},
        )
    return g


def return_case(g: Grievance, *, by: User, reasons: str, version: int | None = None) -> Grievance:
    """Return a misrouted case to the unit that dispatched it. After the policy's number of
    returns, the case stays and the unit above is asked to decide where it belongs."""
    reasons = _require_text(reasons, _("the reasons for returning the case"))
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "return")
        assert g.dispatched_from is not None  # the rule's guard
        limit = policy_for(g.kind, g.category).max_returns
        if g.return_count >= limit:
            g.routing_disputed = True
            events.save(g, ["routing_disputed"])
            events.record(
                g,
                EventKind.RETURNED,
                by,
                text=reasons,
                public=False,
                data={"referred_up": True, "returns": g.return_count},
            )
            return g
        back_to, current = g.dispatched_from, g.unit
        g.unit, g.dispatched_from = back_to, current
        g.is_skip_level = is_skip_level(g)
        g.return_count += 1
        g.owner = g.handler = None
        if g.state == State.ASSIGNED:
            g.state = State.ACCEPTED
        events.save(
            g,
            [
                "unit",
                "dispatched_from",
                "is_skip_level",
                "return_count",
                "owner",
                "handler",
                "state",
            ],
        )
        events.record(
            g,
            EventKind.RETURNED,
            by,
            text=reasons,
            public=False,
            data={"from": current.code, "to": back_to.code, "returns": g.return_count},
        )
    return g


def returns_left(g: Grievance) -> int:
    return max(0, policy_for(g.kind, g.category).max_returns - g.return_count)


# ---- extension ----------------------------------------------------------------------------


def request_extension(
    g: Grievance, *, by: User, days: int, reason: str, version: int | None = None
) -> ExtensionRequest:
    reason = _require_text(reason, _("the reason for the extension"))
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "extend")
        limit = policy_for(g.kind, g.category).max_extension_days
        if not 1 <= days <= limit:
            raise DomainError(_("An extension is 1 to %(n)d days.") % {"n": limit})
        if g.extensions.exclude(state=ExtensionState.REFUSED).exists():
            raise DomainError(_("This case already has an extension (only one is allowed)."))
        ext = ExtensionRequest.objects.create(
            grievance=g,
            requested_by=by,
            requested_at=timezone.now(),
            days=days,
            reason=reason,
            state=ExtensionState.PENDING,
        )
        events.save(g, [])
        events.record(
            g, EventKind.EXTENSION_REQUESTED, by, text=reason, public=False, data={"days": days}
        )
    return ext


def decide_extension(
    ext: ExtensionRequest, *, by: User, approve: bool, note: str = ""
) -> ExtensionRequest:
    note = _optional_text(note, _("The note"))
    with transaction.atomic():
        g = events.lock(ext.grievance, None)
        ext = ExtensionRequest.objects.select_for_update().get(pk=ext.pk)
        if ext.state != ExtensionState.PENDING:
            raise DomainError(_("This extension request has already been decided."))
        _check(by, g, "decide-extension")
        if by.pk == ext.requested_by_id:
            raise NotAllowed(
                _("An extension is approved by someone other than the person who asked.")
            )
        ext.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
        ext.decided_by, ext.decided_at = by, timezone.now()
        ext.save()
        if approve and g.resolve_due is not None:
            policy = policy_for(g.kind, g.category)
            g.resolve_due = add_days(g.resolve_due, ext.days, policy.day_type)
            g.extension_days = ext.days
            _refresh(g)
        events.save(g, ["resolve_due", "extension_days", "next_due", "next_due_kind"])
        events.record(
            g,
            EventKind.EXTENSION_DECIDED,
            by,
            text=note,
            data={
                "approved": approve,
                "days": ext.days,
                "resolve_due": g.resolve_due.isoformat() if g.resolve_due else None,
            },
        )
    return ext


# ---- reply, feedback, closing -------------------------------------------------------------


def reply(
    g: Grievance,
    *,
    by: User,
    facts: str,
    decision: str,
    reasons: str,
    policy: str = "",
    version: int | None = None,
) -> Reply:
    """The written reply. Every complainant of a collective case receives it."""
    facts = _require_text(facts, _("the facts found"))
    decision = _require_text(decision, _("the decision"))
    reasons = _require_text(reasons, _("the reasons"))
    if len(policy) > TEXT_MAX:
        raise DomainError(_("The policy text is longer than %(n)d characters.") % {"n": TEXT_MAX})
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "reply")
        r = Reply.objects.create(
            grievance=g,
            created=timezone.now(),
            author=by,
            facts=facts,
            decision=decision,
            reasons=reasons,
            policy=policy.strip(),
            review_level=g.review_level,
        )
        _mark_replied(g, by, r)
        for child in Grievance.objects.select_for_update().filter(merged_into=g):
            _mark_replied(child, by, r)
    return r


def _mark_replied(g: Grievance, by: User, r: Reply) -> None:
    policy = policy_for(g.kind, g.category)
    today = local_date(r.created)
    g.state = State.REPLIED
    g.replied_at = r.created
    g.feedback_due = add_days(today, policy.feedback_days, policy.day_type)
    g.review_window_due = (
        add_days(today, policy.review_window_days, policy.day_type) if g.review_level < 2 else None
    )
    g.rating, g.rated_at, g.rating_by_callback, g.closed_at = "", None, False, None
    g.supervised = False
    g.supervisions.filter(active=True).update(active=False)
    _refresh(g)
    events.save(
        g,
        [
            "state",
            "replied_at",
            "feedback_due",
            "review_window_due",
            "rating",
            "rated_at",
            "rating_by_callback",
            "closed_at",
            "supervised",
            "next_due",
            "next_due_kind",
        ],
    )
    events.record(g, EventKind.REPLIED, by, data={"reply": r.pk, "review_level": r.review_level})
    notify.complainant(g, "replied")


def rate(
    g: Grievance,
    *,
    rating: str,
    comment: str = "",
    by: User | None = None,
    via_callback: bool = False,
    version: int | None = None,
) -> Grievance:
    """The complainant's rating (online, or captured by staff on a callback). Closes the case."""
    from grievances.models import Rating

    if rating not in Rating.values:
        raise DomainError(_("Please choose a rating."))
    if len(comment) > TEXT_MAX:
        raise DomainError(_("The comment is longer than %(n)d characters.") % {"n": TEXT_MAX})
    with transaction.atomic():
        g = events.lock(g, version)
        if via_callback and by is None:
            raise NotAllowed(_("A callback is recorded by staff."))
        _check(by, g, "callback" if via_callback else "feedback")
        now = timezone.now()
        g.rating, g.rated_at, g.rating_by_callback = rating, now, via_callback
        if g.state == State.REPLIED:
            g.state, g.closed_at = State.CLOSED, now
        _refresh(g)
        events.save(
            g,
            [
                "rating",
                "rated_at",
                "rating_by_callback",
                "state",
                "closed_at",
                "next_due",
                "next_due_kind",
            ],
        )
        events.record(
            g,
            EventKind.CALLBACK if via_callback else EventKind.RATED,
            by,
            text=comment.strip(),
            public=True,
            data={"rating": rating},
            actor_label="" if by else "complainant",
        )
    return g


def close_expired_feedback(today: date | None = None) -> int:
    """Close every replied case whose feedback window has ended (grievances/sweeps.py)."""
    from grievances import sweeps

    return sweeps.close_expired_feedback(today)


# ---- review and re-review -----------------------------------------------------------------


def review_unit_for(g: Grievance) -> Unit:
    """The unit one level above the one that gave the answer under appeal."""
    base = g.review_unit if g.review_level >= 1 and g.review_unit else g.unit
    return base.parent or base


def request_review(g: Grievance, *, reason: str, by: User | None = None) -> Grievance:
    """复查 then 复核: the complainant's right, never blocked inside its window."""
    reason = _require_text(reason, _("the reason for asking for a review"))
    with transaction.atomic():
        g = events.lock(g, None)
        _check(by, g, "review")
        policy = policy_for(g.kind, g.category)
        unit = review_unit_for(g)
        g.review_level += 1
        g.review_unit = unit
        g.state = State.UNDER_REVIEW
        g.reopened = True
        g.closed_at = None
        g.review_due = add_days(local_date(), policy.review_decide_days, policy.day_type)
        _refresh(g)
        events.save(
            g,
            [
                "review_level",
                "review_unit",
                "state",
                "reopened",
                "closed_at",
                "review_due",
                "next_due",
                "next_due_kind",
            ],
        )
        events.record(
            g,
            EventKind.REVIEW_REQUESTED,
            by,
            text=reason,
            data={"level": g.review_level, "unit": unit.code},
            actor_label="" if by else "complainant",
        )
        notify.review_waiting(g, notify.deciders(unit))
    return g


def decide_review(
    g: Grievance,
    *,
    by: User,
    upheld: bool,
    decision: str = "",
    reasons: str = "",
    opinion: str = "",
    version: int | None = None,
) -> Grievance:
    """The review (复查) or re-review (复核) decision: what was decided and why, written as
    an opinion the complainant reads (a Reply at the review's level, with no facts of its
    own: the facts of the reply under review are not copied in).

    Upheld: the opinion is the new answer (the case is replied again, with a new feedback
    and review window). Not upheld: the opinion is kept as one that sent the case back
    (`Reply.sent_back`) and the case goes back to its unit to be handled again, with a fresh
    reply deadline. `opinion` is the earlier single text, taken as the decision."""
    legacy = bool(opinion) and not decision
    decision = _require_text(decision or opinion, _("the decision"))
    reasons = (
        _optional_text(reasons, _("The reasons"))
        if legacy
        else _require_text(reasons, _("the reasons"))
    )
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "decide-review")
        level = g.review_level
        r = Reply.objects.create(
            grievance=g,
            created=timezone.now(),
            author=by,
            facts="",
            decision=decision,
            reasons=reasons,
            review_level=level,
            sent_back=not upheld,
        )
        events.record(
            g,
            EventKind.REVIEW_DECIDED,
            by,
            data={"upheld": upheld, "level": level, "reply": r.pk},
        )
        if upheld:
            _mark_replied(g, by, r)
        else:
            policy = policy_for(g.kind, g.category)
            g.state = State.IN_PROGRESS if g.owner_id else State.ACCEPTED
            g.resolve_due = add_days(local_date(), policy.resolve_days, policy.day_type)
            _refresh(g)
            events.save(g, ["state", "resolve_due", "next_due", "next_due_kind"])
    return g


# ---- collective cases and supervision -----------------------------------------------------


def merge(
    primary: Grievance, others: list[Grievance], *, by: User, version: int | None = None
) -> Grievance:
    """Merge grievances about one problem into one collective case. Each keeps its receipt
    code; the reply to the collective case answers every one of them. `version` is the
    primary case's, as the user saw it."""
    if not others:
        raise DomainError(_("Choose at least one other case to merge."))
    with transaction.atomic():
        primary = events.lock(primary, version)
        _check(by, primary, "merge")
        total = primary.headcount
        for other in others:
            o = events.lock(other, None)
            if o.pk == primary.pk:
                raise DomainError(_("A case cannot be merged into itself."))
            _check(by, o, "merge")
            if o.merged_cases.exists():
                raise DomainError(_("%(code)s is itself a collective case.") % {"code": o.code})
            o.state, o.merged_into = State.MERGED, primary
            o.next_due, o.next_due_kind = None, ""
            events.save(o, ["state", "merged_into", "next_due", "next_due_kind"])
            events.record(o, EventKind.MERGED, by, data={"into": primary.code})
            total += o.headcount
        primary.is_collective = True
        primary.headcount = total
        events.save(primary, ["is_collective", "headcount"])
        events.record(
            primary,
            EventKind.MERGED,
            by,
            data={"merged": [o.code for o in others], "headcount": total},
        )
    return primary


def supervise(
    g: Grievance, *, by: User, instructions: str, due: date, version: int | None = None
) -> Supervision:
    instructions = _require_text(instructions, _("instructions"))
    with transaction.atomic():
        g = events.lock(g, version)
        _check(by, g, "supervise")
        scope = scope_for(by)
        chain = list(
            Unit.objects.filter(pk__in=[g.unit_id, *g.unit.ancestor_ids()]).order_by("-level")
        )
        # The nearest unit the user heads (roles_at would report every unit below it).
        supervising_unit = next(
            (u for u in chain if Role.HEAD in scope.direct_roles.get(u.pk, frozenset())), None
        )
        if supervising_unit is None and Role.HEAD in scope.roles_at(g.unit):
            supervising_unit = chain[-1]  # an administrator acts for the whole organisation
        if supervising_unit is None:
            raise NotAllowed(_("Supervision is placed by a unit head or a unit above."))
        if due < local_date():
            raise DomainError(_("The supervision deadline cannot be in the past."))
        # The deadline of the step that is open: acceptance, reply or review.
        current = g.resolve_due
        if g.state == State.RECEIVED:
            current = g.accept_due
        elif g.state == State.UNDER_REVIEW:
            current = g.review_due
        if current is not None and due > current:
            raise DomainError(
                _("The supervision deadline must be on or before the current deadline (%(d)s).")
                % {"d": current.isoformat()}
            )
        s = Supervision.objects.create(
            grievance=g,
            unit=supervising_unit,
            by=by,
            created=timezone.now(),
            instructions=instructions,
            due=due,
        )
        g.supervised = True
        _refresh(g)
        events.save(g, ["supervised", "next_due", "next_due_kind"])
        events.record(
            g,
            EventKind.SUPERVISED,
            by,
            text=instructions,
            public=False,
            data={"due": due.isoformat(), "unit": supervising_unit.code},
        )
    return s


def report_progress(s: Supervision, *, by: User, text: str, version: int | None = None) -> None:
    text = _require_text(text, _("the progress report"))
    with transaction.atomic():
        g = events.lock(s.grievance, version)
        _check(by, g, "report")
        events.save(g, [])
        events.record(
            g, EventKind.SUPERVISION_REPORT, by, text=text, public=False, data={"supervision": s.pk}
        )
