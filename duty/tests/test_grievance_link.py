"""A grievance linked to an incident shows the link on its own timeline too (both ways)."""

from __future__ import annotations

import pytest

from duty import incidents
from duty.tests.incident_helpers import at, frozen, initial

pytestmark = pytest.mark.django_db


def test_linking_writes_a_staff_only_event_on_the_case(cast):
    g, _secret = cast.submit()
    with frozen(at(2026, 12, 6, 9)):
        i = initial(cast, at(2026, 12, 6, 9), by=cast.leader)
        incidents.link_grievance(i, by=cast.leader, code=g.code)
    event = g.events.get(kind="linked")
    assert (event.actor, event.public, event.data["ref"]) == (cast.leader, False, i.code)
    assert i.code in event.text and i.title in event.text
