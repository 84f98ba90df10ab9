"""Two people working on one case: whoever saves second, having seen an older version, is
refused and told so; nothing they sent overwrites the other's work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grievances import lifecycle
from grievances.models import EventKind, State, TimelineEvent
from grievances.tests.helpers import (
    accepted,
    fresh,
    frozen,
    in_progress,
    received,
    refused,
    replied,
)
from minsheng.errors import StaleVersion

STALE = "Someone else changed this case"

ACTIONS = {
    "accept": (received, lambda c, g, v: lifecycle.accept(g, by=c.handler, version=v)),
    "decline": (
        received,
        lambda c, g, v: lifecycle.decline(g, by=c.handler, reasons="不予受理", version=v),
    ),
    "assign": (
        accepted,
        lambda c, g, v: lifecycle.assign(
            g, by=c.leader, owner=c.leader, handler=c.handler, version=v
        ),
    ),
    "contact": (
        in_progress,
        lambda c, g, v: lifecycle.log_contact(
            g, by=c.handler, kind=EventKind.NOTE, summary="电话", version=v
        ),
    ),
    "transfer": (
        in_progress,
        lambda c, g, v: lifecycle.transfer(
            g, by=c.leader, to_unit=c.branch_b, reasons="转办", version=v
        ),
    ),
    "extend": (
        in_progress,
        lambda c, g, v: lifecycle.request_extension(
            g, by=c.handler, days=5, reason="需时间", version=v
        ),
    ),
    "reply": (
        in_progress,
        lambda c, g, v: lifecycle.reply(
            g, by=c.leader, facts="查明", decision="补发", reasons="依规", version=v
        ),
    ),
    "supervise": (
        in_progress,
        lambda c, g, v: lifecycle.supervise(
            g, by=c.head, instructions="督办", due=g.resolve_due, version=v
        ),
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_stale_version_is_refused_and_changes_nothing(cast, action):
    make, act = ACTIONS[action]
    g = make(cast)
    seen = g.version
    # Meanwhile the chief places the case under supervision.
    due = g.accept_due if g.state == State.RECEIVED else g.resolve_due
    lifecycle.supervise(fresh(g), by=cast.chief, instructions="请关注", due=due)
    with refused(STALE, error=StaleVersion):
        act(cast, fresh(g), seen)


def test_the_current_version_is_accepted(cast):
    g = received(cast)
    g = lifecycle.accept(g, by=cast.handler, version=fresh(g).version)
    assert g.version == fresh(g).version


def post_note(client, g, user, version, summary):
    client.force_login(user)
    return client.post(
        reverse("grievances:act", args=[g.code, "contact"]),
        {"contact-kind": "note", "contact-summary": summary, "contact-version": version},
    )


def test_two_people_posting_the_same_version_the_second_gets_a_conflict_page(cast, client):
    g = in_progress(cast)
    with frozen(2026, 3, 2):
        # Both open the case page and see the same version.
        client.force_login(cast.leader)
        page = client.get(reverse("grievances:case", args=[g.code]))
        seen = page.context["action_forms"]["contact"].initial["version"]
        first = post_note(client, g, cast.leader, seen, "领导已约谈车间主任")
        second = post_note(client, g, cast.handler, seen, "经办人的记录")
    assert first.status_code == 302
    assert second.status_code == 409
    text = second.content.decode()
    assert "Someone else changed this case after you opened it" in text
    assert "领导已约谈车间主任" in text  # the page shows the change they had not seen
    notes = TimelineEvent.objects.filter(grievance=g, kind=EventKind.NOTE)
    assert list(notes.values_list("text", flat=True)) == ["领导已约谈车间主任"]


def test_the_conflict_page_keeps_what_the_second_person_typed(cast, client):
    g = in_progress(cast)
    seen = g.version
    post_note(client, g, cast.leader, seen, "第一条")
    response = post_note(client, g, cast.handler, seen, "第二条，请勿丢失")
    assert response.status_code == 409
    assert "第二条，请勿丢失" in response.content.decode()


def test_a_stale_version_is_refused_on_merge(cast):
    g, other = received(cast), received(cast, subject="同一问题")
    seen = g.version
    lifecycle.supervise(fresh(g), by=cast.chief, instructions="请关注", due=g.accept_due)
    with refused(STALE, error=StaleVersion):
        lifecycle.merge(fresh(g), [other], by=cast.leader, version=seen)


def test_a_stale_version_is_refused_on_a_callback(cast):
    g = replied(cast)
    seen = g.version
    lifecycle.request_review(fresh(g), reason="不服")  # meanwhile, the complainant appeals
    with refused(STALE, error=StaleVersion):
        lifecycle.rate(
            fresh(g), rating="satisfied", by=cast.handler, via_callback=True, version=seen
        )


def test_a_stale_version_is_refused_on_a_progress_report(cast):
    g = in_progress(cast)
    s = lifecycle.supervise(g, by=cast.head, instructions="督办", due=g.resolve_due)
    seen = fresh(g).version
    lifecycle.log_contact(fresh(g), by=cast.leader, kind=EventKind.NOTE, summary="约谈")
    with refused(STALE, error=StaleVersion):
        lifecycle.report_progress(s, by=cast.handler, text="已补发一半", version=seen)


@pytest.mark.parametrize("action", ["merge", "callback", "report"])
def test_the_console_sends_the_version_of_every_action(cast, client, action):
    """The form carries the version the user saw; the action must not ignore it."""
    g = {"merge": received, "callback": replied, "report": in_progress}[action](cast)
    other = received(cast, subject="同一问题")
    if action == "report":
        lifecycle.supervise(g, by=cast.head, instructions="督办", due=g.resolve_due)
    stale = fresh(g).version - 1
    data = {
        "merge": {"merge-codes": other.code},
        "callback": {"callback-rating": "satisfied"},
        "report": {"report-text": "进展"},
    }[action]
    client.force_login(cast.leader)
    before = fresh(g).version
    response = client.post(
        reverse("grievances:act", args=[g.code, action]), {**data, f"{action}-version": stale}
    )
    assert response.status_code == 409
    assert fresh(g).version == before
