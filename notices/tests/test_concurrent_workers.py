"""Two workers delivering at once on PostgreSQL never send the same message twice."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections, transaction

from notices import channels
from notices.models import Outbox
from notices.outbox import deliver_due

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_two_workers_at_once_send_every_message_exactly_once(monkeypatch):
    with transaction.atomic():
        for i in range(20):
            Outbox.objects.create(
                channel="sms", kind="complainant.accepted", target=f"1380000{i:04d}",
                payload={"text": "x"},
            )  # fmt: skip
    sent: list[str] = []
    both_sending = threading.Barrier(2)
    waited: set[int] = set()

    def send(row):
        me = threading.get_ident()
        if me not in waited:  # each worker's first send waits until the other is sending too
            waited.add(me)
            both_sending.wait(timeout=10)
        sent.append(row.target)

    monkeypatch.setattr(channels, "send", send)
    results: list[int] = []

    def worker():
        try:
            results.append(deliver_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [10, 10], "both workers took a share"
    assert len(sent) == 20
    assert Counter(sent).most_common(1)[0][1] == 1
    assert set(Outbox.objects.values_list("state", flat=True)) == {"sent"}
