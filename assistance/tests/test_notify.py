"""Staff hear of what waits on them: an objection to answer, an application that came in
from a household or a grievance, an approved application to pay. Titles never name the
household."""

from __future__ import annotations

from typing import Any

from assistance import lifecycle, notify
from assistance.models import Channel
from assistance.tests.helpers import household, programme, to_state
from notices.models import Notice


def _to(kind: str) -> set[Any]:
    return {n.recipient for n in Notice.objects.filter(kind=kind)}


def test_an_objection_reaches_the_units_handlers_and_leaders(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    lifecycle.lodge_objection(a, text="该户有经营收入，请再核实。")
    assert _to(notify.OBJECTION) == {cast.handler, cast.leader}
    note = Notice.objects.get(kind=notify.OBJECTION, recipient=cast.leader)
    assert a.code in note.title and "王" not in note.title


def test_an_application_from_the_household_reaches_those_who_visit(cast: Any) -> None:
    p = programme(cast)
    lifecycle.apply(household(cast), p, by=cast.clerk, channel=Channel.HOUSEHOLD)
    assert _to(notify.APPLIED) == {cast.handler, cast.leader}
    # One a member of staff opened themselves tells nobody.
    lifecycle.apply(household(cast), p, by=cast.handler, channel=Channel.STAFF)
    assert Notice.objects.filter(kind=notify.APPLIED).count() == 2


def test_an_approval_tells_those_who_pay_but_not_the_approver(cast: Any) -> None:
    a = to_state(cast, "approved", amount="1800")
    assert _to(notify.APPROVED) == {cast.clerk, cast.handler}
    note = Notice.objects.filter(kind=notify.APPROVED).first()
    assert note is not None and "1,800.00" in note.title and a.code in note.title
