"""Idempotency records expire: a periodic job of the worker removes those older than
MINSHENG_IDEMPOTENCY_HOURS, the REST API's and the portal form's alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.utils import timezone

from api.models import IdempotencyRecord
from api.rest import idempotency
from api.tasks import expire_idempotency
from api.tests.rest_helpers import NEW, Api, token
from grievances.models import Grievance
from minsheng import schedule

URL = "/api/v1/grievances/"


def make_records(cast: Any, client: Any) -> Api:
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    assert api.post(URL, NEW, **{"Idempotency-Key": "k-1"}).status_code == 201
    html = client.get("/submit/").content.decode()
    once = html.split('name="once" value="')[1].split('"')[0]
    data = {
        "once": once,
        "kind": "complaint",
        "unit": str(cast.workshop.pk),
        "subject": "食堂卫生问题",
        "description": "食堂的饭菜不干净。",
        "headcount": "1",
        "identity_mode": "anonymous",
    }
    assert client.post("/submit/", data).status_code == 302
    assert IdempotencyRecord.objects.filter(token__isnull=True).count() == 1
    return api


def test_records_are_kept_for_the_lifetime_and_removed_after_it(
    cast: Any, client: Any, settings: Any
) -> None:
    settings.MINSHENG_IDEMPOTENCY_HOURS = 6
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        api = make_records(cast, client)
        traveller.shift(timedelta(hours=6) - timedelta(seconds=1))
        assert idempotency.expire() == 0
        replay = api.post(URL, NEW, **{"Idempotency-Key": "k-1"})
        assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
        traveller.shift(timedelta(seconds=2))
        assert idempotency.expire() == 2
    assert not IdempotencyRecord.objects.exists()
    # The cases stay: only the memory of the first answer goes.
    assert Grievance.objects.count() == 2
    # A retry after that is a new request.
    assert api.post(URL, NEW, **{"Idempotency-Key": "k-1"}).status_code == 201
    assert Grievance.objects.count() == 3


def test_the_sweep_works_in_batches(cast: Any, client: Any, settings: Any) -> None:
    settings.SWEEP_BATCH = 1
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    for i in range(3):
        api.post(URL, NEW, **{"Idempotency-Key": f"k-{i}"})
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert idempotency.expire() == 3


def test_the_worker_runs_the_expiry_job(cast: Any, client: Any) -> None:
    job = next(j for j in schedule.jobs() if j.name == "api.expire_idempotency")
    assert job.task is expire_idempotency
    assert job.every <= timedelta(hours=1)
    make_records(cast, client)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert "api.expire_idempotency" in schedule.tick()
        result = expire_idempotency.call()
    assert result == "idempotency records removed 2"
    assert not IdempotencyRecord.objects.exists()
