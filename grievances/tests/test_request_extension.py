from __future__ import annotations

import pytest

from grievances import lifecycle
from grievances.models import (
    DeadlinePolicy,
    EventKind,
    ExtensionState,
)
from grievances.tests.helpers import fresh, in_progress, received, refused, replied
from minsheng.errors import NotAllowed


def test_the_handler_asks_for_more_time(cast):
    g = in_progress(cast)
    due = g.resolve_due
    ext = lifecycle.request_extension(
        g, by=cast.handler, days=20, reason="需要等财务年度结算", version=g.version
    )
    assert ext.state == ExtensionState.PENDING and ext.requested_by == cast.handler
    assert ext.days == 20
    assert fresh(g).resolve_due == due  # nothing moves until a head approves
    ev = g.events.get(kind=EventKind.EXTENSION_REQUESTED)
    assert ev.public is False and ev.data == {"days": 20}


def test_the_owner_may_ask_too(cast):
    ext = lifecycle.request_extension(in_progress(cast), by=cast.leader, days=30, reason="需时间")
    assert ext.requested_by == cast.leader


@pytest.mark.parametrize("days", [0, 31])
def test_it_refuses_more_than_the_longest_extension(cast, days):
    g = in_progress(cast)
    with refused("1 to 30 days"):
        lifecycle.request_extension(g, by=cast.handler, days=days, reason="需时间")


def test_the_longest_extension_comes_from_the_policy(cast):
    DeadlinePolicy.objects.create(category=cast.category, max_extension_days=10)
    g = in_progress(cast)
    with refused("1 to 10 days"):
        lifecycle.request_extension(g, by=cast.handler, days=11, reason="需时间")


def test_only_one_extension_is_allowed(cast):
    g = in_progress(cast)
    lifecycle.request_extension(g, by=cast.handler, days=10, reason="需时间")
    with refused("only one"):
        lifecycle.request_extension(g, by=cast.leader, days=5, reason="还需时间")


def test_not_even_after_the_first_was_approved(cast):
    g = in_progress(cast)
    ext = lifecycle.request_extension(g, by=cast.handler, days=10, reason="需时间")
    lifecycle.decide_extension(ext, by=cast.head, approve=True)
    with refused("only one"):
        lifecycle.request_extension(g, by=cast.handler, days=5, reason="还需时间")


def test_after_a_refusal_one_may_ask_again(cast):
    g = in_progress(cast)
    ext = lifecycle.request_extension(g, by=cast.handler, days=30, reason="需时间")
    lifecycle.decide_extension(ext, by=cast.head, approve=False)
    again = lifecycle.request_extension(g, by=cast.handler, days=10, reason="只需十天")
    assert again.state == ExtensionState.PENDING


def test_it_refuses_an_extension_without_a_reason(cast):
    g = in_progress(cast)
    with refused("reason for the extension"):
        lifecycle.request_extension(g, by=cast.handler, days=10, reason="")


@pytest.mark.parametrize("make", [received, replied])
def test_extensions_are_for_cases_being_worked_on(cast, make):
    g = make(cast)
    with refused("not possible while"):
        lifecycle.request_extension(g, by=cast.leader, days=10, reason="需时间")


@pytest.mark.parametrize("who", ["clerk", "outsider", "auditor"])
def test_clerks_outsiders_and_auditors_ask_for_no_extension(cast, who):
    g = in_progress(cast)
    with refused(error=NotAllowed):
        lifecycle.request_extension(g, by=getattr(cast, who), days=10, reason="需时间")
