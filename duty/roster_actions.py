"""The duty module's actions, declared once: the console's forms (`duty/forms.py`) and the
API's bodies (`duty/api.py`) are built from these fields, and both call the same steps.

# ---- roster ----
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duty import roster, shift_changes
from duty.models import Handover, Shift, SwapRequest
from minsheng.actions import Field, StrOrPromise
from minsheng.errors import DomainError
from orgs.models import Unit

# ---- roster ----

Call = Callable[[Any, dict[str, Any], Any], Any]


@dataclass(frozen=True, eq=False)
class RosterAction:
    """One roster step: its name (the console's and the API's), label, input fields, and
    the call `call(target, data, user)` into `duty.roster`. The target is the unit (from
    the `unit` field), the shift, the swap or the handover note the step is about."""

    name: str
    label: StrOrPromise
    fields: tuple[Field, ...]
    call: Call
    target: str  # "unit", "shift", "swap" or "handover"
    summary: str = ""
    description: str = ""
    example: dict[str, Any] = field(default_factory=dict)


def users_named(text: str) -> list[Any]:
    """Users by username, in the order given (spaces or commas between); DomainError for a
    name that is not an active user."""
    names = [n for n in re.split(r"[\s,，、]+", text or "") if n]
    found = {
        u.username: u for u in get_user_model().objects.filter(username__in=names, is_active=True)
    }
    missing = [n for n in names if n not in found]
    if missing:
        raise DomainError(_("No such user: %(names)s.") % {"names": ", ".join(missing)})
    return [found[n] for n in names]


def _create_shift(unit: Unit, data: dict[str, Any], user: Any) -> Shift:
    return roster.save_shift(
        unit,
        by=user,
        starts=data["starts"],
        ends=data["ends"],
        officer=data["officer"],
        leader=data.get("leader"),
        note=data.get("note") or "",
    )


def plan_rotation(unit: Unit, data: dict[str, Any]) -> list[roster.PlannedShift]:
    return roster.generate_rotation(
        unit,
        first_day=data["first_day"],
        days=data["days"],
        officers=users_named(data["officers"]),
        leaders=users_named(data.get("leaders") or ""),
        cadence=data.get("cadence") or roster.Cadence.DAILY,
        start_hour=data["start_hour"] if data.get("start_hour") is not None else 8,
        start_minute=data["start_minute"] if data.get("start_minute") is not None else 30,
    )


def _generate(unit: Unit, data: dict[str, Any], user: Any) -> Any:
    plans = plan_rotation(unit, data)
    if data.get("preview"):
        roster.check_roster(unit, plans)
        return plans
    return roster.save_roster(unit, plans, by=user)


def _request_swap(shift: Shift, data: dict[str, Any], user: Any) -> SwapRequest:
    return shift_changes.request_swap(
        shift, by=user, role=data["role"], replacement=data["replacement"], reason=data["reason"]
    )


def _decide_swap(swap: SwapRequest, data: dict[str, Any], user: Any) -> SwapRequest:
    return shift_changes.decide_swap(
        swap, by=user, approve=data["decision"] == "approve", note=data.get("note") or ""
    )


def _write_handover(shift: Shift, data: dict[str, Any], user: Any) -> Handover:
    return shift_changes.write_handover(
        shift, by=user, happened=data["happened"], open_items=data.get("open_items") or ""
    )


def _acknowledge(note: Handover, data: dict[str, Any], user: Any) -> Handover:
    return shift_changes.acknowledge_handover(note, by=user)


UNIT = Field("unit", gettext_lazy("Unit"), kind="unit", help="The unit's code.")
ROLE_CHOICES = (("officer", gettext_lazy("duty officer")), ("leader", gettext_lazy("duty leader")))
CADENCES = (
    (roster.Cadence.DAILY, gettext_lazy("Daily (one shift a day)")),
    (roster.Cadence.WEEKLY, gettext_lazy("Weekly (one shift a week)")),
)

CREATE_SHIFT = RosterAction(
    "create-shift",
    gettext_lazy("Add a shift"),
    (
        UNIT,
        Field("starts", gettext_lazy("Starts"), kind="datetime"),
        Field("ends", gettext_lazy("Ends"), kind="datetime"),
        Field("officer", gettext_lazy("Duty officer"), kind="user", help="A username."),
        Field(
            "leader",
            gettext_lazy("Duty leader"),
            kind="user",
            required=False,
            hint=gettext_lazy("Needed on heightened days (public holidays and set periods)."),
            help="A username; needed on heightened days.",
        ),
        Field("note", gettext_lazy("Note"), kind="line", required=False, max_length=300),
    ),
    _create_shift,
    "unit",
    summary="Put one shift on a unit's roster",
    description=(
        "Refused (400, `refused`) when it ends before it starts, overlaps a shift of the unit,"
        " names someone who may not stand there, or falls on a heightened day without a"
        " leader. Only a leader or head of the unit may (403)."
    ),
    example={
        "unit": "A1",
        "starts": "2026-10-01T08:30:00+08:00",
        "ends": "2026-10-02T08:30:00+08:00",
        "officer": "handler",
        "leader": "leader",
    },
)

GENERATE_ROTATION = RosterAction(
    "generate-rotation",
    gettext_lazy("Generate a rotation"),
    (
        UNIT,
        Field("first_day", gettext_lazy("First day"), kind="date"),
        Field("days", gettext_lazy("Number of days"), kind="number", min_value=1, max_value=120),
        Field("cadence", gettext_lazy("Shifts"), kind="choice", choices=CADENCES),
        Field(
            "start_hour",
            gettext_lazy("Handover hour"),
            kind="number",
            min_value=0,
            max_value=23,
            required=False,
            hint=gettext_lazy("Default 8 (with minute 30: handover at 08:30)."),
        ),
        Field(
            "start_minute",
            gettext_lazy("Handover minute"),
            kind="number",
            min_value=0,
            max_value=59,
            required=False,
        ),
        Field(
            "officers",
            gettext_lazy("Duty officers, in turn"),
            kind="line",
            max_length=2000,
            hint=gettext_lazy("Usernames in the order of the rotation, separated by spaces."),
            help="Usernames in rotation order, separated by spaces or commas.",
        ),
        Field(
            "leaders",
            gettext_lazy("Duty leaders, in turn"),
            kind="line",
            max_length=2000,
            required=False,
            hint=gettext_lazy(
                "Usernames; leave empty for no leader (not allowed on heightened days)."
            ),
            help="Usernames in rotation order; empty for none.",
        ),
        Field(
            "preview",
            gettext_lazy("Preview only"),
            kind="yesno",
            required=False,
            choices=(("1", gettext_lazy("Yes")), ("0", gettext_lazy("No"))),
            help="true: check and return the planned shifts without saving them.",
        ),
    ),
    _generate,
    "unit",
    summary="Generate a rotation (preview or save)",
    description=(
        "Plans daily or weekly shifts over a pool of officers (and leaders), skipping people"
        " on leave. With `preview: true` the plan is checked and returned, nothing saved;"
        " otherwise it is saved all or nothing (refused as one shift would be, and also when"
        " it leaves a hole in a heightened period)."
    ),
    example={
        "unit": "A1",
        "first_day": "2026-10-01",
        "days": 7,
        "cadence": "daily",
        "officers": "handler clerk",
        "leaders": "leader",
        "preview": True,
    },
)

REQUEST_SWAP = RosterAction(
    "request-swap",
    gettext_lazy("Ask for a swap"),
    (
        Field("role", gettext_lazy("My place on the shift"), kind="choice", choices=ROLE_CHOICES),
        Field("replacement", gettext_lazy("Who takes it"), kind="user", help="A username."),
        Field("reason", gettext_lazy("Reason"), kind="line", max_length=500),
    ),
    _request_swap,
    "shift",
    summary="Ask that someone else takes your place on a shift",
    description="Only the shift's officer (or leader) asks; the unit head decides.",
    example={"role": "officer", "replacement": "clerk", "reason": "家中有事"},
)

DECIDE_SWAP = RosterAction(
    "decide-swap",
    gettext_lazy("Decide the swap"),
    (
        Field(
            "decision",
            gettext_lazy("Decision"),
            kind="choice",
            choices=(("approve", gettext_lazy("Approve")), ("refuse", gettext_lazy("Refuse"))),
        ),
        Field(
            "note",
            gettext_lazy("Note"),
            kind="line",
            max_length=500,
            required=False,
            hint=gettext_lazy("Needed when refusing."),
        ),
    ),
    _decide_swap,
    "swap",
    summary="Approve or refuse a swap request",
    description="The head of the shift's unit, or of a unit above it.",
    example={"decision": "approve", "note": ""},
)

WRITE_HANDOVER = RosterAction(
    "write-handover",
    gettext_lazy("Write the handover note"),
    (
        Field("happened", gettext_lazy("What happened"), kind="text", rows=4),
        Field("open_items", gettext_lazy("What is still open"), kind="text", required=False),
    ),
    _write_handover,
    "shift",
    summary="Write the handover note of a shift",
    description="The shift's officer, once; the next shift's officer is notified.",
    example={"happened": "夜间平稳，接电话3次。", "open_items": "二号泵房漏水待维修。"},
)

ACKNOWLEDGE_HANDOVER = RosterAction(
    "acknowledge-handover",
    gettext_lazy("Acknowledge"),
    (),
    _acknowledge,
    "handover",
    summary="Acknowledge a handover note",
    description="The next shift's officer; the time is recorded.",
    example={},
)

ROSTER_ACTIONS: tuple[RosterAction, ...] = (
    CREATE_SHIFT,
    GENERATE_ROTATION,
    REQUEST_SWAP,
    DECIDE_SWAP,
    WRITE_HANDOVER,
    ACKNOWLEDGE_HANDOVER,
)
ROSTER_BY_NAME = {a.name: a for a in ROSTER_ACTIONS}

# ---- incidents ----
