"""The case page: the facts, the history, and exactly the actions the user may take."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grievances import lifecycle
from grievances.models import EventKind
from grievances.tests.helpers import frozen, in_progress, received, replied


def page(client, user, g):
    client.force_login(user)
    response = client.get(reverse("grievances:case", args=[g.code]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("clerk", set()),
        ("handler", {"accept", "decline"}),
        ("leader", {"accept", "decline", "transfer", "merge"}),
        ("head", {"accept", "decline", "transfer", "merge", "supervise"}),
        ("auditor", set()),
    ],
)
def test_a_received_case_offers_each_role_its_actions(client, cast, who, offered):
    response = page(client, getattr(cast, who), received(cast))
    assert set(response.context["action_forms"]) == offered


def test_a_case_in_progress_offers_its_owner_the_work_actions(client, cast):
    response = page(client, cast.handler, in_progress(cast))
    assert set(response.context["action_forms"]) == {"contact", "extend", "reply"}


def test_a_replied_case_offers_the_clerk_a_callback(client, cast):
    response = page(client, cast.clerk, replied(cast))
    assert set(response.context["action_forms"]) == {"callback"}


def test_the_review_unit_is_offered_the_review_decision(client, cast):
    g = lifecycle.request_review(replied(cast), reason="不服")
    assert "decide-review" in page(client, cast.head, g).context["action_forms"]
    assert "decide-review" not in page(client, cast.leader, g).context["action_forms"]


def test_the_page_shows_the_history_with_internal_notes_marked(client, cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)
        lifecycle.log_contact(g, by=cast.handler, kind=EventKind.NOTE, summary="财务说月底有钱")
    text = page(client, cast.head, g).content.decode()
    assert "Outreach visit" in text and "到车间走访" in text
    assert "财务说月底有钱" in text and 'class="ev ev-note internal"' in text
    assert "Hank Handler" in text  # who did it
    assert "2026-05-01" in text  # the reply deadline


def test_the_page_shows_the_reply_with_its_reasons(client, cast):
    g = replied(cast)
    text = page(client, cast.clerk, g).content.decode()
    for part in ("查明十月份加班费未发放。", "十一月十日前补发。", "依照公司薪酬制度第十二条。"):
        assert part in text


def test_the_page_marks_an_overdue_case(client, cast):
    with frozen(2026, 3, 2):
        g = received(cast)
    with frozen(2026, 3, 18):
        response = page(client, cast.handler, g)
    assert response.context["due_status"] == "overdue"
    assert "Overdue" in response.content.decode()


def test_a_merged_case_points_to_its_collective_case(client, cast):
    primary = lifecycle.accept(received(cast, headcount=2), by=cast.handler)
    other = received(cast, subject="同一问题")
    lifecycle.merge(primary, [other], by=cast.leader)
    text = page(client, cast.leader, primary).content.decode()
    assert other.code in text and "Collective · 3 people" in text
    assert primary.code in page(client, cast.leader, other).content.decode()


def test_the_returns_left_are_shown_on_the_return_form(client, cast):
    g = received(cast, unit=cast.branch_a)
    lifecycle.transfer(g, by=cast.head, to_unit=cast.workshop, reasons="由车间办理")
    text = page(client, cast.handler, g).content.decode()
    assert "This case can be returned 2 more times; after that, the unit above decides" in text


def test_an_unknown_case_is_not_found(client, cast):
    client.force_login(cast.chief)
    assert client.get(reverse("grievances:case", args=["2222-3333-4444"])).status_code == 404


def test_an_attachment_whose_file_is_gone_answers_404_not_500(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from grievances.attachments import store_attachment

    g, _ = cast.submit()
    att = store_attachment(g, SimpleUploadedFile("a.txt", b"hello", "text/plain"), by=cast.clerk)
    att.file.storage.delete(att.file.name)
    client.force_login(cast.handler)
    response = client.get(f"/console/grievances/case/{g.code}/attachment/{att.pk}/")
    assert response.status_code == 404


def test_a_collective_case_lists_only_the_merged_cases_the_viewer_may_open(client, cast):
    from grievances import lifecycle

    primary, _ = cast.submit(subject="车间集体反映加班费")
    other, _ = cast.submit(subject="二分公司同一问题", unit=cast.branch_b)
    lifecycle.merge(primary, [other], by=cast.chief)

    client.force_login(cast.handler)
    page = client.get(f"/console/grievances/case/{primary.code}/").content.decode()
    assert other.code not in page and "二分公司同一问题" not in page

    client.force_login(cast.chief)
    page = client.get(f"/console/grievances/case/{primary.code}/").content.decode()
    assert other.code in page
