from __future__ import annotations

from datetime import date

import pytest

from grievances import lifecycle
from grievances.models import TEXT_MAX, EventKind, State
from grievances.tests.helpers import accepted, assigned, frozen, in_progress, kinds, refused
from minsheng.errors import NotAllowed


def test_a_visit_on_an_assigned_case_puts_it_in_progress(cast):
    g = assigned(cast)
    with frozen(2026, 3, 5):
        g = lifecycle.log_contact(
            g,
            by=cast.handler,
            kind=EventKind.VISIT,
            summary="到三车间走访，听取工人意见",
            when=date(2026, 3, 4),
            place="三车间休息室",
            participants=12,
            version=g.version,
        )
    assert g.state == State.IN_PROGRESS
    ev = g.events.get(kind=EventKind.VISIT)
    assert ev.public is True
    assert ev.text == "到三车间走访，听取工人意见"
    assert ev.data == {"date": "2026-03-04", "place": "三车间休息室", "participants": 12}


@pytest.mark.parametrize("kind", [EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE])
def test_visits_appointments_and_dialogues_are_public(cast, kind):
    g = in_progress(cast)
    lifecycle.log_contact(g, by=cast.handler, kind=kind, summary="与工人代表座谈")
    assert kinds(g)[-1] == kind
    assert g.events.filter(kind=kind).latest("id").public is True


def test_a_note_is_internal(cast):
    g = in_progress(cast)
    lifecycle.log_contact(g, by=cast.handler, kind=EventKind.NOTE, summary="财务说月底才有钱")
    note = g.events.get(kind=EventKind.NOTE)
    assert note.public is False


def test_without_a_date_the_contact_is_dated_today(cast):
    g = in_progress(cast)
    with frozen(2026, 3, 5, 23, 30):  # late evening in Shanghai, already the 5th
        lifecycle.log_contact(g, by=cast.handler, kind=EventKind.NOTE, summary="电话联系")
    assert g.events.get(kind=EventKind.NOTE).data["date"] == "2026-03-05"


def test_it_refuses_a_date_in_the_future(cast):
    g = in_progress(cast)
    with frozen(2026, 3, 5), refused("cannot be in the future"):
        lifecycle.log_contact(
            g, by=cast.handler, kind=EventKind.VISIT, summary="走访", when=date(2026, 3, 6)
        )


def test_it_refuses_an_unknown_kind_of_contact(cast):
    g = in_progress(cast)
    with refused("Unknown kind"):
        lifecycle.log_contact(g, by=cast.handler, kind=EventKind.REPLIED, summary="走访")


@pytest.mark.parametrize(
    ("summary", "message"), [("  ", "Please give a summary"), ("字" * (TEXT_MAX + 1), "longer")]
)
def test_it_refuses_a_missing_or_oversized_summary(cast, summary, message):
    g = in_progress(cast)
    with refused(message):
        lifecycle.log_contact(g, by=cast.handler, kind=EventKind.VISIT, summary=summary)


def test_it_refuses_zero_participants(cast):
    g = in_progress(cast)
    with refused("participants"):
        lifecycle.log_contact(
            g, by=cast.handler, kind=EventKind.DIALOGUE, summary="座谈", participants=0
        )


def test_contacts_are_logged_once_the_case_has_an_owner(cast):
    g = accepted(cast)
    with refused("not possible while the case is Accepted"):
        lifecycle.log_contact(g, by=cast.handler, kind=EventKind.VISIT, summary="走访")


@pytest.mark.parametrize("who", ["clerk", "outsider", "auditor"])
def test_clerks_outsiders_and_auditors_log_no_contacts(cast, who):
    g = in_progress(cast)
    with refused(error=NotAllowed):
        lifecycle.log_contact(g, by=getattr(cast, who), kind=EventKind.VISIT, summary="走访")
