"""Who reaches which console page. Every page and every action is tried as an anonymous
visitor, an outsider from the sibling branch, the auditor and a user without any role."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grievances import lifecycle
from grievances.actions import STAFF_ACTIONS
from grievances.tests.helpers import footprint, fresh, in_progress, received
from orgs.models import Membership, Role

ACTIONS = [a.name for a in STAFF_ACTIONS]


@pytest.fixture
def world(cast):
    """A case in the workshop, in progress, with an attachment and a pending extension."""
    g = in_progress(
        cast, files=[SimpleUploadedFile("工资条.txt", "十月工资条".encode(), "text/plain")]
    )
    ext = lifecycle.request_extension(g, by=cast.handler, days=10, reason="需时间")
    other = received(cast)
    return {"g": g, "ext": ext, "att": g.attachments.get(), "other": other}


def post_data(cast, world, action):
    g = world["g"]
    due = (g.resolve_due - timedelta(days=1)).isoformat()
    data = {
        "accept": {"reasons": "受理"},
        "decline": {"reasons": "不予受理"},
        "assign": {"owner": cast.leader.pk, "handler": cast.handler.pk},
        "contact": {"kind": "note", "summary": "记录"},
        "transfer": {"to_unit": cast.branch_b.pk, "reasons": "转办"},
        "return": {"reasons": "退回"},
        "extend": {"days": 5, "reason": "需时间"},
        "reply": {"facts": "查明", "decision": "补发", "reasons": "依规"},
        "callback": {"rating": "satisfied"},
        "decide-extension": {"approve": "1", "note": "同意"},
        "decide-review": {"upheld": "1", "decision": "维持", "reasons": "事实清楚"},
        "merge": {"codes": world["other"].code},
        "supervise": {"instructions": "督办", "due": due},
        "report": {"text": "进展"},
    }[action]
    out = {f"{action}-{k}": v for k, v in data.items()}
    out[f"{action}-version"] = fresh(g).version
    return out


def page_text(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def get_urls(world):
    g = world["g"]
    return [
        reverse("grievances:home"),
        reverse("grievances:queue"),
        reverse("grievances:supervised"),
        reverse("grievances:register"),
        reverse("grievances:scorecard"),
        reverse("grievances:case", args=[g.code]),
        reverse("grievances:identity", args=[g.code]),
        reverse("grievances:attachment", args=[g.code, world["att"].pk]),
    ]


def post_urls(world):
    g = world["g"]
    return [reverse("grievances:act", args=[g.code, a]) for a in ACTIONS] + [
        reverse("grievances:decide_extension", args=[world["ext"].pk])
    ]


def test_an_anonymous_visitor_is_sent_to_log_in_from_every_page(client, cast, world):
    for url in get_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    before = footprint()
    for url in post_urls(world):
        response = client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    assert footprint() == before


def test_an_outsider_finds_no_case_of_the_workshop(client, cast, world):
    client.force_login(cast.outsider)
    g = world["g"]
    missing = "2222-3333-4444"
    for url in get_urls(world)[5:]:
        response = client.get(url)
        assert response.status_code == 404, url
        # indistinguishable from a case that does not exist
        nonexistent = client.get(url.replace(g.code, missing))
        assert nonexistent.status_code == 404
        assert page_text(response).replace(g.code, missing) == page_text(nonexistent)
    before = footprint()
    for action in ACTIONS:
        url = reverse("grievances:act", args=[g.code, action])
        assert client.post(url, post_data(cast, world, action)).status_code == 404, action
    url = reverse("grievances:decide_extension", args=[world["ext"].pk])
    assert client.post(url, {"ext-approve": "1"}).status_code == 404
    assert footprint() == before


def test_an_outsider_does_not_see_the_case_in_any_list(client, cast, world):
    client.force_login(cast.outsider)
    code = world["g"].code
    for name in ("grievances:home", "grievances:queue", "grievances:supervised"):
        response = client.get(reverse(name), {"q": code})
        assert response.status_code == 200
        assert f"/case/{code}/" not in response.content.decode()
        assert list(response.context["page"].object_list) == []


def test_the_auditor_reads_cases_but_every_action_is_refused(client, cast, world):
    client.force_login(cast.auditor)
    g = world["g"]
    page = client.get(reverse("grievances:case", args=[g.code]))
    assert page.status_code == 200
    assert page.context["action_forms"] == {}
    assert "You have read-only access." in page.content.decode()
    assert client.get(reverse("grievances:queue")).status_code == 200
    before = footprint()
    for action in ACTIONS:
        url = reverse("grievances:act", args=[g.code, action])
        assert client.post(url, post_data(cast, world, action)).status_code == 403, action
    url = reverse("grievances:decide_extension", args=[world["ext"].pk])
    assert client.post(url, {"ext-approve": "1"}).status_code == 403
    assert footprint() == before


def test_the_auditor_does_not_see_who_complained(client, cast, world):
    client.force_login(cast.auditor)
    before = footprint()
    assert client.get(reverse("grievances:identity", args=[world["g"].code])).status_code == 404
    assert footprint() == before


def test_the_head_of_the_branch_sees_the_workshops_cases(client, cast, world):
    client.force_login(cast.head)
    g = world["g"]
    assert client.get(reverse("grievances:case", args=[g.code])).status_code == 200
    assert g.code in client.get(reverse("grievances:queue")).content.decode()
    download = client.get(reverse("grievances:attachment", args=[g.code, world["att"].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "十月工资条".encode()


def test_a_workshop_handler_sees_nothing_of_branch_b(client, cast, world):
    theirs = received(cast, unit=cast.branch_b, subject="二分公司食堂卫生问题")
    client.force_login(cast.handler)
    queue = reverse("grievances:queue")
    for params in ({}, {"state": "received"}, {"q": theirs.code}, {"q": theirs.code.lower()},
                   {"q": "食堂"}, {"kind": "complaint", "channel": "web"}):  # fmt: skip
        response = client.get(queue, params)
        assert response.status_code == 200
        assert f"/case/{theirs.code}/" not in response.content.decode(), params
        assert theirs not in response.context["page"].object_list
    # the handler cannot pick Branch B in the unit filter either
    response = client.get(queue, {"unit": cast.branch_b.pk})
    assert "Select a valid choice" in response.content.decode()
    assert f"/case/{theirs.code}/" not in response.content.decode()


def test_a_workshop_handler_counts_nothing_of_branch_b_in_the_scorecard(client, cast, world):
    received(cast, unit=cast.branch_b)
    received(cast, unit=cast.branch_b)
    client.force_login(cast.handler)
    response = client.get(reverse("grievances:scorecard"))
    assert response.context["root"] == cast.workshop
    assert response.context["total"].received == 2  # the two workshop cases of the world
    response = client.get(reverse("grievances:scorecard"), {"unit": cast.branch_b.pk})
    assert "Select a valid choice" in response.content.decode()
    assert response.context["total"].received == 2
    client.force_login(cast.outsider)
    assert client.get(reverse("grievances:scorecard")).context["total"].received == 2


def test_a_user_without_a_role_is_refused_the_console(client, cast, world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody")
    client.force_login(nobody)
    for url in get_urls(world):
        assert client.get(url).status_code == 403, url
    before = footprint()
    for url in post_urls(world):
        assert client.post(url, {}).status_code == 403, url
    assert footprint() == before


def test_a_clerk_sees_the_cases_registered_elsewhere_by_them(client, cast):
    Membership.objects.filter(user=cast.clerk).delete()
    Membership.objects.create(user=cast.clerk, unit=cast.hq, role=Role.CLERK)
    g = received(cast, by=cast.clerk)
    client.force_login(cast.clerk)
    assert client.get(reverse("grievances:case", args=[g.code])).status_code == 200
