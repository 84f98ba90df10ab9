from __future__ import annotations

from datetime import date

import pytest

from grievances import lifecycle
from grievances.models import TEXT_MAX, DueKind, EventKind, Grievance, Reply, State
from grievances.tests.helpers import (
    accepted,
    assigned,
    audit_actions,
    fresh,
    frozen,
    in_progress,
    received,
    refused,
)
from minsheng.errors import NotAllowed
from orgs.models import Membership, Role

GOOD = {"facts": "查明未发放", "decision": "十日内补发", "reasons": "依照薪酬制度"}


def test_the_owner_replies_with_facts_decision_reasons_and_policy(cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)
        r = lifecycle.reply(
            g, by=cast.leader, policy="《薪酬管理办法》第十二条", version=fresh(g).version, **GOOD
        )
    g = fresh(g)
    assert g.state == State.REPLIED and g.replied_at is not None
    assert (r.facts, r.decision, r.reasons) == ("查明未发放", "十日内补发", "依照薪酬制度")
    assert r.policy == "《薪酬管理办法》第十二条" and r.author == cast.leader
    assert g.feedback_due == date(2026, 4, 1) and g.review_window_due == date(2026, 4, 1)
    assert (g.next_due, g.next_due_kind) == (date(2026, 4, 1), DueKind.FEEDBACK)
    assert g.events.get(kind=EventKind.REPLIED).data == {"reply": r.pk, "review_level": 0}
    assert audit_actions(g)[-1] == "grievance.replied"


def test_the_assigned_handler_may_reply(cast):
    lifecycle.reply(assigned(cast), by=cast.handler, **GOOD)
    assert Reply.objects.get().author == cast.handler


def test_a_handler_not_on_the_case_may_not_reply(cast, django_user_model):
    other = django_user_model.objects.create_user("handler2")
    Membership.objects.create(user=other, unit=cast.workshop, role=Role.HANDLER)
    g = in_progress(cast)
    with refused(error=NotAllowed):
        lifecycle.reply(g, by=other, **GOOD)


@pytest.mark.parametrize(
    ("field", "message"),
    [("facts", "the facts found"), ("decision", "the decision"), ("reasons", "the reasons")],
)
def test_it_refuses_a_reply_without_facts_decision_or_reasons(cast, field, message):
    g = in_progress(cast)
    with refused(f"Please give {message}"):
        lifecycle.reply(g, by=cast.leader, **{**GOOD, field: "  "})


@pytest.mark.parametrize("field", ["facts", "decision", "reasons", "policy"])
def test_it_refuses_a_reply_over_the_length_limit(cast, field):
    g = in_progress(cast)
    with refused("longer than 5000"):
        lifecycle.reply(g, by=cast.leader, **{**GOOD, field: "字" * (TEXT_MAX + 1)})


@pytest.mark.parametrize("make", [received, accepted])
def test_a_case_is_replied_to_once_it_has_an_owner(cast, make):
    g = make(cast)
    with refused("not possible while"):
        lifecycle.reply(g, by=cast.leader, **GOOD)


@pytest.mark.parametrize("who", ["clerk", "outsider", "auditor"])
def test_clerks_outsiders_and_auditors_do_not_reply(cast, who):
    g = in_progress(cast)
    with refused(error=NotAllowed):
        lifecycle.reply(g, by=getattr(cast, who), **GOOD)


def test_every_case_merged_into_a_collective_case_is_answered(cast):
    primary = accepted(cast)
    others = [received(cast, headcount=3), received(cast)]
    lifecycle.merge(primary, others, by=cast.leader)
    primary = lifecycle.assign(primary, by=cast.leader, owner=cast.leader, handler=cast.handler)
    r = lifecycle.reply(primary, by=cast.leader, **GOOD)
    for g in [primary, *others]:
        g = fresh(g)
        assert g.state == State.REPLIED and g.feedback_due is not None
        assert g.events.filter(kind=EventKind.REPLIED, data__reply=r.pk).exists()
    assert Reply.objects.count() == 1
    assert Grievance.objects.filter(state=State.REPLIED).count() == 3


def test_a_reply_ends_the_supervision(cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)
        s = lifecycle.supervise(g, by=cast.head, instructions="尽快办结", due=date(2026, 3, 20))
        lifecycle.reply(g, by=cast.leader, **GOOD)
    s.refresh_from_db()
    assert s.active is False and fresh(g).supervised is False
