"""The audit browser in the console: auditors (and superusers) read the log with filters by
case, person, kind and date, views of personal data included, and the newest result of the
chain check; everyone else is refused, and nothing on the page changes a record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.urls import reverse

from audit import tasks, views
from audit.models import AuditRecord, AuditVerification
from grievances.identity import reveal_identity
from grievances.tests.helpers import received
from minsheng import schedule
from minsheng.models import ScheduleSlot
from minsheng.workdays import local_date

URL = reverse("audit:log")


def page(client: Client, user: Any, **params: Any) -> str:
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> int:
    body = html.split('<table class="audit">', 1)[1].split("<tbody>", 1)[1].split("</tbody>")[0]
    return body.count("<tr") - (1 if 'class="empty"' in body else 0)


def two_cases_one_identity_view(cast: Any) -> tuple[Any, Any]:
    a, b = received(cast), received(cast, unit=cast.branch_b)
    assert reveal_identity(cast.leader, a) is not None  # recorded as a personal-data view
    return a, b


def test_the_auditor_reads_the_log_with_the_views_of_personal_data(
    client: Client, cast: Any
) -> None:
    a, b = two_cases_one_identity_view(cast)
    html = page(client, cast.auditor)
    assert rows(html) == AuditRecord.objects.count() > 0
    assert a.code in html and b.code in html
    assert "Viewed personal data" in html and "identity.view" in html
    assert f"({cast.leader.get_username()})" in html


def test_filter_by_case_shows_its_records_and_the_views_of_its_complainant(
    client: Client, cast: Any
) -> None:
    a, b = two_cases_one_identity_view(cast)
    html = page(client, cast.auditor, code=a.code.lower())  # as typed
    assert a.code in html and b.code not in html
    assert "identity.view" in html
    mine = AuditRecord.objects.filter(object_type="grievances.grievance", object_id=str(a.pk))
    assert rows(html) == mine.count() + 1


def test_filter_by_person_kind_and_personal_data(client: Client, cast: Any) -> None:
    two_cases_one_identity_view(cast)
    by_leader = AuditRecord.objects.filter(actor=cast.leader).count()
    assert rows(page(client, cast.auditor, person="LEADER")) == by_leader == 1
    received_ = AuditRecord.objects.filter(action__startswith="grievance.received").count()
    assert rows(page(client, cast.auditor, kind="grievance.received")) == received_ == 2
    html = page(client, cast.auditor, personal="on")
    assert rows(html) == 1 and "identity.view" in html


def test_filter_by_date_range_in_local_dates(client: Client, cast: Any) -> None:
    two_cases_one_identity_view(cast)
    today = local_date()
    total = AuditRecord.objects.count()
    assert rows(page(client, cast.auditor, start=today.isoformat(), end=today.isoformat())) == total
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert rows(page(client, cast.auditor, start=tomorrow)) == 0
    yesterday = (today - timedelta(days=1)).isoformat()
    assert rows(page(client, cast.auditor, end=yesterday)) == 0


def test_bad_filters_get_a_message_not_an_error(client: Client, cast: Any) -> None:
    received(cast)
    today = local_date()
    html = page(
        client,
        cast.auditor,
        start=today.isoformat(),
        end=(today - timedelta(days=3)).isoformat(),
    )
    assert "The first date must not be after the last." in html and rows(html) == 0
    html = page(client, cast.auditor, code="x" * 10_000, kind="' OR 1=1 --", start="2025/12/07")
    assert "Enter a valid date." in html and rows(html) == 0
    assert rows(page(client, cast.auditor, kind="' OR 1=1 --")) == 0


def test_the_log_is_paginated(client: Client, cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        received(cast)
    assert AuditRecord.objects.count() == 3
    first = page(client, cast.auditor, kind="grievance.")
    assert rows(first) == 2 and "Page 1 of 2" in first
    assert "?kind=grievance.&amp;page=2" in first  # the filters stay on the next page
    assert rows(page(client, cast.auditor, kind="grievance.", page=2)) == 1


def test_a_handler_an_outsider_and_a_stranger_are_refused(client: Client, cast: Any) -> None:
    received(cast)
    for user in (cast.handler, cast.head, cast.outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(reverse("audit:check")).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_only_the_auditor_has_it_in_the_menu(client: Client, cast: Any) -> None:
    assert URL in page(client, cast.auditor)
    client.force_login(cast.handler)
    assert URL not in client.get(reverse("todo")).content.decode()


def test_the_page_speaks_chinese(client: Client, cast: Any) -> None:
    received(cast)
    client.force_login(cast.auditor)
    html = client.get(URL, headers={"accept-language": "zh-hans"}).content.decode()
    assert "审计日志" in html and "Audit log" not in html


def test_an_intact_chain_shows_as_intact(client: Client, cast: Any) -> None:
    received(cast)
    assert "The worker has not checked the chain yet." in page(client, cast.auditor)
    tasks.verify.call()
    html = page(client, cast.auditor)
    assert 'class="chain-intact"' in html and "BROKEN" not in html


def test_a_broken_chain_shows_as_broken(client: Client, cast: Any) -> None:
    two_cases_one_identity_view(cast)
    victim = AuditRecord.objects.order_by("id")[1]
    with connection.cursor() as cur:  # behind the application's back
        cur.execute(
            "UPDATE audit_auditrecord SET data = %s WHERE id = %s", ['{"forged": 1}', victim.pk]
        )
    tasks.verify.call()
    check = AuditVerification.objects.get()
    assert not check.intact and check.problem_count >= 1
    html = page(client, cast.auditor)
    assert 'class="chain-broken"' in html and "BROKEN" in html
    assert f"#{victim.pk}" in html and "the content does not match its hash" in html


def test_check_now_brings_the_workers_next_check_forward(client: Client, cast: Any) -> None:
    schedule.tick()  # the worker's first tick: the next check is six hours away
    slot = ScheduleSlot.objects.get(name="audit.verify")
    client.force_login(cast.auditor)
    response = client.post(reverse("audit:check"))
    assert response.status_code == 302 and response["Location"] == URL
    moved = ScheduleSlot.objects.get(name="audit.verify").next_run_at
    assert moved < slot.next_run_at
    assert "audit.verify" in schedule.tick(moved)
    assert AuditRecord.objects.filter(actor=cast.auditor).count() == 0
