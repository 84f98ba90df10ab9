"""The escalation chain run by two real worker processes at once: each step notifies its
people once (PostgreSQL run only, like tests/test_worker_processes.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from duty.models import Alert, AlertPage, Shift
from duty.tests.incident_helpers import initial
from notices.models import Notice
from tests.test_worker_processes import shared_database, start  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_take_each_step_of_the_chain_once_until_acknowledged(
    cast,
    shared_database,  # noqa: F811
    tmp_path,
):
    now = timezone.now()
    Shift.objects.create(
        unit=cast.workshop, starts=now - timedelta(hours=1), ends=now + timedelta(hours=8),
        officer=cast.handler, leader=cast.leader,
    )  # fmt: skip
    incidents = [initial(cast, now - timedelta(minutes=1), severity=2) for _ in range(20)]
    # Ten minutes have passed for every alert: the duty leader's step is due.
    Alert.objects.update(next_at=now - timedelta(seconds=1), opened_at=now - timedelta(minutes=10))
    procs = [start(shared_database, tmp_path, "worker", "--once") for _ in range(2)]
    outputs = [p.communicate(timeout=180)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert AlertPage.objects.filter(step="leader").count() == len(incidents)
    assert Notice.objects.filter(kind="incident.alert", recipient=cast.leader).count() == len(
        incidents
    )
    assert not Alert.objects.exclude(sweep_claim="").exists()
    # Acknowledged: the chain stops; the next run of the workers takes no step.
    from duty import escalation

    for a in Alert.objects.all():
        escalation.acknowledge(a, by=cast.leader)
    Alert.objects.update(next_at=now - timedelta(seconds=1))  # would be due, were it open
    from minsheng.models import ScheduleSlot

    ScheduleSlot.objects.update(next_run_at=now - timedelta(seconds=1))
    procs = [start(shared_database, tmp_path, "worker", "--once") for _ in range(2)]
    [p.communicate(timeout=180) for p in procs]
    assert AlertPage.objects.filter(step="head").count() == 0
    assert Notice.objects.filter(kind="incident.alert").count() == 2 * len(incidents)
