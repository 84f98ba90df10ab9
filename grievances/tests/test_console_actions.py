"""Every action through the console: the form is parsed, the action runs, and a refusal is
a message with the right status and nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from grievances import lifecycle
from grievances.models import (
    EventKind,
    ExtensionRequest,
    ExtensionState,
    Rating,
    State,
)
from grievances.tests.helpers import (
    accepted,
    footprint,
    fresh,
    frozen,
    in_progress,
    received,
    replied,
)


def act(client, user, g, action, **fields):
    client.force_login(user)
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{action}-version", fresh(g).version)
    return client.post(reverse("grievances:act", args=[g.code, action]), data)


def messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_case_goes_from_intake_to_reply_through_the_console(client, cast):
    with frozen(2026, 3, 2):
        g = received(cast)
        assert act(client, cast.handler, g, "accept", reasons="受理").status_code == 302
        r = act(client, cast.leader, g, "assign", owner=cast.leader.pk, handler=cast.handler.pk)
        assert r.status_code == 302
        r = act(client, cast.handler, g, "contact", kind="visit", summary="走访",
                when="2026-03-02", place="车间", participants="8")  # fmt: skip
        assert r.status_code == 302
        r = act(client, cast.handler, g, "extend", days="10", reason="需核算")
        assert r.status_code == 302
        r = act(client, cast.head, g, "supervise", instructions="督办", due="2026-03-31")
        assert r.status_code == 302
        r = act(client, cast.handler, g, "report", text="已核算完毕")
        assert r.status_code == 302
        r = act(client, cast.leader, g, "reply", facts="查明", decision="补发", reasons="依规")
        assert r.status_code == 302
        assert r["Location"] == reverse("grievances:case", args=[g.code])
        page = client.get(r["Location"])
        assert "Saved." in page.content.decode()
    g = fresh(g)
    assert g.state == State.REPLIED
    assert [k for k in g.events.values_list("kind", flat=True)] == [
        EventKind.RECEIVED, EventKind.ACCEPTED, EventKind.ASSIGNED, EventKind.VISIT,
        EventKind.EXTENSION_REQUESTED, EventKind.SUPERVISED, EventKind.SUPERVISION_REPORT,
        EventKind.REPLIED,
    ]  # fmt: skip
    r = act(client, cast.clerk, g, "callback", rating=Rating.SATISFIED, notes="电话回访")
    assert r.status_code == 302 and fresh(g).rating_by_callback


def test_transfer_merge_and_review_through_the_console(client, cast):
    g, other = accepted(cast), received(cast)
    assert act(client, cast.leader, g, "merge", codes=other.code.lower()).status_code == 302
    assert fresh(other).merged_into == g
    r = act(client, cast.leader, g, "transfer", to_unit=cast.branch_b.pk, reasons="转办")
    assert r.status_code == 302 and fresh(g).unit == cast.branch_b
    done = replied(cast)
    lifecycle.request_review(done, reason="不服")
    r = act(
        client,
        cast.head,
        done,
        "decide-review",
        upheld="0",
        decision="重新办理",
        reasons="核算有误",
    )
    assert r.status_code == 302 and fresh(done).state == State.IN_PROGRESS


def test_a_form_error_is_shown_and_nothing_is_saved(client, cast):
    g = received(cast)
    before = footprint()
    response = act(client, cast.handler, g, "decline", reasons="")
    assert response.status_code == 400
    assert "Please correct the errors below." in messages(response)
    assert "This field is required." in response.content.decode()
    assert footprint() == before


def test_a_refusal_by_the_rules_is_a_message_with_its_status(client, cast):
    g = received(cast, kind="litigation")
    before = footprint()
    response = act(client, cast.handler, g, "accept", reasons="")
    assert response.status_code == 400
    assert any("Litigation-related" in m for m in messages(response))
    assert footprint() == before


def test_an_action_the_role_does_not_allow_is_forbidden(client, cast):
    g = received(cast)
    before = footprint()
    response = act(client, cast.clerk, g, "accept", reasons="")
    assert response.status_code == 403
    assert "Your role in this unit does not allow this action." in messages(response)
    assert footprint() == before


def test_a_future_contact_date_is_refused_through_the_console(client, cast):
    g = in_progress(cast)
    before = footprint()
    with frozen(2026, 3, 2):
        response = act(client, cast.handler, g, "contact", kind="visit", summary="走访",
                       date="2026-03-03")  # fmt: skip
    assert response.status_code == 400
    assert footprint() == before


def test_merging_an_unknown_code_is_refused(client, cast):
    g = accepted(cast)
    before = footprint()
    response = act(client, cast.leader, g, "merge", codes="2222-3333-4444")
    assert response.status_code == 400
    assert "No case you can see has the code 2222-3333-4444." in messages(response)
    assert footprint() == before


def test_reporting_progress_without_supervision_is_refused(client, cast):
    g = in_progress(cast)
    before = footprint()
    response = act(client, cast.handler, g, "report", text="进展")
    assert response.status_code == 400
    assert "This case is not under supervision." in messages(response)
    assert footprint() == before


def test_an_unknown_action_is_not_found(client, cast):
    g = received(cast)
    assert act(client, cast.head, g, "delete").status_code == 404


def test_actions_change_nothing_on_get(client, cast):
    g = received(cast)
    client.force_login(cast.handler)
    before = footprint()
    response = client.get(reverse("grievances:act", args=[g.code, "accept"]))
    assert response.status_code == 405
    assert footprint() == before


@pytest.fixture
def pending(cast):
    with frozen(2026, 3, 2):
        g = in_progress(cast)
        return g, lifecycle.request_extension(g, by=cast.handler, days=10, reason="需时间")


def decide(client, user, ext, approve="1"):
    client.force_login(user)
    url = reverse("grievances:decide_extension", args=[ext.pk])
    return client.post(url, {"ext-approve": approve, "ext-note": "同意"}, follow=True)


def test_a_head_approves_an_extension_from_the_case_page(client, cast, pending):
    g, ext = pending
    client.force_login(cast.head)
    page = client.get(reverse("grievances:case", args=[g.code]))
    assert page.context["extension_form"] is not None
    assert "Hank Handler asks for 10 more days." in page.content.decode()
    with frozen(2026, 3, 3):
        response = decide(client, cast.head, ext)
    assert "Saved." in response.content.decode()
    assert fresh(g).resolve_due == date(2026, 5, 11)
    assert "extended by 10 days" in response.content.decode()


def test_a_leader_cannot_decide_an_extension(client, cast, pending):
    g, ext = pending
    client.force_login(cast.leader)
    assert client.get(reverse("grievances:case", args=[g.code])).context["extension_form"] is None
    before = footprint()
    response = decide(client, cast.leader, ext)
    assert "Your role in this unit does not allow this action." in response.content.decode()
    assert footprint() == before
    assert ExtensionRequest.objects.get().state == ExtensionState.PENDING


def test_an_extension_decision_needs_a_choice(client, cast, pending):
    _, ext = pending
    before = footprint()
    response = decide(client, cast.head, ext, approve="maybe")
    assert "Please choose approve or refuse." in response.content.decode()
    assert footprint() == before


def test_an_unknown_extension_is_not_found(client, cast):
    client.force_login(cast.head)
    url = reverse("grievances:decide_extension", args=[999])
    assert client.post(url, {"ext-approve": "1"}).status_code == 404


def test_someone_elses_extension_costs_the_same_as_one_that_does_not_exist(client, cast):
    """The request is looked up through the scoping door: an outsider cannot tell from the
    work done that a request with this number exists."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with frozen(2026, 3, 2):
        g = in_progress(cast)
        ext = lifecycle.request_extension(g, by=cast.handler, days=10, reason="需时间")
    client.force_login(cast.outsider)
    counts = []
    for pk in (ext.pk, ext.pk + 1000):
        url = reverse("grievances:decide_extension", args=[pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, {"ext-approve": "1"}).status_code == 404
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_head_decides_an_extension_with_the_declared_action(client, cast, pending):
    g, ext = pending
    client.force_login(cast.head)
    page = client.get(reverse("grievances:case", args=[g.code]))
    assert "decide-extension" in page.context["action_forms"]
    with frozen(2026, 3, 3):
        r = act(client, cast.head, g, "decide-extension", approve="0", note="理由不充分")
    assert r.status_code == 302
    assert ExtensionRequest.objects.get(pk=ext.pk).state == ExtensionState.REFUSED


def test_the_extension_decision_is_not_offered_to_a_leader_and_refused_if_tried(
    client, cast, pending
):
    g, _ext = pending
    client.force_login(cast.leader)
    page = client.get(reverse("grievances:case", args=[g.code]))
    assert "decide-extension" not in page.context["action_forms"]
    before = footprint()
    r = act(client, cast.leader, g, "decide-extension", approve="1")
    assert r.status_code == 403
    assert footprint() == before
