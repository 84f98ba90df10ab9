from __future__ import annotations

import pytest

from demo.registry import Context, seed_all
from duty.models import Incident, IncidentLink, Report

pytestmark = pytest.mark.django_db


def test_the_demo_has_incidents_at_every_severity_late_missing_corrected_and_linked():
    ctx = Context(seed=1, volumes={"grievances": 120}, options={"full_histories": 120})
    report = seed_all(ctx)
    assert "Incidents:" in report.lines["duty-incidents"][0]
    assert 55 <= Incident.objects.count() <= 65
    assert set(Incident.objects.values_list("severity", flat=True)) == {1, 2, 3, 4}
    assert Incident.objects.filter(late=True).count() >= 3
    assert Incident.objects.filter(missing=True).count() == 2
    assert Report.objects.filter(version=2).count() == 1
    assert IncidentLink.objects.filter(grievance__is_collective=True).count() == 1
    assert Incident.objects.filter(state="open", missing=False).exists()
