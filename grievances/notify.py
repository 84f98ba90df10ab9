"""The notices grievances send, in one place: who hears what, in which words.

Each function is called inside the transaction of the action or sweep that causes it, and
writes to the notices outbox (the worker delivers). Texts are lazy, so each recipient reads
them in their own language. Dedupe keys make a notice idempotent: a sweep that runs twice, or
two workers at once, send it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from grievances.models import DueKind, ExtensionRequest, Grievance
from notices import outbox
from orgs.models import Role, Unit
from orgs.scoping import headed_chains, members


def register_kinds() -> None:
    """The kinds of notice grievances send (called from GrievancesConfig.ready())."""
    from notices.kinds import Mode, register_kind

    register_kind("grievance.assigned", _("A case was assigned to you"), Mode.IMMEDIATE)
    register_kind("grievance.due_soon", _("A deadline is near"), Mode.DIGEST)
    register_kind("grievance.overdue", _("A deadline has passed"), Mode.IMMEDIATE)
    register_kind("grievance.escalated", _("An overdue case was escalated to you"), Mode.IMMEDIATE)
    register_kind(
        "grievance.review_waiting", _("A review is waiting for your decision"), Mode.IMMEDIATE
    )
    register_kind(
        "grievance.extension_waiting",
        _("An extension request is waiting for your decision"),
        Mode.IMMEDIATE,
    )
    for what, label in (
        ("accepted", _("Your grievance was accepted")),
        ("replied", _("Your grievance was replied to")),
        ("closed", _("Your grievance was closed")),
    ):
        register_kind(f"complainant.{what}", label, Mode.IMMEDIATE, for_complainants=True)


_STEP: dict[str, Any] = {
    DueKind.ACCEPT: _("deciding acceptance"),
    DueKind.RESOLVE: _("the reply"),
    DueKind.REVIEW: _("deciding the review"),
}


def _case_url(g: Grievance) -> str:
    return reverse("grievances:case", args=[g.code])


def _step(g: Grievance) -> object:
    return _STEP.get(g.next_due_kind, _("the next step"))


def due_soon(g: Grievance, people: Sequence[User]) -> int:
    return outbox.notify(
        people,
        "grievance.due_soon",
        title=format_lazy(_("Due soon: {code} {subject}"), code=g.code, subject=g.subject),
        body=format_lazy(
            _("The deadline for {step} on case {code} is {due}."),
            step=_step(g),
            code=g.code,
            due=g.next_due.isoformat() if g.next_due else "",
        ),
        url=_case_url(g),
        subject=f"grievance:{g.code}",
        dedupe_key=f"due_soon:{g.code}:{g.next_due}",
    )


def escalated(g: Grievance, people: Sequence[User]) -> int:
    """Level 1 tells the people working the case that its step is overdue; each level above
    tells the heads it reached that it has been escalated to them."""
    return outbox.notify(
        people,
        "grievance.overdue" if g.escalation_level <= 1 else "grievance.escalated",
        title=format_lazy(_("Overdue: {code} {subject}"), code=g.code, subject=g.subject),
        body=format_lazy(
            _(
                "The deadline for {step} on case {code} was {due} and the step has not been"
                " taken. The case has been escalated to you (level {level}); please see that"
                " it is dealt with."
            )
            if g.escalation_level > 1
            else _(
                "The deadline for {step} on case {code} was {due} and the step has not been"
                " taken. If it is not taken, the case goes to the unit head in {days} days."
            ),
            step=_step(g),
            code=g.code,
            due=g.next_due.isoformat() if g.next_due else "",
            level=g.escalation_level,
            days=g.escalation_interval.days,
        ),
        url=_case_url(g),
        subject=f"grievance:{g.code}",
        dedupe_key=f"escalated:{g.code}:{g.next_due}:{g.next_due_kind}:{g.escalation_level}",
    )


def deciders(unit: Unit) -> list[User]:
    """The heads who decide for `unit`: its own, or those of the nearest unit above that
    has one (as escalation and the to-do list find them)."""
    chain = headed_chains([unit])[unit.pk]
    return list(members(chain[0], [Role.HEAD]).filter(is_active=True)) if chain else []


def review_waiting(g: Grievance, people: Sequence[User]) -> int:
    return outbox.notify(
        people,
        "grievance.review_waiting",
        title=format_lazy(_("Review to decide: {code} {subject}"), code=g.code, subject=g.subject),
        body=format_lazy(
            _("The complainant asked for a review of case {code}. The decision is due on {due}."),
            code=g.code,
            due=g.review_due.isoformat() if g.review_due else "",
        ),
        url=_case_url(g),
        subject=f"grievance:{g.code}",
        dedupe_key=f"review:{g.code}:{g.review_level}",
    )


def extension_waiting(ext: ExtensionRequest, people: Sequence[User], today: date) -> int:
    g = ext.grievance
    return outbox.notify(
        people,
        "grievance.extension_waiting",
        title=format_lazy(
            _("Extension to decide: {code} {subject}"), code=g.code, subject=g.subject
        ),
        body=format_lazy(
            _("An extension of {days} days was requested on case {code} and is waiting."),
            days=ext.days,
            code=g.code,
        ),
        url=_case_url(g),
        subject=f"grievance:{g.code}",
        dedupe_key=f"extension:{ext.pk}:{today.isoformat()}",
    )


def assigned(g: Grievance) -> int:
    people = [u for u in (g.owner, g.handler) if u is not None]
    return outbox.notify(
        people,
        "grievance.assigned",
        title=format_lazy(_("Assigned to you: {code} {subject}"), code=g.code, subject=g.subject),
        body=format_lazy(
            _("You are now the owner or the handler of case {code}. The reply is due on {due}."),
            code=g.code,
            due=g.resolve_due.isoformat() if g.resolve_due else "",
        ),
        url=_case_url(g),
        subject=f"grievance:{g.code}",
        dedupe_key=f"assigned:{g.code}:{g.version}",
    )


def complainant(g: Grievance, what: str) -> int:
    """Tell the complainant (if they left a phone or email, and are not anonymous) that
    their grievance was accepted, replied to or closed."""
    return outbox.notify_complainant(g, f"complainant.{what}")
