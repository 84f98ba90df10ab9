"""notify(): the inbox entry and the outgoing messages are written in the action's
transaction, once, as each user's preference says."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from minsheng.errors import DomainError
from notices.models import Channel, Notice, NoticeSettings, Outbox, Preference, Webhook
from notices.outbox import notify
from notices.tests.conftest import TEST_KIND, ping


def test_a_notice_reaches_the_inbox_and_is_queued_for_email(staff):
    assert ping([staff.handler]) == 1
    notice = Notice.objects.get(recipient=staff.handler)
    assert notice.title == "A deadline has passed: AB12-CD34-EF56"
    assert notice.read_at is None
    row = Outbox.objects.get()
    assert (row.channel, row.target, row.state) == (Channel.EMAIL, "hank@example.org", "pending")
    assert "A deadline has passed: AB12-CD34-EF56" in row.payload["subject"]
    assert "/console/grievances/case/AB12-CD34-EF56/" in row.payload["body"]


def test_nothing_is_written_when_the_action_is_rolled_back(staff):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        notify([staff.handler], TEST_KIND, title="Overdue")
        raise Refused
    assert Notice.objects.count() == 0
    assert Outbox.objects.count() == 0


def test_the_same_notice_twice_is_written_once(staff):
    assert ping([staff.handler, staff.leader], key="overdue:AB12:2026-12-01") == 2
    assert ping([staff.handler, staff.leader], key="overdue:AB12:2026-12-01") == 0
    assert Notice.objects.count() == 2
    assert Outbox.objects.count() == 2


def test_a_different_key_is_a_new_notice(staff):
    ping([staff.handler], key="overdue:AB12:2026-12-01")
    ping([staff.handler], key="overdue:AB12:2026-12-02")
    assert Notice.objects.filter(recipient=staff.handler).count() == 2


def test_a_user_without_email_keeps_the_notice_in_the_inbox_only(staff):
    assert staff.head.email == ""
    assert ping([staff.head]) == 1
    assert Notice.objects.filter(recipient=staff.head, read_at__isnull=True).count() == 1
    assert Outbox.objects.count() == 0


def test_off_keeps_the_notice_as_read_and_sends_nothing(staff):
    Preference.objects.create(user=staff.handler, kind=TEST_KIND, mode="off")
    ping([staff.handler])
    notice = Notice.objects.get(recipient=staff.handler)
    assert notice.read_at is not None
    assert Outbox.objects.count() == 0


def test_digest_waits_for_the_daily_email(staff):
    Preference.objects.create(user=staff.handler, kind=TEST_KIND, mode="digest")
    ping([staff.handler])
    notice = Notice.objects.get(recipient=staff.handler)
    assert notice.read_at is None and notice.in_digest
    assert Outbox.objects.count() == 0


def test_each_reader_reads_the_title_in_their_language(staff):
    NoticeSettings.objects.create(user=staff.leader, language="zh-hans")
    ping([staff.handler, staff.leader])
    assert (
        Notice.objects.get(recipient=staff.handler).title == "A deadline has passed: AB12-CD34-EF56"
    )
    assert Notice.objects.get(recipient=staff.leader).title == "期限已过：AB12-CD34-EF56"


def test_an_inactive_user_gets_nothing(staff):
    staff.handler.is_active = False
    staff.handler.save()
    assert ping([staff.handler]) == 0
    assert Notice.objects.count() == 0


def test_an_unknown_kind_is_refused_with_nothing_written(staff):
    with translation.override("en"), pytest.raises(DomainError, match="no kind of notice called"):
        ping([staff.handler], kind="grievance.nonexistent")
    assert Notice.objects.count() == 0


def test_a_complainant_kind_cannot_be_sent_to_staff(staff):
    with pytest.raises(ValueError):
        ping([staff.handler], kind="complainant.accepted")


def test_a_subscribed_group_robot_gets_one_message_per_notice(staff):
    hook = Webhook.objects.create(
        name="值班群", kind="wecom", url="https://qyapi.weixin.qq.com/x?key=k", kinds=[TEST_KIND]
    )
    Webhook.objects.create(
        name="其他群", kind="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=t"
    )
    ping([staff.handler, staff.leader], key="k1")
    ping([staff.handler, staff.leader], key="k1")
    robot = Outbox.objects.get(webhook__isnull=False)
    assert robot.webhook == hook
    assert robot.channel == Channel.WECOM
    assert "AB12-CD34-EF56" in robot.payload["text"]


def test_a_robot_switched_off_gets_nothing(staff):
    Webhook.objects.create(
        name="值班群", kind="wecom", url="https://x.example/?key=k", kinds=[TEST_KIND], active=False
    )
    ping([staff.handler])
    assert not Outbox.objects.filter(webhook__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_notify_outside_a_transaction_is_a_programming_error(cast):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        notify([cast.handler], TEST_KIND, title="Overdue")
    assert Notice.objects.count() == 0
