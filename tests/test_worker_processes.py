"""The worker as it runs in production: real `minsheng worker` processes on the test database.
Two workers at once never double an escalation or a notice; a worker killed mid-sweep loses
nothing, and the next run finishes the work.

These need a database other processes can open, so they run in the PostgreSQL run of the
suite (`make test` runs both); the SQLite run uses a private in-memory database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from grievances.models import EventKind, Grievance, TimelineEvent
from grievances.tests.helpers import received
from minsheng.models import ScheduleSlot
from notices.models import Notice

pytestmark = pytest.mark.django_db(transaction=True)
BIN = Path(sys.executable).parent


@pytest.fixture
def shared_database():
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a shared database: this runs in the PostgreSQL run")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start(
    url: str, tmp_path: Path, *args: str, batch: int = 500, **extra: str
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minsheng.settings",
        "MINSHENG_DATABASE_URL": url,
        "MINSHENG_VAR_DIR": str(tmp_path),
        "MINSHENG_WORKER_TICK_SECONDS": "1",
        "MINSHENG_SWEEP_BATCH": str(batch),
        **extra,
    }
    return subprocess.Popen(
        [str(BIN / "minsheng"), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def overdue_cases(cast, n: int) -> list[Grievance]:
    """`n` cases received 20 days ago: their 15 days to decide acceptance have passed."""
    when = timezone.now() - timedelta(days=20)
    return [received(cast, received_at=when) for _ in range(n)]


def escalations_per_case() -> set[int]:
    per_case: dict[int, int] = {}
    for gid in TimelineEvent.objects.filter(kind=EventKind.ESCALATED).values_list(
        "grievance_id", flat=True
    ):
        per_case[gid] = per_case.get(gid, 0) + 1
    return set(per_case.values())


def test_two_workers_and_two_cron_sweeps_at_once_escalate_and_notify_once(
    cast, shared_database, tmp_path
):
    cases = overdue_cases(cast, 60)
    procs = [
        start(shared_database, tmp_path, "worker", "--once"),
        start(shared_database, tmp_path, "worker", "--once"),
        start(shared_database, tmp_path, "sweep"),
        start(shared_database, tmp_path, "sweep"),
    ]
    outputs = [p.communicate(timeout=120)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    assert TimelineEvent.objects.filter(kind=EventKind.ESCALATED).count() == len(cases)
    assert escalations_per_case() == {1}
    # Level 1 goes to the workshop's leader: one notice per case, however many ran.
    assert Notice.objects.filter(kind="grievance.overdue").count() == len(cases)
    assert set(Notice.objects.values_list("recipient__username", flat=True)) == {"leader"}
    # Of the two schedulers ticking at once, one enqueued the sweep.
    enqueued = [o for o in outputs if "grievances.sweep" in o and "enqueued" in o]
    assert len(enqueued) == 1, outputs


def test_a_worker_killed_mid_sweep_loses_nothing_and_the_next_run_finishes(
    cast, shared_database, tmp_path
):
    cases = overdue_cases(cast, 150)
    # Batches of 10 rows, each its own transaction: the kill lands between or inside them.
    worker = start(shared_database, tmp_path, "worker", batch=10)
    deadline = time.monotonic() + 120
    while not TimelineEvent.objects.filter(kind=EventKind.ESCALATED).exists():
        assert worker.poll() is None, worker.communicate()[0].decode()
        assert time.monotonic() < deadline, "the worker never started the sweep"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)
    done_before = TimelineEvent.objects.filter(kind=EventKind.ESCALATED).count()
    assert 0 < done_before < len(cases), "the kill should land mid-sweep"
    # Five minutes later the scheduler enqueues the sweep again.
    ScheduleSlot.objects.update(next_run_at=timezone.now() - timedelta(seconds=1))
    again = start(shared_database, tmp_path, "worker", "--once")
    out = again.communicate(timeout=180)[0].decode()
    assert again.returncode == 0, out
    assert TimelineEvent.objects.filter(kind=EventKind.ESCALATED).count() == len(cases)
    assert escalations_per_case() == {1}
    assert Notice.objects.filter(kind="grievance.overdue").count() == len(cases)
    assert not Grievance.objects.exclude(sweep_claim="").exists()


def test_the_same_work_runs_on_redis_through_rq(cast, shared_database, tmp_path):
    import redis

    url = "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(url)
    client.ping()  # Redis is part of the test setup: a stopped server fails here, loudly
    client.flushdb()
    cases = overdue_cases(cast, 5)
    rq = {"MINSHENG_TASKS_BACKEND": "rq", "MINSHENG_REDIS_URL": url}
    worker = start(shared_database, tmp_path, "worker", "--once", **rq)
    out = worker.communicate(timeout=120)[0].decode()
    assert worker.returncode == 0, out
    assert "grievances.sweep" in out
    assert TimelineEvent.objects.filter(kind=EventKind.ESCALATED).count() == len(cases)
    assert escalations_per_case() == {1}
    client.flushdb()
