"""The inbox: each user reads and marks their own notices; the header counts the unread."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notices.models import Notice
from notices.tests.conftest import ping


@pytest.fixture
def notices(staff):
    ping([staff.handler], key="a")
    ping([staff.handler], key="b")
    ping([staff.outsider], key="a")
    return {n.recipient.username + n.dedupe_key: n for n in Notice.objects.all()}


def test_the_inbox_lists_the_user_s_notices_and_the_header_counts_them(client, staff, notices):
    client.force_login(staff.handler)
    response = client.get(reverse("notices:inbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("A deadline has passed: AB12-CD34-EF56") == 2
    assert 'title="Unread notices">2</span>' in page


def test_the_header_shows_no_count_when_all_is_read(client, staff):
    client.force_login(staff.handler)
    page = client.get(reverse("grievances:home")).content.decode()
    assert reverse("notices:inbox") in page
    assert "Unread notices" not in page


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, staff, notices):
    client.force_login(staff.handler)
    n = notices["handlera"]
    response = client.post(reverse("notices:read", args=[n.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/console/grievances/case/AB12-CD34-EF56/"
    n.refresh_from_db()
    assert n.read_at is not None
    page = client.get(reverse("notices:inbox")).content.decode()
    assert 'title="Unread notices">1</span>' in page


def test_a_notice_link_off_the_site_is_not_followed(client, staff):
    ping([staff.handler], url="https://evil.example/")
    n = Notice.objects.get()
    client.force_login(staff.handler)
    response = client.post(reverse("notices:read", args=[n.pk]), {"open": "1"})
    assert response["Location"] == reverse("notices:inbox")


def test_an_outsider_cannot_read_or_mark_another_user_s_notice(client, staff, notices):
    client.force_login(staff.outsider)
    n = notices["handlera"]
    assert client.post(reverse("notices:read", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None
    page = client.get(reverse("notices:inbox")).content.decode()
    assert page.count("A deadline has passed") == 1  # only the outsider's own


def test_mark_all_read_touches_only_the_user_s_notices(client, staff, notices):
    client.force_login(staff.handler)
    response = client.post(reverse("notices:read_all"), follow=True)
    assert "Notices marked as read: 2." in response.content.decode()
    assert not Notice.objects.filter(recipient=staff.handler, read_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=staff.outsider, read_at__isnull=True).count() == 1


def test_marking_read_by_get_changes_nothing(client, staff, notices):
    client.force_login(staff.handler)
    n = notices["handlera"]
    assert client.get(reverse("notices:read", args=[n.pk])).status_code == 405
    assert client.get(reverse("notices:read_all")).status_code == 405
    assert Notice.objects.filter(read_at__isnull=True).count() == 3


@pytest.mark.parametrize("name", ["notices:inbox", "notices:settings"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["notices:inbox", "notices:settings"])
def test_a_user_without_a_role_is_refused(client, cast, django_user_model, name):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(reverse(name)).status_code == 403


def test_the_inbox_speaks_chinese(client, staff, notices):
    client.force_login(staff.handler)
    page = client.get(reverse("notices:inbox"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "收件箱" in page
    assert "全部标为已读" in page
