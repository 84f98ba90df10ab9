"""The to-do page: what is waiting on each person, soonest deadline first, and its count in
the console header."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse

from grievances import lifecycle, sweeps
from grievances.models import Grievance
from grievances.tests.helpers import assigned, frozen, received, replied


def todo(client, user):
    client.force_login(user)
    response = client.get(reverse("todo"))
    assert response.status_code == 200
    return response


def rows(response):
    return [(str(i["what"]), i["title"].split()[0]) for i in response.context["items"]]


def test_a_head_with_a_review_waiting_sees_it_on_the_to_do_page(client, cast):
    with frozen(2026, 3, 2):
        g = lifecycle.request_review(replied(cast), reason="补发金额不对")
        response = todo(client, cast.head)
    assert rows(response) == [("Decide the review", g.code)]
    html = response.content.decode()
    assert g.code in html and "Decide the review" in html
    assert '<span class="badge"' in html  # the header's count


def test_the_workshop_sees_what_waits_on_each_role_by_deadline(client, cast):
    with frozen(2026, 3, 2):
        first = received(cast)
    with frozen(2026, 3, 4):
        later = received(cast)
        mine = assigned(cast)
        lifecycle.request_extension(mine, by=cast.handler, days=10, reason="需要补充材料")
        assert rows(todo(client, cast.handler)) == [
            ("Decide acceptance", first.code),
            ("Decide acceptance", later.code),
            ("Reply", mine.code),
        ]
        assert rows(todo(client, cast.head)) == [("Approve or refuse an extension", mine.code)]
        assert rows(todo(client, cast.clerk)) == []
        assert rows(todo(client, cast.outsider)) == []


def test_an_escalation_reaches_the_heads_to_do_list(client, cast, monkeypatch):
    monkeypatch.setattr(sweeps.notify, "escalated", lambda g, people: len(people))
    with frozen(2026, 3, 2):
        g = received(cast)
    with frozen(2026, 3, 18):
        sweeps.escalate_overdue()
        assert rows(todo(client, cast.head)) == []
    with frozen(2026, 3, 20, 11):
        sweeps.escalate_overdue()
        response = todo(client, cast.head)
    assert rows(response) == [("Overdue: see that it is dealt with", g.code)]
    [item] = response.context["items"]
    assert item["escalated"] and item["overdue"] and item["due"] == date(2026, 3, 17)


def test_a_supervised_case_asks_its_owner_for_a_progress_report(client, cast):
    with frozen(2026, 3, 2):
        g = assigned(cast)
        lifecycle.supervise(g, by=cast.head, instructions="月底前办结", due=date(2026, 3, 10))
        got = rows(todo(client, cast.leader))
    assert ("Report progress to the supervisor", g.code) in got


def test_the_to_do_page_is_for_staff_only(client, cast, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x")
    client.force_login(stranger)
    assert client.get(reverse("todo")).status_code == 403
    client.logout()
    assert client.get(reverse("todo")).status_code == 302


def test_the_auditors_menu_offers_no_registering(client, cast):
    client.force_login(cast.auditor)
    html = client.get(reverse("grievances:queue")).content.decode()
    assert reverse("grievances:register") not in html
    client.force_login(cast.clerk)
    html = client.get(reverse("grievances:queue")).content.decode()
    assert reverse("grievances:register") in html


def test_the_to_do_page_reads_in_chinese(client, cast):
    with frozen(2026, 3, 2):
        g = lifecycle.request_review(replied(cast), reason="补发金额不对")
        client.force_login(cast.head)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        html = client.get(reverse("todo")).content.decode()
    assert g.code in html
    assert "作出复查（复核）意见" in html and "待办" in html
    assert "Decide the review" not in html


def test_a_waiting_extension_is_on_the_heads_list_and_nobody_elses(client, cast):
    with frozen(2026, 3, 2):
        g = assigned(cast)
        lifecycle.request_extension(g, by=cast.handler, days=10, reason="需核对考勤")
        want = ("Approve or refuse an extension", g.code)
        assert want in rows(todo(client, cast.head))
        # Nor to the one who asked, nor to a head elsewhere, nor to the chief above a head.
        for other in (cast.handler, cast.outsider, cast.chief):
            assert want not in rows(todo(client, other)), other
        # The case moved out of the head's branch: the request is no longer theirs.
        Grievance.objects.filter(pk=g.pk).update(unit=cast.branch_b)
        assert want not in rows(todo(client, cast.head))
