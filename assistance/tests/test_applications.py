from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from assistance import lifecycle
from assistance.models import AppState, HouseholdStatus, Payment
from assistance.tests.helpers import household, programme, to_state
from minsheng.errors import DomainError, NotAllowed


def test_the_whole_flow_from_application_to_payment(cast: Any) -> None:
    a = to_state(cast, "paid")
    assert a.state == AppState.PAID and a.amount == Decimal("2000")
    assert [e.kind for e in a.events.all()] == [
        "applied",
        "visited",
        "reviewed",
        "published",
        "approved",
        "paid",
    ]
    assert a.household.status == HouseholdStatus.SUPPORTED
    assert Payment.objects.get().amount == Decimal("2000")


def test_the_application_records_whether_the_eligibility_rule_holds(cast: Any) -> None:
    a = lifecycle.apply(household(cast), programme(cast), by=cast.clerk)
    assert a.events.get().data["eligible"] is True


def test_the_benefit_rule_gives_the_amount_when_none_is_given(cast: Any) -> None:
    a = to_state(cast, "verified", p=programme(cast, benefit="1500"))
    lifecycle.committee_decision(
        a,
        by=cast.leader,
        members="甲乙丙",
        votes_for=2,
        votes_against=1,
        decision="support",
        reasons="ok",
    )
    a.refresh_from_db()
    assert a.amount == Decimal("1500") and a.state == AppState.REVIEWED


def test_a_referral_from_a_grievance_names_it(cast: Any) -> None:
    g, _code = cast.submit()
    a = lifecycle.apply(
        household(cast), programme(cast), by=cast.handler, channel="grievance", grievance=g
    )
    assert a.grievance == g
    with pytest.raises(DomainError, match="name the grievance"):
        lifecycle.apply(household(cast), programme(cast), by=cast.handler, channel="grievance")


def test_it_refuses_a_programme_not_covering_the_unit_and_a_second_open_application(
    cast: Any,
) -> None:
    h = household(cast)
    p = programme(cast)
    other = programme(cast, name="别处的")
    other.units.set([cast.branch_b])
    with pytest.raises(DomainError, match="not open"):
        lifecycle.apply(h, other, by=cast.clerk)
    lifecycle.apply(h, p, by=cast.clerk)
    with pytest.raises(DomainError, match="already has an open application"):
        lifecycle.apply(h, p, by=cast.clerk)


def test_steps_out_of_order_are_refused_and_change_nothing(cast: Any) -> None:
    a = to_state(cast, "verified")
    with pytest.raises(DomainError):
        lifecycle.publish_notice(a, by=cast.handler)
    with pytest.raises(DomainError):
        lifecycle.approve(a, by=cast.leader)
    with pytest.raises(DomainError):
        lifecycle.pay(a, by=cast.clerk, amount="1", paid_on=timezone.localdate(), method="bank")
    a.refresh_from_db()
    assert a.state == AppState.VERIFIED and a.version == 2


def test_a_clerk_cannot_decide_and_an_outsider_cannot_act(cast: Any) -> None:
    a = to_state(cast, "verified")
    with pytest.raises(NotAllowed):
        lifecycle.committee_decision(
            a,
            by=cast.clerk,
            members="x",
            votes_for=3,
            votes_against=0,
            decision="support",
            reasons="r",
            amount="100",
        )
    with pytest.raises(NotAllowed):
        lifecycle.record_visit(a, by=cast.outsider, visited_on=timezone.localdate(), findings="x")
    a.refresh_from_db()
    assert a.state == AppState.VERIFIED


def test_the_committee_decision_must_follow_the_votes(cast: Any) -> None:
    a = to_state(cast, "verified")
    with pytest.raises(DomainError, match="follow the votes"):
        lifecycle.committee_decision(
            a,
            by=cast.leader,
            members="x",
            votes_for=1,
            votes_against=2,
            decision="support",
            reasons="r",
            amount="100",
        )
    lifecycle.committee_decision(
        a,
        by=cast.leader,
        members="x",
        votes_for=1,
        votes_against=2,
        decision="reject",
        reasons="收入超标",
    )
    a.refresh_from_db()
    assert a.state == AppState.REFUSED and a.reason == "收入超标"


def test_approval_waits_for_the_end_of_the_notice_period(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    with pytest.raises(DomainError, match="notice period ends"):
        lifecycle.approve(a, by=cast.leader)
    a.refresh_from_db()
    assert a.state == AppState.ON_NOTICE
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        lifecycle.approve(a, by=cast.leader)
    a.refresh_from_db()
    assert a.state == AppState.APPROVED


def test_approval_waits_for_every_objection_to_be_answered_and_none_upheld(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    o, _again = lifecycle.lodge_objection(a, text="该户有车有房")
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later), pytest.raises(DomainError, match="not answered"):
        lifecycle.approve(a, by=cast.leader)
    with time_machine.travel(later), pytest.raises(DomainError, match="already answered"):
        lifecycle.answer_objection(o, by=cast.handler, answer="经核查属实", upheld=True)
        lifecycle.answer_objection(o, by=cast.handler, answer="again", upheld=False)
    with time_machine.travel(later), pytest.raises(DomainError, match="upheld"):
        lifecycle.approve(a, by=cast.leader)
    a.refresh_from_db()
    assert a.state == AppState.ON_NOTICE
    lifecycle.refuse(a, by=cast.leader, reasons="异议成立")
    a.refresh_from_db()
    assert a.state == AppState.REFUSED


def test_an_objection_is_refused_outside_the_notice(cast: Any) -> None:
    a = to_state(cast, "reviewed")
    with pytest.raises(DomainError, match="not open"):
        lifecycle.lodge_objection(a, text="x")
    lifecycle.publish_notice(a, by=cast.handler)
    with time_machine.travel(timezone.now() + timedelta(days=8)), pytest.raises(DomainError):
        lifecycle.lodge_objection(a, text="x")
    assert a.objections.count() == 0


def test_the_eligibility_rule_reads_the_households_facts(cast: Any) -> None:
    p = programme(cast, eligibility='"disability" in hardship and has_school_age_member')
    yes = lifecycle.apply(
        household(cast, hardship_types=["disability"]), p, by=cast.clerk
    )  # the helper's household has a child of 12
    no = lifecycle.apply(household(cast, hardship_types=["illness"]), p, by=cast.clerk)
    assert yes.events.get().data["eligible"] is True
    assert no.events.get().data["eligible"] is False
    facts = lifecycle.household_facts(yes.household)
    assert facts["members"] == 2 and facts["income_per_head"] == Decimal("400")
    assert facts["has_school_age_member"] is True and facts["hardship"] == ["disability"]
