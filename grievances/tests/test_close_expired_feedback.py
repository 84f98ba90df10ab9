from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command

from audit.models import AuditRecord
from grievances import lifecycle
from grievances.models import EventKind, Rating, State, TimelineEvent
from grievances.tests.helpers import fresh, frozen, in_progress, replied


def test_the_sweep_closes_only_cases_whose_feedback_window_has_ended(cast):
    with frozen(2026, 3, 2):
        old = [replied(cast), replied(cast)]  # feedback window ends 1 April
        rated = lifecycle.rate(replied(cast), rating=Rating.SATISFIED)
    with frozen(2026, 3, 20):
        recent = replied(cast)  # window ends 19 April
        working = in_progress(cast)
    closed = lifecycle.close_expired_feedback(today=date(2026, 4, 2))
    assert closed == 2
    for g in old:
        g = fresh(g)
        assert g.state == State.CLOSED and g.rating == "" and g.next_due is None
        ev = g.events.get(kind=EventKind.CLOSED)
        assert ev.actor is None and ev.data == {"reason": "feedback window ended"}
    assert fresh(recent).state == State.REPLIED
    assert fresh(working).state == State.IN_PROGRESS
    assert fresh(rated).events.filter(kind=EventKind.CLOSED).count() == 0
    assert AuditRecord.objects.filter(action="grievance.closed", actor_label="system").count() == 2


def test_the_last_day_of_the_window_is_still_open(cast):
    with frozen(2026, 3, 2):
        g = replied(cast)
    assert lifecycle.close_expired_feedback(today=date(2026, 4, 1)) == 0
    assert fresh(g).state == State.REPLIED


def test_running_the_sweep_twice_closes_nothing_more(cast):
    with frozen(2026, 3, 2):
        replied(cast)
    assert lifecycle.close_expired_feedback(today=date(2026, 4, 2)) == 1
    events, audit = TimelineEvent.objects.count(), AuditRecord.objects.count()
    assert lifecycle.close_expired_feedback(today=date(2026, 4, 2)) == 0
    assert (TimelineEvent.objects.count(), AuditRecord.objects.count()) == (events, audit)


def test_the_sweep_command_reports_what_it_closed(cast):
    with frozen(2026, 3, 2):
        g = replied(cast)
    out = StringIO()
    with frozen(2026, 4, 2):
        call_command("sweep", stdout=out)
    assert "grievances.sweep: closed 1," in out.getvalue()
    assert fresh(g).state == State.CLOSED
