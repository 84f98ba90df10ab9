"""Swap requests: asked by the person on the shift, decided by the unit head; approval
changes the shift (audited), refusal changes nothing; both notify the requester."""

from __future__ import annotations

import pytest

from audit.models import AuditRecord
from duty.models import SwapState
from duty.shift_changes import decide_swap, request_swap
from duty.tests.roster_helpers import at, footprint, frozen, shift
from minsheng.errors import DomainError, NotAllowed
from notices.models import Notice


@pytest.fixture
def future(cast):
    with frozen(2026, 11, 1):
        yield shift(
            cast, at(2026, 11, 5), at(2026, 11, 6), officer=cast.handler, leader=cast.leader
        )


def test_the_officer_asks_and_the_branch_head_is_told(cast, future):
    with frozen(2026, 11, 1):
        swap = request_swap(
            future, by=cast.handler, role="officer", replacement=cast.clerk, reason="家中有事"
        )
    assert swap.state == SwapState.PENDING
    assert Notice.objects.filter(recipient=cast.head, kind="duty.swap_waiting").exists()
    assert not Notice.objects.filter(recipient=cast.outsider).exists()


def test_approval_puts_the_replacement_on_the_shift(cast, future):
    with frozen(2026, 11, 1):
        swap = request_swap(
            future, by=cast.handler, role="officer", replacement=cast.clerk, reason="家中有事"
        )
        decided = decide_swap(swap, by=cast.head, approve=True)
    future.refresh_from_db()
    assert decided.state == SwapState.APPROVED and future.officer == cast.clerk
    assert AuditRecord.objects.filter(
        action="duty.shift_swapped", object_id=str(future.pk)
    ).exists()
    assert Notice.objects.filter(recipient=cast.handler, kind="duty.swap_decided").exists()


def test_the_leader_swaps_the_leaders_place(cast, future):
    with frozen(2026, 11, 1):
        swap = request_swap(
            future, by=cast.leader, role="leader", replacement=cast.head, reason="出差"
        )
        decide_swap(swap, by=cast.chief, approve=True)
    future.refresh_from_db()
    assert future.leader == cast.head and future.officer == cast.handler


def test_a_refusal_needs_a_reason_and_changes_nothing_on_the_shift(cast, future):
    with frozen(2026, 11, 1):
        swap = request_swap(
            future, by=cast.handler, role="officer", replacement=cast.clerk, reason="家中有事"
        )
        with pytest.raises(DomainError, match="why the swap is refused"):
            decide_swap(swap, by=cast.head, approve=False)
        decided = decide_swap(swap, by=cast.head, approve=False, note="人手不足")
    future.refresh_from_db()
    assert decided.state == SwapState.REFUSED and future.officer == cast.handler
    assert Notice.objects.filter(recipient=cast.handler, kind="duty.swap_decided").exists()


def test_only_the_person_in_the_role_asks(cast, future):
    before = footprint()
    with frozen(2026, 11, 1):
        for who in (cast.clerk, cast.outsider, cast.head):
            with pytest.raises(NotAllowed):
                request_swap(future, by=who, role="officer", replacement=cast.clerk, reason="x")
    assert footprint() == before


def test_an_outsider_cannot_be_the_replacement(cast, future):
    before = footprint()
    with frozen(2026, 11, 1), pytest.raises(DomainError, match="not staff of"):
        request_swap(future, by=cast.handler, role="officer", replacement=cast.outsider, reason="x")
    assert footprint() == before


def test_only_a_head_of_the_unit_or_above_decides(cast, future):
    with frozen(2026, 11, 1):
        swap = request_swap(
            future, by=cast.handler, role="officer", replacement=cast.clerk, reason="x"
        )
        before = footprint()
        for who in (cast.leader, cast.outsider, cast.auditor, cast.clerk):
            with pytest.raises(NotAllowed):
                decide_swap(swap, by=who, approve=True)
        assert footprint() == before


def test_a_decided_swap_cannot_be_decided_again(cast, future):
    with frozen(2026, 11, 1):
        swap = request_swap(
            future, by=cast.handler, role="officer", replacement=cast.clerk, reason="x"
        )
        decide_swap(swap, by=cast.head, approve=False, note="不行")
        with pytest.raises(DomainError, match="already been decided"):
            decide_swap(swap, by=cast.head, approve=True)
    future.refresh_from_db()
    assert future.officer == cast.handler


def test_approval_is_refused_when_the_replacement_is_on_duty_elsewhere_then(cast, future):
    from duty.roster import save_shift

    with frozen(2026, 11, 1):
        swap = request_swap(
            future, by=cast.handler, role="officer", replacement=cast.clerk, reason="x"
        )
        save_shift(
            cast.branch_a,
            by=cast.head,
            starts=at(2026, 11, 5, 12, 0),
            ends=at(2026, 11, 5, 18, 0),
            officer=cast.clerk,
        )
        before = footprint()
        with pytest.raises(DomainError, match="already on duty elsewhere"):
            decide_swap(swap, by=cast.head, approve=True)
        assert footprint() == before


def test_a_shift_that_is_over_cannot_be_swapped(cast, future):
    with frozen(2026, 11, 7), pytest.raises(DomainError, match="is over"):
        request_swap(future, by=cast.handler, role="officer", replacement=cast.clerk, reason="x")
