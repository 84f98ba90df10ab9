"""The notices the assistance module sends to staff, in one place: who hears what.

Each function runs inside the transaction of the step that causes it and writes to the
notices outbox (the worker delivers). Texts are lazy `Msg`s, so each reader gets their own
language; titles carry the application's code and the programme, never a household's name.
The re-verification reminders are in `assistance.reminders`."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from notices.outbox import Msg, notify
from orgs.models import Role
from orgs.scoping import members

if TYPE_CHECKING:
    from assistance.models import Application

OBJECTION = "assistance.objection"
APPLIED = "assistance.applied"
APPROVED = "assistance.approved"
# Who hears: those who investigate, answer and visit (handlers, leaders), who pay (clerks,
# handlers).
HANDLING = (Role.HANDLER, Role.LEADER)
PAYING = (Role.CLERK, Role.HANDLER)


def register_kinds() -> None:
    """The module's kinds of staff notice (called from AssistanceConfig.ready())."""
    from notices.kinds import Mode, register_kind

    register_kind(OBJECTION, gettext_lazy("An objection to a public notice"), Mode.IMMEDIATE)
    register_kind(APPLIED, gettext_lazy("An application for assistance came in"), Mode.IMMEDIATE)
    register_kind(APPROVED, gettext_lazy("An approved application waits for payment"), Mode.DIGEST)


def _send(a: Application, kind: str, roles: Collection[str], title: Msg, by: Any = None) -> int:
    staff = members(a.household.unit, roles).filter(is_active=True)
    if by is not None and getattr(by, "pk", None):
        staff = staff.exclude(pk=by.pk)
    return notify(
        staff,
        kind,
        title=title,
        url=reverse("assistance:application", args=[a.code]),
        dedupe_key=f"{a.code}:{a.version}",
    )


def objection_lodged(a: Application) -> int:
    """An objection came in during the notice: it must be investigated and answered before
    the application can be approved."""
    return _send(
        a,
        OBJECTION,
        HANDLING,
        Msg(
            gettext_lazy("Objection to investigate and answer: %(code)s (%(p)s)"),
            code=a.code,
            p=a.programme.name,
        ),
    )


def applied(a: Application, by: Any) -> int:
    """An application came in from the household itself or from a grievance: someone must
    visit. (One a member of staff opened themselves needs no notice.)"""
    return _send(
        a,
        APPLIED,
        HANDLING,
        Msg(
            gettext_lazy("New application to verify with a home visit: %(code)s (%(p)s)"),
            code=a.code,
            p=a.programme.name,
        ),
        by,
    )


def approved(a: Application, by: Any) -> int:
    return _send(
        a,
        APPROVED,
        PAYING,
        Msg(
            gettext_lazy("Approved, to pay %(amount)s yuan: %(code)s (%(p)s)"),
            amount=f"{a.amount:,.2f}" if a.amount is not None else "",
            code=a.code,
            p=a.programme.name,
        ),
        by,
    )
