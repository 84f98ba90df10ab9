"""Duty compliance on the unit scorecard: reports on time, late and missing, the minutes to
acknowledge, the hours with nobody on duty and heightened shifts without a leader, for a
branch head over two days whose figures are worked out by hand."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from duty import escalation, incidents, sweeps
from duty.models import Alert
from duty.tests.incident_helpers import at, frozen, initial, shift


@pytest.fixture
def two_days(cast):
    """
    1–2 March 2026 (48 hours) at the workshop, under branch A:
    - one shift, 1 Mar 08:30 → 2 Mar 08:30, the organisation's first: hours count from
      it, so 15.5 hours uncovered at the workshop (2 Mar 08:30 → 3 Mar 00:00) and 39.5 at
      branch A itself, which keeps no roster;
    - incident 1, severity IV, known 1 Mar 10:00, reported at once, its alert acknowledged
      12 minutes later by the duty leader, final report on 3 Mar: on time;
    - incident 2, severity I, known 1 Mar 12:00, first reported at 13:00 (due 12:30), final
      report on 3 Mar: late;
    - incident 3, severity IV, known 2 Mar 09:00, reported at once, no final report within
      its 30 days: marked missing by the sweep;
    - incident 4 at branch B, known the same day: not the branch head's.
    """
    shift(cast, at(2026, 3, 1, 8, 30))
    with frozen(at(2026, 3, 1, 10, 0)):
        one = initial(cast, at(2026, 3, 1, 10, 0))
    with frozen(at(2026, 3, 1, 10, 12)):
        escalation.acknowledge(Alert.objects.get(incident=one), by=cast.leader)
    with frozen(at(2026, 3, 1, 13, 0)):
        two = initial(cast, at(2026, 3, 1, 12, 0), severity=1, title="配电房起火")
    with frozen(at(2026, 3, 3, 9, 0)):
        for done in (one, two):
            incidents.file_final(done, by=cast.handler, what_happened="已处置完毕。")
    with frozen(at(2026, 3, 2, 9, 0)):
        initial(cast, at(2026, 3, 2, 9, 0), by=cast.leader, title="道路积水")
    with frozen(at(2026, 3, 1, 11, 0)):
        initial(cast, at(2026, 3, 1, 11, 0), by=cast.outsider, unit=cast.branch_b)
    with frozen(at(2026, 4, 20)):
        assert sweeps.mark_missing() >= 1


def test_the_scorecard_shows_the_duty_figures_of_the_period(client, cast, two_days):
    client.force_login(cast.head)
    with frozen(at(2026, 4, 20)):
        page = client.get(
            reverse("grievances:scorecard"),
            {
                "unit": cast.branch_a.pk,
                "start": "2026-03-01",
                "end": "2026-03-02",
                "export": "csv",
                "section": "duty",
            },
        )
    rows = list(csv.reader(io.StringIO(b"".join(page.streaming_content).decode("utf-8-sig"))))
    by_unit = {r[0]: r[1:] for r in rows[1:]}
    # on time, late, missing, minutes to acknowledge, hours uncovered, leaderless
    assert by_unit[cast.workshop.display_name] == ["1", "1", "1", "12.0", "15.5", "0"]
    assert by_unit[cast.branch_a.display_name] == ["1", "1", "1", "12.0", "55.0", "0"]


def test_the_section_is_on_the_page_in_chinese(client, cast, two_days):
    client.force_login(cast.head)
    with frozen(at(2026, 4, 20)):
        html = client.get(
            reverse("grievances:scorecard"),
            {"unit": cast.branch_a.pk, "start": "2026-03-01", "end": "2026-03-02"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    assert "值班：信息报送与排班" in html and "迟报" in html and "漏报" in html


def test_hours_still_to_come_are_not_counted_as_uncovered(client, cast):
    shift(cast, at(2026, 2, 28, 8, 30), hours=15)  # the roster began the day before
    client.force_login(cast.head)
    with frozen(at(2026, 3, 1, 12, 0)):
        page = client.get(
            reverse("grievances:scorecard"),
            {
                "unit": cast.branch_a.pk,
                "start": "2026-03-01",
                "end": "2026-03-01",
                "export": "csv",
                "section": "duty",
            },
        )
    rows = list(csv.reader(io.StringIO(b"".join(page.streaming_content).decode("utf-8-sig"))))
    assert {r[0]: r[5] for r in rows[1:]}[cast.workshop.display_name] == "12.0"
