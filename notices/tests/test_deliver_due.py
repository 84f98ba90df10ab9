"""deliver_due(): the worker sends what is due, retries failures with backoff, and picks up
what a killed worker left behind once its lease ends."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail

from notices import outbox
from notices.channels import DeliveryError, SmsBackend
from notices.models import Outbox
from notices.outbox import LEASE, MAX_ATTEMPTS, backoff, deliver_due
from notices.tests.conftest import at, frozen, ping

T0 = at(2026, 12, 1, 9, 0)


def test_a_due_email_is_sent_once(staff):
    with frozen(T0):
        ping([staff.handler])
        assert deliver_due() == 1
        assert deliver_due() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hank@example.org"]
    assert "AB12-CD34-EF56" in mail.outbox[0].subject
    row = Outbox.objects.get()
    assert (row.state, row.attempts, row.sent_at) == ("sent", 1, T0)


def test_the_backoff_doubles_from_a_minute_up_to_six_hours():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(20) == timedelta(hours=6)


@pytest.fixture
def smtp_down(monkeypatch):
    """The mail server refuses every message until `.up()` is called."""

    class Switch:
        down = True

        def up(self):
            self.down = False

    switch = Switch()
    real = mail.backends.locmem.EmailBackend.send_messages

    def send_messages(self, messages):
        if switch.down:
            raise smtplib.SMTPServerDisconnected("connection refused")
        return real(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", send_messages)
    return switch


def test_a_failed_email_is_retried_after_the_backoff_and_then_sent(staff, smtp_down, caplog):
    caplog.set_level(logging.WARNING, "minsheng.notices")
    with frozen(T0):
        ping([staff.handler])
        assert deliver_due() == 0
    row = Outbox.objects.get()
    assert (row.state, row.attempts) == ("pending", 1)
    assert "connection refused" in row.last_error
    assert row.next_attempt_at == T0 + timedelta(minutes=1)
    with frozen(T0 + timedelta(seconds=59)):
        assert deliver_due() == 0
    assert Outbox.objects.get().attempts == 1, "not retried before its time"
    with frozen(T0 + timedelta(minutes=1)):
        assert deliver_due() == 0
    assert Outbox.objects.get().next_attempt_at == T0 + timedelta(minutes=1 + 2)
    smtp_down.up()
    with frozen(T0 + timedelta(minutes=3)):
        assert deliver_due() == 1
    row = Outbox.objects.get()
    assert (row.state, row.attempts) == ("sent", 3)
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_message_is_failed_and_kept(staff, smtp_down, caplog):
    caplog.set_level(logging.ERROR, "minsheng.notices")
    moment = T0
    with frozen(moment):
        ping([staff.handler])
    for _ in range(MAX_ATTEMPTS):
        with frozen(moment):
            deliver_due()
        moment = Outbox.objects.get().next_attempt_at
    row = Outbox.objects.get()
    assert (row.state, row.attempts) == ("failed", MAX_ATTEMPTS)
    with frozen(moment + timedelta(days=30)):
        assert deliver_due() == 0
    assert Outbox.objects.get().attempts == MAX_ATTEMPTS
    # An operator retries it from the admin once the mail server is back.
    smtp_down.up()
    with frozen(moment + timedelta(days=30)):
        assert outbox.retry(Outbox.objects.all()) == 1
        assert deliver_due() == 1
    assert len(mail.outbox) == 1


def test_a_message_left_by_a_killed_worker_is_sent_after_the_lease(staff):
    with frozen(T0):
        ping([staff.handler])
        taken = outbox._claim(T0, 10)  # a worker claims it, then dies before sending
    assert [r.state for r in taken] == ["sending"]
    with frozen(T0 + LEASE - timedelta(seconds=1)):
        assert deliver_due() == 0, "still leased to the first worker"
    with frozen(T0 + LEASE):
        assert deliver_due() == 1
    assert len(mail.outbox) == 1
    row = Outbox.objects.get()
    assert (row.state, row.attempts) == ("sent", 2)
    # The first worker, had it only stalled, can no longer record an outcome.
    assert outbox._finish(taken[0], state="failed") == 0
    assert Outbox.objects.get().state == "sent"


def test_two_claims_never_take_the_same_message(staff):
    with frozen(T0):
        ping([staff.handler, staff.leader])
        first = outbox._claim(T0, 10)
        second = outbox._claim(T0, 10)
    assert len(first) == 2
    assert second == []


def test_the_limit_bounds_one_run(staff):
    with frozen(T0):
        for i in range(3):
            ping([staff.handler], key=f"k{i}")
        assert deliver_due(limit=2) == 2
        assert deliver_due(limit=2) == 1


class RecordingSms(SmsBackend):
    sent: list[tuple[str, str]] = []

    def send(self, phone, text):
        RecordingSms.sent.append((phone, text))


class BrokenSms(SmsBackend):
    def send(self, phone, text):
        raise DeliveryError("gateway said no")


def _sms_row():
    return Outbox.objects.create(
        channel="sms", kind="complainant.accepted", target="13812345678", payload={"text": "你好"}
    )


def test_the_default_sms_backend_logs_with_the_number_masked(db, caplog):
    caplog.set_level(logging.INFO, "minsheng.notices")
    _sms_row()
    assert deliver_due() == 1
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text


def test_a_deployment_names_its_own_sms_backend(db, settings):
    settings.MINSHENG_SMS_BACKEND = "notices.tests.test_deliver_due.RecordingSms"
    RecordingSms.sent = []
    _sms_row()
    assert deliver_due() == 1
    assert RecordingSms.sent == [("13812345678", "你好")]


def test_a_refusing_sms_gateway_is_retried(db, settings, caplog):
    settings.MINSHENG_SMS_BACKEND = "notices.tests.test_deliver_due.BrokenSms"
    _sms_row()
    assert deliver_due() == 0
    row = Outbox.objects.get()
    assert (row.state, row.last_error) == ("pending", "gateway said no")
