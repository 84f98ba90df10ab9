"""Codes are serial per day (KN-20261206-0001) and never given twice, even when people
register or a festival batch pays at the same moment as someone applies."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from assistance import festival, lifecycle
from assistance.models import Application, Household, ProgrammeKind
from assistance.tests.helpers import household, programme
from minsheng import codes
from minsheng.workdays import local_date


def test_codes_follow_on_from_those_already_made_today(cast: Any) -> None:
    first = household(cast)
    day = f"{local_date(timezone.now()):%Y%m%d}"
    assert first.code == f"KN-{day}-0001"
    Household.objects.filter(pk=first.pk).update(code=f"KN-{day}-0041")
    # A head whose counter does not exist yet starts after the highest code of the day.
    assert codes.next_codes(Application, "JZ", timezone.now(), 3) == [
        f"JZ-{day}-0001",
        f"JZ-{day}-0002",
        f"JZ-{day}-0003",
    ]
    assert household(cast).code == f"KN-{day}-0002"  # the counter, made by the first
    tomorrow = datetime.combine(
        local_date(timezone.now()).replace(day=1),
        datetime.min.time(),
        timezone.get_current_timezone(),
    )
    assert codes.next_code(Household, "KN", tomorrow).endswith("-0001")


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_and_a_festival_batch_get_distinct_codes(cast: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL; SQLite serialises them")
    fest = programme(cast, kind=ProgrammeKind.FESTIVAL, eligibility="", benefit="300")
    for _ in range(5):
        household(cast)
    medical = programme(cast)
    waiting = [household(cast) for _ in range(4)]
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def run(work: Any) -> None:
        try:
            barrier.wait()
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    work = [lambda h=h: lifecycle.apply(h, medical, by=cast.clerk) for h in waiting]
    work.append(lambda: household(cast))
    batches: list[festival.Batch] = []
    work.append(
        lambda: batches.append(
            festival.pay_all(
                fest, by=cast.head, paid_on=timezone.localdate(), method="bank", amount="300"
            )
        )
    )
    threads = [threading.Thread(target=run, args=(w,)) for w in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    made = list(Application.objects.values_list("code", flat=True))
    assert len(made) == len(set(made)) == 4 + batches[0].count
    assert batches[0].count >= 9  # the nine households registered before, perhaps the tenth
    assert Household.objects.count() == 10
