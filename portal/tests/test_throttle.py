from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from minsheng import throttle
from portal.models import TrackingFailures
from portal.tests.helpers import track


@pytest.fixture
def limits(settings):
    settings.MINSHENG_TRACK_FAILURES = 3
    settings.MINSHENG_TRACK_LOCK_SECONDS = 300


def fail(client, times, address="10.0.0.1"):
    for _ in range(times):
        response = track(client, "ZZZZ-ZZZZ-ZZZZ", "WRONGSEC", address)
        assert response.status_code == 200


def test_after_the_allowed_failures_even_the_right_secret_is_refused(client, cast, limits):
    g, secret = cast.submit()
    with time_machine.travel(timezone.now(), tick=False):
        fail(client, 3)
        response = track(client, g.code, secret, "10.0.0.1")
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    assert "Too many unsuccessful attempts from your connection." in html
    assert "wait 5 minutes" in html
    assert client.get(f"/track/{g.code}/").status_code == 302  # the case did not open


def test_the_address_may_try_again_once_the_lock_has_passed(client, cast, limits):
    g, secret = cast.submit()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, 3)
    with time_machine.travel(start + timedelta(seconds=299), tick=False):
        locked = track(client, g.code, secret, "10.0.0.1")
        assert locked.status_code == 429 and locked["Retry-After"] == "1"
    with time_machine.travel(start + timedelta(seconds=301), tick=False):
        response = track(client, g.code, secret, "10.0.0.1")
    assert response.status_code == 302


def test_failures_spread_beyond_the_window_do_not_lock(client, cast, limits):
    g, secret = cast.submit()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, 2)
    with time_machine.travel(start + timedelta(seconds=301), tick=False):
        fail(client, 2)
        assert track(client, g.code, secret, "10.0.0.1").status_code == 302


def test_a_lock_on_one_address_does_not_touch_another(client, cast, limits):
    g, secret = cast.submit()
    fail(client, 3, "10.0.0.1")
    assert track(client, g.code, secret, "10.0.0.2").status_code == 302


def test_a_success_from_another_address_does_not_reset_the_count(client, cast, limits):
    g, secret = cast.submit()
    fail(client, 2, "10.0.0.1")
    assert track(client, g.code, secret, "10.0.0.2").status_code == 302
    fail(client, 1, "10.0.0.1")
    assert track(client, g.code, secret, "10.0.0.1").status_code == 429


def test_a_success_does_not_reset_the_count_of_its_own_address(client, cast, limits):
    # Otherwise one valid code and secret would let someone guess without ever slowing down.
    g, secret = cast.submit()
    fail(client, 2)
    assert track(client, g.code, secret, "10.0.0.1").status_code == 302
    fail(client, 1)
    assert track(client, g.code, secret, "10.0.0.1").status_code == 429


def test_an_incomplete_form_is_not_counted_as_a_guess(client, cast, limits):
    g, secret = cast.submit()
    for _ in range(5):
        client.post("/track/", {"code": ""}, REMOTE_ADDR="10.0.0.1")
    assert track(client, g.code, secret, "10.0.0.1").status_code == 302


def test_the_count_is_kept_in_the_database_without_the_address_itself(db, limits):
    throttle.record_failure("203.0.113.9")
    throttle.record_failure("203.0.113.9")
    row = TrackingFailures.objects.get()
    assert row.failures == 2
    assert "203.0.113.9" not in row.client


def test_the_failure_that_reaches_the_limit_starts_the_lock(db, limits):
    now = timezone.now()
    assert throttle.record_failure("203.0.113.9", now) == 0
    assert throttle.record_failure("203.0.113.9", now) == 0
    assert throttle.record_failure("203.0.113.9", now) == 300
    assert throttle.locked_for("203.0.113.9", now + timedelta(seconds=100)) == 200
    assert throttle.locked_for("203.0.113.9", now + timedelta(seconds=300)) == 0


def test_a_count_read_before_another_process_wrote_is_not_lost(db, limits):
    # Two processes record at once: each increments in the database, neither overwrites.
    now = timezone.now()
    throttle.record_failure("203.0.113.9", now)
    TrackingFailures.objects.update(failures=1)  # what a stale read would have seen
    throttle.record_failure("203.0.113.9", now)
    throttle.record_failure("203.0.113.9", now)
    assert TrackingFailures.objects.get().failures == 3
    assert throttle.locked_for("203.0.113.9", now) == 300


def test_addresses_whose_window_and_lock_have_ended_are_forgotten(db, limits):
    now = timezone.now()
    throttle.record_failure("203.0.113.9", now)
    throttle.record_failure("198.51.100.7", now + timedelta(seconds=601))
    assert TrackingFailures.objects.count() == 1
