"""Report deadlines at each severity, counted from the time the incident became known."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duty import incidents
from duty.models import ReportingDeadline
from duty.tests.incident_helpers import at, frozen, initial

pytestmark = pytest.mark.django_db
KNOWN = at(2026, 10, 1, 2, 0)  # a holiday night


@pytest.mark.parametrize(("severity", "minutes"), [(1, 30), (2, 60), (3, 120), (4, 24 * 60)])
def test_the_initial_report_is_on_time_up_to_its_deadline_and_late_after(cast, severity, minutes):
    with frozen(KNOWN + timedelta(minutes=minutes)):
        on_time = initial(cast, KNOWN, severity=severity)
    with frozen(KNOWN + timedelta(minutes=minutes, seconds=1)):
        late = initial(cast, KNOWN, severity=severity)
    assert on_time.initial_due == KNOWN + timedelta(minutes=minutes)
    assert not on_time.late and not on_time.reports.get().late
    assert late.late and late.reports.get().late


def test_the_organisation_sets_its_own_deadlines(cast):
    ReportingDeadline.objects.create(severity=4, initial_minutes=60, final_days=2)
    with frozen(KNOWN + timedelta(minutes=61)):
        i = initial(cast, KNOWN, severity=4)
    assert i.late
    assert i.final_due == KNOWN + timedelta(days=2)


def test_a_late_report_stays_late_after_a_correction(cast):
    with frozen(KNOWN + timedelta(hours=3)):
        i = initial(cast, KNOWN, severity=1)
    with frozen(KNOWN + timedelta(hours=4)):
        new = incidents.correct(
            i.reports.get(), by=cast.handler, reason="人数核实", people_affected=9
        )
    i.refresh_from_db()
    assert new.late and i.late


def test_a_final_report_after_its_window_is_late(cast):
    with frozen(KNOWN):
        i = initial(cast, KNOWN, severity=2)
    with frozen(KNOWN + timedelta(days=10, minutes=1)):
        r = incidents.file_final(i, by=cast.handler, what_happened="处置完毕。")
    i.refresh_from_db()
    assert r.late and i.late
