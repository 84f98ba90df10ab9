"""The daily digest: one e-mail a day per user who chose it, never two."""

from __future__ import annotations

from django.core import mail

from notices.models import Notice, Outbox, Preference
from notices.outbox import deliver_due, send_digests
from notices.tests.conftest import TEST_KIND, at, frozen, ping


def digest_for(*users):
    for user in users:
        Preference.objects.create(user=user, kind=TEST_KIND, mode="digest")


def test_the_digest_lists_the_day_s_notices_in_one_email(staff):
    digest_for(staff.handler)
    with frozen(at(2026, 12, 1, 15)):
        ping([staff.handler], key="a")
        ping([staff.handler], key="b")
    with frozen(at(2026, 12, 2, 8)):
        assert send_digests() == 1
        assert send_digests() == 0
        deliver_due()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hank@example.org"]
    assert message.subject.endswith("Notices of 2026-12-02: 2")
    assert message.body.count("A deadline has passed: AB12-CD34-EF56") == 2
    assert not Notice.objects.filter(digest_on__isnull=True, in_digest=True).exists()


def test_no_digest_before_the_digest_hour(staff):
    digest_for(staff.handler)
    with frozen(at(2026, 12, 2, 7, 59)):
        ping([staff.handler], key="a")
        assert send_digests() == 0
    assert Outbox.objects.count() == 0


def test_a_notice_after_today_s_digest_waits_for_tomorrow_s(staff):
    digest_for(staff.handler)
    with frozen(at(2026, 12, 2, 8)):
        ping([staff.handler], key="a")
        assert send_digests() == 1
    with frozen(at(2026, 12, 2, 11)):
        ping([staff.handler], key="b")
        assert send_digests() == 0
    with frozen(at(2026, 12, 3, 8)):
        assert send_digests() == 1
    assert Outbox.objects.filter(kind="digest").count() == 2


def test_nothing_waiting_means_no_digest(staff):
    digest_for(staff.handler)
    with frozen(at(2026, 12, 2, 9)):
        assert send_digests() == 0


def test_a_user_without_email_gets_no_digest_but_keeps_the_inbox(staff):
    digest_for(staff.head)
    with frozen(at(2026, 12, 2, 9)):
        ping([staff.head], key="a")
        assert send_digests() == 0
    assert Notice.objects.filter(recipient=staff.head, read_at__isnull=True).count() == 1
    assert Outbox.objects.count() == 0


def test_the_digest_is_per_user(staff):
    digest_for(staff.handler, staff.leader)
    with frozen(at(2026, 12, 2, 9)):
        ping([staff.handler, staff.leader], key="a")
        assert send_digests() == 2
    assert sorted(Outbox.objects.values_list("target", flat=True)) == [
        "hank@example.org",
        "lena@example.org",
    ]
