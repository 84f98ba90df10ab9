"""Changes at the change of shift: swap requests (asked by the person on the shift, decided
by the unit head) and handover notes (written by the outgoing officer, acknowledged by the
next). Each step checks who may take it, runs in one transaction, is audited and notifies;
refused, it raises DomainError/NotAllowed having changed nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from duty import notify
from duty.models import NOTE_MAX, Handover, Shift, SwapRequest, SwapState
from duty.roster import PlannedShift, _check_people, _name, may_decide_swaps
from minsheng.errors import DomainError, NotAllowed

# ---- swaps --------------------------------------------------------------------------------


def request_swap(shift: Shift, *, by: Any, role: str, replacement: Any, reason: str) -> SwapRequest:
    """Ask that `replacement` takes `by`'s `role` ("officer" or "leader") on `shift`; the
    unit head decides (`decide_swap`) and is notified. Only the person holding the role may
    ask, before the shift has ended, once at a time."""
    reason = (reason or "").strip()
    if role not in ("officer", "leader"):
        raise DomainError(_("Choose the duty officer's or the duty leader's place."))
    holder_id = shift.officer_id if role == "officer" else shift.leader_id
    if holder_id != by.pk:
        raise NotAllowed(_("Only the person on this shift in that role may ask for a swap."))
    if shift.ends <= timezone.now():
        raise DomainError(_("This shift is over; it can no longer be swapped."))
    if not reason:
        raise DomainError(_("Please give a reason for the swap."))
    if len(reason) > 500:
        raise DomainError(_("The reason is at most 500 characters."))
    if replacement.pk == by.pk:
        raise DomainError(_("Name someone else to take your place."))
    with transaction.atomic():
        if SwapRequest.objects.filter(shift=shift, role=role, state=SwapState.PENDING).exists():
            raise DomainError(_("A swap of this place is already waiting for the unit head."))
        plan = _swapped(shift, role, replacement)
        _check_people(shift.unit, [plan])
        swap = SwapRequest.objects.create(
            shift=shift, role=role, requested_by=by, replacement=replacement, reason=reason
        )
        audit.record(
            by,
            "duty.swap_requested",
            swap,
            {"shift": shift.pk, "role": role, "replacement": replacement.get_username()},
        )
        notify.swap_waiting(swap)
    return swap


def _swapped(shift: Shift, role: str, replacement: Any) -> PlannedShift:
    return PlannedShift(
        starts=shift.starts,
        ends=shift.ends,
        officer=replacement if role == "officer" else shift.officer,
        leader=replacement if role == "leader" else shift.leader,
    )


def _busy_elsewhere(user: Any, shift: Shift) -> bool:
    """Whether `user` is duty officer on another shift (any unit) at the same time. A duty
    leader is on call and may lead several units' shifts at once; an officer sits at one
    desk."""
    return (
        Shift.objects.filter(starts__lt=shift.ends, ends__gt=shift.starts, officer=user)
        .exclude(pk=shift.pk)
        .exists()
    )


def decide_swap(swap: SwapRequest, *, by: Any, approve: bool, note: str = "") -> SwapRequest:
    """The unit head's decision on a waiting swap. Approving puts the replacement on the
    shift (audited), after checking again that they may stand there and are not on duty
    elsewhere at the time; refusing changes the shift not at all. The requester is
    notified either way."""
    note = (note or "").strip()
    shift = swap.shift
    if not may_decide_swaps(by, shift.unit):
        raise NotAllowed(_("Only the head of the unit (or of a unit above it) decides swaps."))
    if len(note) > 500:
        raise DomainError(_("The note is at most 500 characters."))
    if not approve and not note:
        raise DomainError(_("Please say why the swap is refused."))
    with transaction.atomic():
        fresh = SwapRequest.objects.select_for_update().get(pk=swap.pk)
        if fresh.state != SwapState.PENDING:
            raise DomainError(_("This swap has already been decided."))
        shift = Shift.objects.select_for_update().select_related("unit").get(pk=fresh.shift_id)
        if approve:
            if shift.ends <= timezone.now():
                raise DomainError(_("This shift is over; it can no longer be swapped."))
            holder = shift.officer_id if fresh.role == "officer" else shift.leader_id
            if holder != fresh.requested_by_id:
                raise DomainError(_("The shift has changed since the swap was asked for."))
            _check_people(shift.unit, [_swapped(shift, fresh.role, fresh.replacement)])
            if fresh.role == "officer" and _busy_elsewhere(fresh.replacement, shift):
                raise DomainError(
                    _("%(name)s is already on duty elsewhere at that time.")
                    % {"name": _name(fresh.replacement)}
                )
            before = shift.officer_id if fresh.role == "officer" else shift.leader_id
            if fresh.role == "officer":
                shift.officer = fresh.replacement
            else:
                shift.leader = fresh.replacement
            shift.save(update_fields=[f"{fresh.role}"])
            audit.record(
                by,
                "duty.shift_swapped",
                shift,
                {"role": fresh.role, "from": before, "to": fresh.replacement_id, "swap": fresh.pk},
            )
        fresh.state = SwapState.APPROVED if approve else SwapState.REFUSED
        fresh.decided_by = by
        fresh.decided_at = timezone.now()
        fresh.decision_note = note
        fresh.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        audit.record(
            by, "duty.swap_decided", fresh, {"state": fresh.state, "note": note, "shift": shift.pk}
        )
        notify.swap_decided(fresh)
    return fresh


# ---- handovers ----------------------------------------------------------------------------


def next_shift_of(shift: Shift) -> Shift | None:
    """The unit's shift that follows `shift` (starting at or after its start)."""
    return (
        Shift.objects.filter(unit_id=shift.unit_id, starts__gt=shift.starts)
        .select_related("officer")
        .order_by("starts")
        .first()
    )


def write_handover(shift: Shift, *, by: Any, happened: str, open_items: str = "") -> Handover:
    """The outgoing officer's note at the change of shift: what happened, what is open.
    Written once, by the shift's officer, once the shift has begun; the next shift's officer
    is told and acknowledges it (`acknowledge_handover`). A note is evidence: never edited."""
    happened, open_items = (happened or "").strip(), (open_items or "").strip()
    if by.pk != shift.officer_id:
        raise NotAllowed(_("Only the duty officer of this shift writes its handover note."))
    if shift.starts > timezone.now():
        raise DomainError(_("This shift has not begun yet."))
    if not happened:
        raise DomainError(_("Please write what happened on the shift."))
    if len(happened) > NOTE_MAX or len(open_items) > NOTE_MAX:
        raise DomainError(_("A handover note is at most %(n)d characters.") % {"n": NOTE_MAX})
    with transaction.atomic():
        Shift.objects.select_for_update().filter(pk=shift.pk).first()
        if Handover.objects.filter(shift=shift).exists():
            raise DomainError(_("The handover note of this shift is already written."))
        nxt = next_shift_of(shift)
        note = Handover.objects.create(
            shift=shift,
            written_by=by,
            written_at=timezone.now(),
            happened=happened,
            open_items=open_items,
            next_shift=nxt,
        )
        audit.record(
            by,
            "duty.handover_written",
            note,
            {"shift": shift.pk, "next_shift": nxt.pk if nxt else None},
        )
        if nxt is not None:
            notify.handover_waiting(note, nxt.officer)
    return note


def acknowledge_handover(note: Handover, *, by: Any) -> Handover:
    """The next officer's acknowledgement of a handover note, with the time. Once only."""
    nxt = note.next_shift
    if nxt is None or nxt.officer_id != by.pk:
        raise NotAllowed(_("Only the duty officer of the next shift acknowledges this note."))
    with transaction.atomic():
        fresh = Handover.objects.select_for_update().get(pk=note.pk)
        if fresh.acknowledged_at is not None:
            raise DomainError(_("This handover note has already been acknowledged."))
        fresh.acknowledged_by = by
        fresh.acknowledged_at = timezone.now()
        fresh.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit.record(by, "duty.handover_acknowledged", fresh, {"shift": fresh.shift_id})
    return fresh
