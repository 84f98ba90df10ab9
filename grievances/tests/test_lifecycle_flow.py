from __future__ import annotations

from audit.verify import verify_chain
from grievances import lifecycle
from grievances.models import EventKind, Rating, State


def test_a_grievance_goes_from_intake_to_review(cast):
    g, secret = cast.submit()
    assert g.state == State.RECEIVED and len(secret) == 8
    g = lifecycle.accept(g, by=cast.handler, version=g.version)
    assert g.state == State.ACCEPTED and g.resolve_due is not None
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    assert g.state == State.ASSIGNED
    g = lifecycle.log_contact(g, by=cast.handler, kind=EventKind.VISIT, summary="到车间走访")
    assert g.state == State.IN_PROGRESS
    lifecycle.reply(g, by=cast.leader, facts="查明", decision="补发", reasons="依规")
    g.refresh_from_db()
    assert g.state == State.REPLIED
    g = lifecycle.rate(g, rating=Rating.DISSATISFIED)
    assert g.state == State.CLOSED
    g = lifecycle.request_review(g, reason="补发金额不对")
    assert g.state == State.UNDER_REVIEW and g.review_unit == cast.branch_a
    g = lifecycle.decide_review(g, by=cast.head, upheld=True, opinion="维持原答复")
    assert g.state == State.REPLIED
    checked, problems = verify_chain()
    assert checked >= 8 and problems == []
