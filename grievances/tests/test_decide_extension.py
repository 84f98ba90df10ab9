from __future__ import annotations

from datetime import date

import pytest

from grievances import lifecycle
from grievances.models import (
    DeadlinePolicy,
    DueKind,
    EventKind,
    ExtensionRequest,
    ExtensionState,
)
from grievances.tests.helpers import fresh, frozen, in_progress, refused
from minsheng.errors import NotAllowed
from minsheng.workdays import DayType


def asked(cast, days=20, by=None):
    g = in_progress(cast)
    ext = lifecycle.request_extension(g, by=by or cast.handler, days=days, reason="需时间")
    return g, ext


def test_a_head_approves_and_the_reply_deadline_moves(cast):
    with frozen(2026, 3, 2):
        g, ext = asked(cast, days=20)
        assert fresh(g).resolve_due == date(2026, 5, 1)
        lifecycle.decide_extension(ext, by=cast.head, approve=True, note="同意延期")
    g = fresh(g)
    assert g.resolve_due == date(2026, 5, 21)
    assert g.extension_days == 20
    assert (g.next_due, g.next_due_kind) == (date(2026, 5, 21), DueKind.RESOLVE)
    ext.refresh_from_db()
    assert ext.state == ExtensionState.APPROVED and ext.decided_by == cast.head
    ev = g.events.get(kind=EventKind.EXTENSION_DECIDED)
    assert ev.data["approved"] is True and ev.data["resolve_due"] == "2026-05-21"
    assert ev.text == "同意延期"


def test_an_extension_in_working_days_skips_the_holidays(cast):
    DeadlinePolicy.objects.create(day_type=DayType.WORKING, resolve_days=20)
    with frozen(2026, 9, 1):
        g, ext = asked(cast, days=5)
        due = fresh(g).resolve_due
        assert due == date(2026, 9, 29)  # 20 working days; Fri 25 Sep is Mid-Autumn
        lifecycle.decide_extension(ext, by=cast.head, approve=True)
    # Tue 29 Sep + 5 working days: Wed 30 Sep, then 1-7 Oct off, Thu 8, Fri 9, Sat 10, Mon 12
    assert fresh(g).resolve_due == date(2026, 10, 12)


def test_a_refusal_leaves_the_deadline(cast):
    g, ext = asked(cast)
    due = fresh(g).resolve_due
    lifecycle.decide_extension(ext, by=cast.head, approve=False, note="理由不充分")
    assert fresh(g).resolve_due == due and fresh(g).extension_days == 0
    ext.refresh_from_db()
    assert ext.state == ExtensionState.REFUSED


def test_the_one_who_asked_cannot_approve(cast):
    _, ext = asked(cast, by=cast.head)  # a head may ask on a case in their subtree
    with refused("someone other than the person who asked", error=NotAllowed):
        lifecycle.decide_extension(ext, by=cast.head, approve=True)
    lifecycle.decide_extension(ext, by=cast.chief, approve=True)
    assert ExtensionRequest.objects.get(pk=ext.pk).state == ExtensionState.APPROVED


@pytest.mark.parametrize("who", ["leader", "handler", "outsider", "auditor"])
def test_only_a_head_decides(cast, who):
    _, ext = asked(cast)
    with refused(error=NotAllowed):
        lifecycle.decide_extension(ext, by=getattr(cast, who), approve=True)


def test_a_decided_request_cannot_be_decided_again(cast):
    _, ext = asked(cast)
    lifecycle.decide_extension(ext, by=cast.head, approve=False)
    with refused("already been decided"):
        lifecycle.decide_extension(ext, by=cast.chief, approve=True)


def test_a_note_over_the_limit_is_refused_rather_than_cut(cast):
    _, ext = asked(cast)
    with refused("longer than 5000"):
        lifecycle.decide_extension(ext, by=cast.head, approve=True, note="注" * 5001)
