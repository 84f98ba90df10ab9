from __future__ import annotations

from datetime import timedelta

import pytest

from duty import incidents
from duty.models import Report
from duty.tests.incident_helpers import at, frozen, initial, refused

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 6, 21, 30)


def test_a_correction_is_a_new_version_and_every_version_stays_readable(cast, client):
    with frozen(NOW):
        i = initial(cast, NOW, people_affected=3)
    first = i.reports.get()
    with frozen(NOW + timedelta(hours=1)):
        second = incidents.correct(first, by=cast.leader, reason="核实后为八人", people_affected=8)
    assert (second.sequence, second.version, second.supersedes_id) == (1, 2, first.pk)
    assert second.reason == "核实后为八人"
    assert Report.objects.get(pk=first.pk).people_affected == 3  # untouched
    i.refresh_from_db()
    assert i.people_affected == 8
    client.force_login(cast.handler)
    page = client.get(f"/console/duty/incidents/{i.code}/").content.decode()
    assert "Corrected: see the next version" in page
    assert "核实后为八人" in page and "version 2" in page


def test_a_correction_needs_a_reason_and_a_change(cast):
    with frozen(NOW):
        i = initial(cast, NOW)
    r = i.reports.get()
    with frozen(NOW), refused("reason"):
        incidents.correct(r, by=cast.handler, reason="  ", people_affected=8)
    with frozen(NOW), refused("changes nothing"):
        incidents.correct(r, by=cast.handler, reason="无", people_affected=r.people_affected)


def test_only_the_newest_version_can_be_corrected(cast):
    with frozen(NOW):
        i = initial(cast, NOW)
        first = i.reports.get()
        incidents.correct(first, by=cast.handler, reason="更正", people_affected=8)
    with frozen(NOW), refused("corrected already"):
        incidents.correct(first, by=cast.handler, reason="再改", people_affected=9)


def test_an_outsider_cannot_correct(cast):
    with frozen(NOW):
        i = initial(cast, NOW)
    with frozen(NOW), refused("unit you act in"):
        incidents.correct(i.reports.get(), by=cast.outsider, reason="x", people_affected=1)
