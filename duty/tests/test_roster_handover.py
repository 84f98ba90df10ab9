"""Handover notes: written once by the outgoing officer, acknowledged once by the next
shift's officer, with the time."""

from __future__ import annotations

import pytest

from audit.models import AuditRecord
from duty.models import Handover
from duty.shift_changes import acknowledge_handover, write_handover
from duty.tests.roster_helpers import at, footprint, frozen, shift
from minsheng.errors import DomainError, NotAllowed
from notices.models import Notice


@pytest.fixture
def two(cast):
    first = shift(cast, at(2026, 11, 2), at(2026, 11, 3), officer=cast.handler)
    second = shift(cast, at(2026, 11, 3), at(2026, 11, 4), officer=cast.clerk)
    return first, second


def test_the_outgoing_officer_hands_over_and_the_next_acknowledges(cast, two):
    first, second = two
    with frozen(2026, 11, 3, 8, 20):
        note = write_handover(
            first, by=cast.handler, happened="夜间平稳。", open_items="二号泵房漏水待修。"
        )
    assert note.next_shift == second
    assert Notice.objects.filter(recipient=cast.clerk, kind="duty.handover_waiting").exists()
    with frozen(2026, 11, 3, 8, 40):
        done = acknowledge_handover(note, by=cast.clerk)
    assert done.acknowledged_by == cast.clerk
    assert done.acknowledged_at == at(2026, 11, 3, 8, 40)
    assert AuditRecord.objects.filter(action="duty.handover_acknowledged").exists()


def test_only_the_shifts_officer_writes_and_only_the_next_officer_acknowledges(cast, two):
    first, _second = two
    before = footprint()
    with frozen(2026, 11, 3, 8, 20):
        for who in (cast.clerk, cast.leader, cast.outsider):
            with pytest.raises(NotAllowed):
                write_handover(first, by=who, happened="x")
    assert footprint() == before
    with frozen(2026, 11, 3, 8, 20):
        note = write_handover(first, by=cast.handler, happened="x")
        before = footprint()
        for who in (cast.handler, cast.leader, cast.outsider):
            with pytest.raises(NotAllowed):
                acknowledge_handover(note, by=who)
    assert footprint() == before


def test_a_note_is_written_once_and_acknowledged_once(cast, two):
    first, _second = two
    with frozen(2026, 11, 3, 8, 20):
        note = write_handover(first, by=cast.handler, happened="x")
        with pytest.raises(DomainError, match="already written"):
            write_handover(first, by=cast.handler, happened="y")
        acknowledge_handover(note, by=cast.clerk)
        with pytest.raises(DomainError, match="already been acknowledged"):
            acknowledge_handover(note, by=cast.clerk)
    assert Handover.objects.get().happened == "x"


def test_an_empty_note_or_one_before_the_shift_is_refused(cast, two):
    first, _second = two
    before = footprint()
    with frozen(2026, 11, 1), pytest.raises(DomainError, match="not begun"):
        write_handover(first, by=cast.handler, happened="x")
    with frozen(2026, 11, 3), pytest.raises(DomainError, match="what happened"):
        write_handover(first, by=cast.handler, happened="  ")
    assert footprint() == before
