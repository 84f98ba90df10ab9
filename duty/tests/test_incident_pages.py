from __future__ import annotations

from datetime import timedelta

import pytest

from duty import incidents
from duty.models import Incident
from duty.tests.incident_helpers import at, frozen, initial, shift

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 6, 21, 30)


def test_the_list_shows_incidents_of_ones_units_only(cast, client):
    with frozen(NOW):
        i = initial(cast, NOW)
    client.force_login(cast.head)
    page = client.get("/console/duty/incidents/").content.decode()
    assert i.code in page
    client.force_login(cast.outsider)
    assert i.code not in client.get("/console/duty/incidents/").content.decode()
    assert client.get(f"/console/duty/incidents/{i.code}/").status_code == 404
    assert client.post(f"/console/duty/incidents/{i.code}/acknowledge/").status_code == 404


def test_the_list_filters_and_exports(cast, client):
    with frozen(NOW):
        a = initial(cast, NOW, severity=1, title="一级事件")
        b = initial(cast, NOW, severity=4, title="四级事件")
    client.force_login(cast.leader)
    page = client.get("/console/duty/incidents/?severity=1").content.decode()
    assert a.code in page and b.code not in page
    csv = client.get("/console/duty/incidents/?export=csv")
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert a.code in body and "IV (ordinary)" in body


def test_filing_through_the_console(cast, client):
    shift(cast, at(2026, 12, 6, 8))
    client.force_login(cast.handler)
    assert client.get("/console/duty/incidents/new/").status_code == 200
    with frozen(NOW):
        response = client.post(
            "/console/duty/incidents/new/",
            {
                "unit": cast.workshop.pk,
                "title": "配电房停电",
                "kind": "outage",
                "severity": "3",
                "place": "二号配电房",
                "occurred_at": "2026-12-06T21:00",
                "known_at": "2026-12-06T21:10",
                "people_affected": "0",
                "what_happened": "配电房跳闸，车间停电。",
            },
        )
    i = Incident.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{i.code}/")
    assert i.known_at == at(2026, 12, 6, 21, 10)


def test_a_bad_time_is_a_message_not_a_500(cast, client):
    client.force_login(cast.handler)
    with frozen(NOW):
        response = client.post(
            "/console/duty/incidents/new/",
            {
                "unit": cast.workshop.pk,
                "title": "x",
                "kind": "other",
                "severity": "4",
                "place": "p",
                "occurred_at": "2026-12-07T21:00",
                "known_at": "2026-12-06T21:10",
                "what_happened": "y",
            },
        )
    assert response.status_code == 400
    assert "in the future" in response.content.decode()
    assert not Incident.objects.exists()


def test_acknowledge_and_final_through_the_console(cast, client):
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        i = initial(cast, NOW)
    client.force_login(cast.leader)
    with frozen(NOW + timedelta(minutes=3)):
        assert client.post(f"/console/duty/incidents/{i.code}/acknowledge/").status_code == 302
        r = client.post(
            f"/console/duty/incidents/{i.code}/final/",
            {"final-what_happened": "处置完毕。", "version": i.version},
        )
    assert r.status_code == 302
    i.refresh_from_db()
    assert i.state == "closed"
    page = client.get(f"/console/duty/incidents/{i.code}/").content.decode()
    assert "Acknowledged by" in page


def test_a_linked_grievance_shows_on_both_pages(cast, client):
    g, _secret = cast.submit()
    with frozen(NOW):
        i = initial(cast, NOW)
        incidents.link_grievance(i, by=cast.leader, code=g.code)
    client.force_login(cast.leader)
    assert g.code in client.get(f"/console/duty/incidents/{i.code}/").content.decode()
    case = client.get(f"/console/grievances/case/{g.code}/")
    if case.status_code == 404:
        from django.urls import reverse

        case = client.get(reverse("grievances:case", args=[g.code]))
    assert i.code in case.content.decode()
    with frozen(NOW):
        incidents.unlink_grievance(i, by=cast.leader, code=g.code)
    assert incidents.incidents_linked_to(g) == []


def test_linking_a_grievance_one_cannot_see_is_refused(cast):
    from duty.tests.incident_helpers import refused

    g, _secret = cast.submit(unit=cast.branch_b)
    with frozen(NOW):
        i = initial(cast, NOW)
    with frozen(NOW), refused("that you can see"):
        incidents.link_grievance(i, by=cast.handler, code=g.code)


def test_compliance_and_todo(cast):
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        initial(cast, NOW)  # on time
        initial(cast, NOW - timedelta(days=2), severity=1)  # late
    from duty import escalation, sweeps
    from duty.models import Alert

    with frozen(NOW + timedelta(minutes=6)):
        escalation.acknowledge(Alert.objects.order_by("pk").first(), by=cast.handler)
    with frozen(NOW + timedelta(days=8)):
        sweeps.mark_missing()  # the severity I one has no final report after 7 days
    out = incidents.report_compliance(
        [cast.workshop.pk, cast.branch_b.pk], NOW - timedelta(days=30), NOW + timedelta(days=1)
    )
    assert out[cast.workshop.pk] == {"on_time": 1, "late": 0, "missing": 1, "ack_minutes": 6.0}
    assert out[cast.branch_b.pk] == {"on_time": 0, "late": 0, "missing": 0, "ack_minutes": None}
    with frozen(NOW):
        items = incidents.todo_items(cast.handler)
    whats = sorted(str(x.what) for x in items)
    assert whats.count("File the final incident report") == 2
    assert "Acknowledge the incident report" in whats  # the second alert still waits
    assert incidents.todo_items(cast.outsider) == []
