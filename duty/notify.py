"""The notices the duty module sends (see `docs/modules.md`, "Notices"). Each function runs
inside the transaction of the step that causes it; texts are lazy, so each reader reads them
in their own language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from notices import outbox

# ---- roster ----


def register_roster_kinds() -> None:
    """The roster's kinds of notice (called from DutyConfig.ready())."""
    from notices.kinds import Mode, register_kind

    register_kind(
        "duty.swap_waiting", _("A duty swap is waiting for your decision"), Mode.IMMEDIATE
    )
    register_kind("duty.swap_decided", _("Your duty swap was decided"), Mode.IMMEDIATE)
    register_kind("duty.handover_waiting", _("A handover note is waiting for you"), Mode.IMMEDIATE)


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def swap_waiting(swap: Any) -> int:
    """To the nearest head of the shift's unit (or above): a swap waits for them."""
    from orgs.models import Role
    from orgs.scoping import headed_chains, members

    unit = swap.shift.unit
    chain = headed_chains([unit]).get(unit.pk) or []
    if not chain:
        return 0
    heads = list(members(chain[0], [Role.HEAD]))
    return outbox.notify(
        heads,
        "duty.swap_waiting",
        title=format_lazy(
            _("Duty swap to decide: {unit} {when}"),
            unit=unit.display_name,
            when=_when(swap.shift.starts),
        ),
        body=swap.reason,
        url=reverse("duty:mine") + "#swaps",
        subject=f"duty-shift:{swap.shift_id}",
        dedupe_key=f"swap:{swap.pk}",
    )


def swap_decided(swap: Any) -> int:
    """Back to the person who asked."""
    title = (
        _("Your duty swap was approved")
        if swap.state == "approved"
        else _("Your duty swap was refused")
    )
    return outbox.notify(
        [swap.requested_by],
        "duty.swap_decided",
        title=title,
        body=swap.decision_note,
        url=reverse("duty:mine"),
        subject=f"duty-shift:{swap.shift_id}",
        dedupe_key=f"swap-decided:{swap.pk}",
    )


def handover_waiting(note: Any, officer: Any) -> int:
    """To the next shift's officer: a handover note to read and acknowledge."""
    return outbox.notify(
        [officer],
        "duty.handover_waiting",
        title=format_lazy(
            _("Handover note from {unit} to acknowledge"), unit=note.shift.unit.display_name
        ),
        body=note.open_items or note.happened,
        url=reverse("duty:mine") + "#handovers",
        subject=f"duty-shift:{note.shift_id}",
        dedupe_key=f"handover:{note.pk}",
    )


# ---- incidents ----
