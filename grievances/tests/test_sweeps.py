"""The grievance sweeps, with the clock moved: escalation up the tree, due-soon warnings,
windows that end, extension reminders; each run twice changes nothing more."""

from __future__ import annotations

from datetime import timedelta

import pytest

from audit.models import AuditRecord
from grievances import lifecycle, sweeps
from grievances.models import EventKind, ExtensionRequest, State
from grievances.tests.helpers import assigned, fresh, frozen, received, replied


@pytest.fixture
def told(monkeypatch):
    """Who each notice went to: (what, code, usernames), in order."""
    calls: list[tuple[str, str, list[str]]] = []

    def recorder(what):
        def record(g, people, *rest):
            code = getattr(g, "code", None) or g.grievance.code
            calls.append((what, code, sorted(p.username for p in people)))
            return len(people)

        return record

    for what in ("due_soon", "escalated", "extension_waiting"):
        monkeypatch.setattr(sweeps.notify, what, recorder(what))
    monkeypatch.setattr(sweeps.notify, "complainant", lambda g, what: 0)
    return calls


def escalations(g):
    return list(
        g.events.filter(kind=EventKind.ESCALATED)
        .order_by("id")
        .values_list("data__level", "data__unit", "data__to")
    )


def test_an_undecided_case_climbs_to_the_leaders_then_each_head_above_and_stops_at_the_top(
    cast, told
):
    with frozen(2026, 3, 2):
        g = received(cast)  # acceptance due 2026-03-17
    with frozen(2026, 3, 17):
        assert sweeps.escalate_overdue() == 0  # due today is not overdue
    with frozen(2026, 3, 18):
        assert sweeps.escalate_overdue() == 1
    with frozen(2026, 3, 19):
        assert sweeps.escalate_overdue() == 0  # the interval (2 days) has not passed
    with frozen(2026, 3, 20, 10, 1):
        assert sweeps.escalate_overdue() == 1
    with frozen(2026, 3, 22, 10, 2):
        assert sweeps.escalate_overdue() == 1
    with frozen(2026, 3, 24, 10, 3):
        assert sweeps.escalate_overdue() == 0  # nobody above the chief
    with frozen(2026, 4, 30):
        assert sweeps.escalate_overdue() == 0
    assert escalations(g) == [
        (1, "", ["leader"]),
        (2, "A", ["head"]),
        (3, "HQ", ["chief"]),
    ]
    assert [c[2] for c in told] == [["leader"], ["head"], ["chief"]]
    g = fresh(g)
    assert g.escalation_level == 3 and g.escalated_to == cast.hq and g.escalate_at is None
    assert AuditRecord.objects.filter(action="grievance.escalated").count() == 3


def test_an_assigned_case_goes_first_to_its_owner_and_handler(cast, told):
    with frozen(2026, 3, 2):
        g = assigned(cast)
        g.resolve_due = g.next_due = g.received_at.date() + timedelta(days=5)
        g.save()
    with frozen(2026, 3, 9):
        assert sweeps.escalate_overdue() == 1
    assert told == [("escalated", g.code, ["handler", "leader"])]


def test_taking_the_step_ends_the_escalation(cast, told):
    with frozen(2026, 3, 2):
        g = received(cast)
    with frozen(2026, 3, 18):
        sweeps.escalate_overdue()
    with frozen(2026, 3, 20, 11):
        sweeps.escalate_overdue()
        assert fresh(g).escalation_level == 2
        lifecycle.accept(fresh(g), by=cast.handler)
    g = fresh(g)
    assert (g.escalation_level, g.escalate_at, g.escalated_to) == (0, None, None)
    with frozen(2026, 3, 25):
        assert sweeps.escalate_overdue() == 0


def test_a_sweep_run_twice_escalates_and_warns_once(cast, told):
    with frozen(2026, 3, 2):
        g = received(cast)
    with frozen(2026, 3, 15):
        assert sweeps.warn_due_soon() == 1
        assert sweeps.warn_due_soon() == 0
    with frozen(2026, 3, 18):
        first = sweeps.sweep()
        again = sweeps.sweep()
    assert (first.escalated, again.escalated) == (1, 0)
    assert len(escalations(g)) == 1
    assert [c[0] for c in told] == ["due_soon", "escalated"]


def test_a_due_soon_warning_goes_out_again_for_a_new_deadline(cast, told):
    with frozen(2026, 3, 2):
        g = received(cast)
    with frozen(2026, 3, 15):
        sweeps.warn_due_soon()
        lifecycle.accept(fresh(g), by=cast.handler)  # reply due in 60 days: not soon
        assert sweeps.warn_due_soon() == 0
    with frozen(2026, 5, 12):  # the reply is due on 2026-05-14
        assert sweeps.warn_due_soon() == 1
    assert [(c[0], c[2]) for c in told] == [("due_soon", ["leader"]), ("due_soon", ["leader"])]


def test_a_killed_sweep_loses_nothing_and_the_next_run_finishes(cast, told, monkeypatch):
    with frozen(2026, 3, 2):
        g = received(cast)
    real = sweeps.notify.escalated

    def dies(*args):
        raise KeyboardInterrupt("worker killed")

    monkeypatch.setattr(sweeps.notify, "escalated", dies)
    with frozen(2026, 3, 18), pytest.raises(KeyboardInterrupt):
        sweeps.escalate_overdue()
    g = fresh(g)
    assert g.escalation_level == 0 and g.sweep_claim == ""
    assert escalations(g) == []
    monkeypatch.setattr(sweeps.notify, "escalated", real)
    with frozen(2026, 3, 18, 11):
        assert sweeps.escalate_overdue() == 1
    assert len(escalations(g)) == 1


def test_replies_close_when_the_feedback_window_ends_and_become_final_after_the_review_window(
    cast, told
):
    with frozen(2026, 3, 2):
        g = replied(cast)
    feedback_due, review_due = g.feedback_due, g.review_window_due
    assert review_due >= feedback_due
    with frozen(feedback_due.year, feedback_due.month, feedback_due.day):
        assert sweeps.close_expired_feedback() == 0
    after = review_due + timedelta(days=1)
    with frozen(after.year, after.month, after.day):
        first = sweeps.sweep()
        again = sweeps.sweep()
    assert (first.closed, first.finalised) == (1, 1)
    assert (again.closed, again.finalised) == (0, 0)
    assert fresh(g).state == State.CLOSED
    public = list(fresh(g).events.filter(public=True).values_list("kind", flat=True))
    assert public[-2:] == [EventKind.CLOSED, EventKind.REVIEW_WINDOW_ENDED]


def test_a_waiting_extension_reminds_its_deciders_once_a_day(cast, told):
    with frozen(2026, 3, 2):
        g = assigned(cast)
        lifecycle.request_extension(g, by=cast.handler, days=10, reason="需要补充材料")
        assert sweeps.remind_waiting_extensions() == 0  # asked today
    with frozen(2026, 3, 3):
        assert sweeps.remind_waiting_extensions() == 1
        assert sweeps.remind_waiting_extensions() == 0
    with frozen(2026, 3, 4):
        assert sweeps.remind_waiting_extensions() == 1
        ext = ExtensionRequest.objects.get()
        lifecycle.decide_extension(ext, by=cast.head, approve=True)
    with frozen(2026, 3, 5):
        assert sweeps.remind_waiting_extensions() == 0
    assert told == [("extension_waiting", g.code, ["head"])] * 2


def test_a_decided_case_is_not_escalated_and_a_case_in_feedback_never_is(cast, told):
    with frozen(2026, 3, 2):
        lifecycle.decline(received(cast), by=cast.handler, reasons="不属于受理范围")
        replied(cast)
    with frozen(2026, 12, 1):
        assert sweeps.escalate_overdue() == 0


def test_escalation_puts_a_notice_in_each_inbox_once(cast):
    from notices.models import Notice

    with frozen(2026, 3, 2):
        g = received(cast)
    for moment in ((2026, 3, 18), (2026, 3, 20, 11), (2026, 3, 22, 12)):
        with frozen(*moment):
            sweeps.sweep()
            sweeps.sweep()  # a second worker at the same moment
    inbox = list(Notice.objects.order_by("id").values_list("recipient__username", "kind"))
    assert inbox == [
        ("leader", "grievance.overdue"),
        ("head", "grievance.escalated"),
        ("chief", "grievance.escalated"),
    ]
    assert all(g.code in n.title for n in Notice.objects.all())


def test_the_complainant_hears_that_the_case_closed_when_the_window_ends(cast):
    from notices.models import Outbox

    with frozen(2026, 3, 2):
        g = replied(cast)
    before = Outbox.objects.filter(kind="complainant.closed").count()
    after = g.feedback_due + timedelta(days=1)
    with frozen(after.year, after.month, after.day):
        sweeps.sweep()
        sweeps.sweep()
    assert Outbox.objects.filter(kind="complainant.closed").count() == before + 1
