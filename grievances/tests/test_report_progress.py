from __future__ import annotations

import pytest

from grievances import lifecycle
from grievances.models import EventKind
from grievances.tests.helpers import fresh, in_progress, refused
from minsheng.errors import NotAllowed


def supervised(cast):
    g = in_progress(cast)
    s = lifecycle.supervise(g, by=cast.head, instructions="每周报告进展", due=g.resolve_due)
    return g, s


def test_the_handler_reports_progress_to_the_supervisor(cast):
    g, s = supervised(cast)
    lifecycle.report_progress(s, by=cast.handler, text="已核对名单，下周发放")
    ev = g.events.get(kind=EventKind.SUPERVISION_REPORT)
    assert ev.public is False and ev.actor == cast.handler
    assert ev.text == "已核对名单，下周发放" and ev.data == {"supervision": s.pk}


def test_the_report_is_offered_only_on_a_supervised_case(cast):
    g = in_progress(cast)
    assert "report" not in lifecycle.allowed_actions(cast.handler, g)
    g, _ = supervised(cast)
    assert "report" in lifecycle.allowed_actions(cast.handler, fresh(g))


def test_it_refuses_an_empty_report(cast):
    _, s = supervised(cast)
    with refused("progress report"):
        lifecycle.report_progress(s, by=cast.handler, text="")


@pytest.mark.parametrize("who", ["clerk", "outsider", "auditor"])
def test_clerks_outsiders_and_auditors_report_nothing(cast, who):
    _, s = supervised(cast)
    with refused(error=NotAllowed):
        lifecycle.report_progress(s, by=getattr(cast, who), text="进展")
