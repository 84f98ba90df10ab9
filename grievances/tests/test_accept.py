from __future__ import annotations

from datetime import date

from grievances import lifecycle
from grievances.models import TEXT_MAX, DueKind, EventKind, Kind, State
from grievances.tests.helpers import (
    accepted,
    audit_actions,
    frozen,
    kinds,
    received,
    refused,
)
from minsheng.errors import NotAllowed, StaleVersion


def test_it_accepts_a_received_case_and_sets_the_reply_deadline(cast):
    with frozen(2026, 3, 2):
        g = received(cast)
        g = lifecycle.accept(g, by=cast.handler, reasons="属于本车间职责", version=g.version)
    assert g.state == State.ACCEPTED
    assert g.decided_at is not None
    assert g.resolve_due == date(2026, 5, 1)  # 60 calendar days
    assert (g.next_due, g.next_due_kind) == (date(2026, 5, 1), DueKind.RESOLVE)
    assert kinds(g) == [EventKind.RECEIVED, EventKind.ACCEPTED]
    assert g.events.get(kind=EventKind.ACCEPTED).text == "属于本车间职责"
    assert audit_actions(g) == ["grievance.received", "grievance.accepted"]


def test_the_head_of_the_branch_above_may_accept(cast):
    g = lifecycle.accept(received(cast), by=cast.head)
    assert g.state == State.ACCEPTED


def test_it_refuses_to_accept_a_litigation_matter(cast):
    g = received(cast, kind=Kind.LITIGATION)
    with refused("Litigation"):
        lifecycle.accept(g, by=cast.handler)


def test_it_refuses_to_accept_a_case_twice(cast):
    g = accepted(cast)
    with refused("not possible while the case is Accepted"):
        lifecycle.accept(g, by=cast.handler)


def test_a_clerk_cannot_accept(cast):
    g = received(cast)
    with refused(error=NotAllowed):
        lifecycle.accept(g, by=cast.clerk)


def test_an_outsider_cannot_accept(cast):
    g = received(cast)
    with refused(error=NotAllowed):
        lifecycle.accept(g, by=cast.outsider)


def test_an_auditor_cannot_accept(cast):
    g = received(cast)
    with refused(error=NotAllowed):
        lifecycle.accept(g, by=cast.auditor)


def test_it_refuses_a_stale_version(cast):
    g = received(cast)
    with refused("Someone else changed this case", error=StaleVersion):
        lifecycle.accept(g, by=cast.handler, version=g.version - 1)


def test_it_refuses_reasons_over_the_limit_rather_than_cutting_them(cast):
    g = received(cast)
    with refused("longer than 5000 characters"):
        lifecycle.accept(g, by=cast.handler, reasons="理" * (TEXT_MAX + 1))
