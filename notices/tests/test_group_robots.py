"""WeCom and DingTalk group robots, against a local server that checks the documented
message shape and DingTalk's signature."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from notices.channels import DeliveryError, dingtalk_sign, dingtalk_url, send_dingtalk
from notices.models import Outbox, Webhook
from notices.outbox import deliver_due
from notices.testing import FakeRobotServer
from notices.tests.conftest import TEST_KIND, at, frozen, ping

T0 = at(2026, 12, 1, 9, 0)
SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"


@pytest.fixture
def robots():
    with FakeRobotServer(dingtalk_secret=SECRET) as server:
        yield server


@pytest.fixture(autouse=True)
def quiet(caplog):
    caplog.set_level(logging.ERROR, "minsheng.notices")


def hook(kind, url, secret=""):
    return Webhook.objects.create(
        name="值班群", kind=kind, url=url, secret=secret, kinds=[TEST_KIND]
    )


def test_a_wecom_robot_gets_a_markdown_message(cast, robots):
    hook("wecom", robots.wecom_url("k-1"))
    with frozen(T0):
        ping([], key="one")
        assert deliver_due() == 1
    [got] = robots.accepted
    assert got.robot == "wecom" and got.query["key"] == "k-1"
    assert got.body["msgtype"] == "markdown"
    assert got.body["markdown"]["content"].startswith("**A deadline has passed: AB12-CD34-EF56**")
    assert "/console/grievances/case/AB12-CD34-EF56/" in got.body["markdown"]["content"]
    assert Outbox.objects.get().state == "sent"


def test_a_signed_dingtalk_robot_gets_a_markdown_message_it_can_verify(cast, robots):
    hook("dingtalk", robots.dingtalk_url("tok"), SECRET)
    with frozen(T0):
        ping([], key="one")
        assert deliver_due() == 1
    [got] = robots.accepted
    assert got.query["access_token"] == "tok"
    assert got.query["timestamp"] == str(int(T0.timestamp() * 1000))
    assert got.body["markdown"]["title"] == "A deadline has passed: AB12-CD34-EF56"
    assert "AB12-CD34-EF56" in got.body["markdown"]["text"]


def test_a_wrong_dingtalk_secret_is_refused_and_retried(cast, robots):
    hook("dingtalk", robots.dingtalk_url("tok"), "SECwrong")
    with frozen(T0):
        ping([], key="one")
        assert deliver_due() == 0
    [got] = robots.received
    assert got.errcode == 310000
    row = Outbox.objects.get()
    assert row.state == "pending"
    assert "310000" in row.last_error


def test_a_message_without_signature_is_refused_by_a_signed_robot(cast, robots):
    with pytest.raises(DeliveryError, match="310000"):
        send_dingtalk(robots.dingtalk_url(), "", "标题", "内容")


def test_a_malformed_message_is_refused_by_the_fake_server(robots):
    with pytest.raises(DeliveryError, match="40035"):
        send_dingtalk(robots.dingtalk_url(), SECRET, "", "")


def test_a_failing_robot_is_retried_with_backoff_until_it_takes_the_message(cast, robots):
    hook("wecom", robots.wecom_url())
    robots.fail_next(2)
    with frozen(T0):
        ping([], key="one")
        assert deliver_due() == 0
    with frozen(T0 + timedelta(minutes=1)):
        assert deliver_due() == 0
    row = Outbox.objects.get()
    assert (row.state, row.attempts) == ("pending", 2)
    assert row.next_attempt_at == T0 + timedelta(minutes=3)
    assert "130101" in row.last_error
    with frozen(T0 + timedelta(minutes=3)):
        assert deliver_due() == 1
    assert len(robots.received) == 3
    assert len(robots.accepted) == 1


def test_a_server_error_is_retried(cast, robots):
    hook("wecom", robots.wecom_url())
    robots.fail_next(1, status=500, errcode=0)
    with frozen(T0):
        ping([], key="one")
        assert deliver_due() == 0
    assert "HTTP 500" in Outbox.objects.get().last_error


def test_an_unreachable_robot_is_retried(cast):
    with FakeRobotServer() as gone:
        url = gone.wecom_url()
    hook("wecom", url)
    with frozen(T0):
        ping([], key="one")
        assert deliver_due() == 0
    assert "cannot reach" in Outbox.objects.get().last_error


def test_a_robot_switched_off_after_the_notice_fails_without_retrying(cast, robots):
    h = hook("wecom", robots.wecom_url())
    with frozen(T0):
        ping([], key="one")
    h.active = False
    h.save()
    with frozen(T0):
        assert deliver_due() == 0
    assert Outbox.objects.get().state == "failed"
    assert robots.received == []


def test_the_dingtalk_signature_is_computed_as_documented():
    # The value given by the Python sample of DingTalk's documentation for this secret and time.
    sign = dingtalk_sign("SECabc", 1700000000000)
    assert sign == "jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM%3D"
    assert dingtalk_url(
        "https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc", 1700000000000
    ) == (
        "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign=" + sign
    )


def test_a_long_message_is_cut_to_what_wecom_accepts(cast, robots):
    hook("wecom", robots.wecom_url())
    with frozen(T0):
        ping([], key="one", body="很长的内容" * 1000)
        assert deliver_due() == 1
    [got] = robots.accepted
    assert len(got.body["markdown"]["content"].encode()) <= 4096
