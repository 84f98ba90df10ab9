"""What a fresh-eyes review of the duty module found: a linked grievance shown to people who
may not see it, 500s on impossible dates, and notices half in the sender's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from api.tests.rest_helpers import token
from duty import incidents
from duty.tests.incident_helpers import at, frozen, initial, shift
from minsheng.errors import DomainError
from notices.models import Notice, NoticeSettings

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 6, 21, 30)


def _linked_to_a_grievance_of_branch_b(cast):
    """A workshop incident to which the chief (who sees everything) linked a grievance of
    Branch B: the workshop's leader sees the incident but not that grievance."""
    grievance, _code = cast.submit(unit=cast.branch_b, subject="二分公司食堂问题")
    with frozen(NOW):
        i = initial(cast, NOW)
        incidents.link_grievance(i, by=cast.chief, code=grievance.code)
    return i, grievance


def test_the_incident_page_shows_only_linked_grievances_the_reader_may_see(client, cast):
    i, grievance = _linked_to_a_grievance_of_branch_b(cast)
    url = reverse("duty:incident", args=[i.code])
    client.force_login(cast.leader)
    page = client.get(url).content.decode()
    assert grievance.code not in page and "二分公司食堂问题" not in page
    client.force_login(cast.chief)
    page = client.get(url).content.decode()
    assert grievance.code in page and "二分公司食堂问题" in page


def test_the_api_gives_only_linked_receipt_codes_the_caller_may_see(client, cast):
    i, grievance = _linked_to_a_grievance_of_branch_b(cast)
    url = f"/api/v1/duty/incidents/{i.code}/"
    key = token(cast.leader, cast.workshop, ["duty:read"])
    one = client.get(url, HTTP_AUTHORIZATION=f"Token {key}").json()
    assert one["grievances"] == []
    key = token(cast.chief, cast.hq, ["duty:read"])
    one = client.get(url, HTTP_AUTHORIZATION=f"Token {key}").json()
    assert one["grievances"] == [grievance.code]


def test_unlinking_a_grievance_one_cannot_see_is_refused_as_if_not_linked(cast):
    i, grievance = _linked_to_a_grievance_of_branch_b(cast)
    with pytest.raises(DomainError):
        incidents.unlink_grievance(i, by=cast.leader, code=grievance.code)
    assert i.links.count() == 1


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "0-1", "2026-13", "abc"])
def test_the_month_roster_never_fails_on_an_impossible_month(client, cast, month):
    client.force_login(cast.leader)
    r = client.get(reverse("duty:roster") + f"?unit=A1&month={month}")
    assert r.status_code == 200


@pytest.mark.parametrize(
    "query", ["from=2026-13-01", "from=2026-02-30T10:00", "from=9999-12-31", "to=0001-01-01"]
)
def test_the_shifts_api_refuses_an_impossible_date_in_json(client, cast, query):
    key = token(cast.leader, cast.workshop, ["duty:read"])
    r = client.get(f"/api/v1/duty/shifts/?{query}", HTTP_AUTHORIZATION=f"Token {key}")
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/json")


def test_notices_name_the_severity_and_report_in_the_readers_language(cast):
    """The clerk files in English; the duty officer reads notices in Chinese."""
    NoticeSettings.objects.create(user=cast.handler, language="zh-hans")
    shift(cast, at(2026, 12, 6, 8))
    with translation.override("en"):
        with frozen(NOW):
            i = initial(cast, NOW)
        alert = Notice.objects.get(recipient=cast.handler, kind="incident.alert")
        assert "IV (ordinary)" not in alert.title
        with frozen(NOW + timedelta(minutes=3)):
            from duty.escalation import acknowledge

            acknowledge(i.alerts.get(), by=cast.handler)
        with frozen(NOW + timedelta(hours=1)):
            incidents.file_follow_up(i, by=cast.clerk, what_happened="雨停了，积水已排出。")
        report = Notice.objects.get(recipient=cast.handler, kind="incident.report")
        assert "Follow-up report" not in report.title
    with translation.override("zh-hans"):
        from duty.models import ReportKind, Severity

        assert str(Severity.IV.label) in alert.title
        assert str(ReportKind.FOLLOW_UP.label) in report.title


@pytest.mark.parametrize(
    "name", ["duty:now", "duty:roster", "duty:coverage", "duty:mine", "duty:incidents"]
)
def test_the_read_only_pages_refuse_a_post(client, cast, name):
    client.force_login(cast.leader)
    assert client.post(reverse(name), {"unit": "A1"}).status_code == 405


def test_the_incident_page_refuses_a_post(client, cast):
    with frozen(NOW):
        i = initial(cast, NOW)
    client.force_login(cast.leader)
    assert client.post(reverse("duty:incident", args=[i.code])).status_code == 405


def test_the_report_form_asks_for_the_event_never_who_took_part(client, cast):
    client.force_login(cast.leader)
    page = client.get(reverse("duty:incident_new"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "不写参与者是谁" in page.content.decode()


def test_a_period_still_to_come_has_no_uncovered_hours_not_negative_ones(cast):
    """The scorecard ends the roster's period at now; a period in the future was counted
    as minus its length for every unit without a shift."""
    from django.utils import timezone

    from duty.coverage import roster_compliance

    now = timezone.now()
    shift(cast, now - timedelta(days=3))
    figures = roster_compliance([cast.workshop.pk, cast.branch_b.pk], now + timedelta(days=30), now)
    assert [f["hours_uncovered"] for f in figures.values()] == [0.0, 0.0]
