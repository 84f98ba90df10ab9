"""The declared list of actions drives every door: each staff action is offered and taken in
the console and through the API, and the portal offers exactly the complainant's steps the
rules allow. The tests walk the list, so a new action without a way in fails here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from api.tests.rest_helpers import Api, token, url
from grievances import actions, lifecycle
from grievances.models import Grievance, TimelineEvent
from grievances.tests.helpers import accepted, fresh, in_progress, received, replied
from portal.views import SESSION_TRACKED

Scenario = tuple[Grievance, str, str, dict[str, Any], dict[str, Any]]


def _dispatched(cast: Any) -> Grievance:
    g = received(cast, unit=cast.branch_a)
    return lifecycle.transfer(g, by=cast.head, to_unit=cast.workshop, reasons="属于一车间")


def _pending_extension(cast: Any) -> Grievance:
    g = in_progress(cast)
    lifecycle.request_extension(g, by=cast.handler, days=5, reason="需要核对考勤")
    return fresh(g)


def _under_review(cast: Any) -> Grievance:
    return lifecycle.request_review(replied(cast), reason="补发金额不对")


def _supervised(cast: Any) -> Grievance:
    g = received(cast)
    lifecycle.supervise(g, by=cast.head, instructions="尽快办理", due=g.accept_due)
    return fresh(g)


def scenario(cast: Any, name: str) -> Scenario:
    """A case in which `name` is open, who takes it (persona, token unit), and the input in
    the console's form and in the API's JSON."""
    text = {"reasons": "依规办理"}
    table: dict[str, Callable[[], Scenario]] = {
        "accept": lambda: (received(cast), "handler", "workshop", text, text),
        "decline": lambda: (received(cast), "handler", "workshop", text, text),
        "assign": lambda: (
            accepted(cast),
            "leader",
            "workshop",
            {"owner": cast.leader.pk, "handler": cast.handler.pk},
            {"owner": "leader", "handler": "handler"},
        ),
        "contact": lambda: (
            in_progress(cast),
            "handler",
            "workshop",
            {"kind": "dialogue", "summary": "座谈", "participants": "8"},
            {"kind": "dialogue", "summary": "座谈", "participants": 8},
        ),
        "transfer": lambda: (
            received(cast),
            "leader",
            "workshop",
            {"to_unit": cast.branch_b.pk, **text},
            {"to_unit": "B", **text},
        ),
        "return": lambda: (_dispatched(cast), "handler", "workshop", text, text),
        "extend": lambda: (
            in_progress(cast),
            "handler",
            "workshop",
            {"days": "5", "reason": "需时间"},
            {"days": 5, "reason": "需时间"},
        ),
        "decide-extension": lambda: (
            _pending_extension(cast),
            "head",
            "branch_a",
            {"approve": "1", "note": "同意"},
            {"approve": True, "note": "同意"},
        ),
        "reply": lambda: (
            in_progress(cast),
            "leader",
            "workshop",
            {"facts": "查明", "decision": "补发", "reasons": "依规"},
            {"facts": "查明", "decision": "补发", "reasons": "依规"},
        ),
        "callback": lambda: (
            replied(cast),
            "clerk",
            "workshop",
            {"rating": "satisfied"},
            {"rating": "satisfied"},
        ),
        "decide-review": lambda: (
            _under_review(cast),
            "head",
            "branch_a",
            {"upheld": "1", "decision": "维持", "reasons": "事实清楚"},
            {"upheld": True, "decision": "维持", "reasons": "事实清楚"},
        ),
        "merge": lambda: _merge(cast),
        "supervise": lambda: _supervise(cast),
        "report": lambda: (
            _supervised(cast),
            "handler",
            "workshop",
            {"text": "已核对考勤"},
            {"text": "已核对考勤"},
        ),
    }
    return table[name]()


def _merge(cast: Any) -> Scenario:
    g, other = received(cast), received(cast)
    return g, "leader", "workshop", {"codes": other.code}, {"codes": [other.code]}


def _supervise(cast: Any) -> Scenario:
    g = received(cast)
    data = {"instructions": "请本周内报告", "due": g.accept_due.isoformat()}
    return g, "head", "branch_a", data, data


STAFF = [a.name for a in actions.STAFF_ACTIONS]


def events(g: Grievance) -> int:
    return TimelineEvent.objects.filter(grievance=g).count()


@pytest.mark.parametrize("name", STAFF)
def test_every_staff_action_is_offered_and_taken_in_the_console(
    client: Client, cast: Any, name: str
) -> None:
    g, who, _unit, form, _json = scenario(cast, name)
    client.force_login(getattr(cast, who))
    page = client.get(reverse("grievances:case", args=[g.code]))
    assert name in page.context["action_forms"], "the case page does not offer it"
    assert f'action="/console/grievances/case/{g.code}/act/{name}/"' in page.content.decode()
    before = events(g)
    data = {f"{name}-{k}": v for k, v in form.items()}
    if actions.BY_NAME[name].versioned:
        data[f"{name}-version"] = fresh(g).version
    response = client.post(reverse("grievances:act", args=[g.code, name]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert events(g) > before


@pytest.mark.parametrize("name", STAFF)
def test_every_staff_action_is_taken_through_the_api(cast: Any, name: str) -> None:
    g, who, unit, _form, body = scenario(cast, name)
    api = Api(token(getattr(cast, who), getattr(cast, unit), ["grievances:act"]))
    before = events(g)
    r = api.post(url(g, name), body)
    assert r.status_code == 200, r.content
    assert r.json()["code"] == g.code
    assert events(g) > before


@pytest.mark.parametrize("name", STAFF)
def test_an_outsider_reaches_no_action_at_either_door(client: Client, cast: Any, name: str) -> None:
    g, _who, _unit, form, body = scenario(cast, name)
    before = events(g)
    client.force_login(cast.outsider)
    data = {f"{name}-{k}": v for k, v in form.items()}
    assert client.post(reverse("grievances:act", args=[g.code, name]), data).status_code == 404
    api = Api(token(cast.outsider, cast.branch_b, ["grievances:act"]))
    assert api.post(url(g, name), body).status_code == 404
    assert events(g) == before


def test_both_doors_route_every_declared_action_and_the_schema_documents_it(
    client: Client, cast: Any
) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    for name in STAFF:
        assert resolve(f"/console/grievances/case/ABCD-EFGH-JKMN/act/{name}/").url_name == "act"
        assert resolve(f"/api/v1/grievances/ABCD-EFGH-JKMN/{name}/").url_name == f"api-{name}"
        assert "post" in schema["paths"][f"/api/v1/grievances/{{code}}/{name}/"]


def test_the_lifecycle_checks_exactly_the_declared_rules() -> None:
    assert set(lifecycle.RULES) == set(actions.BY_NAME)
    for a in actions.ACTIONS:
        assert lifecycle.RULES[a.name] is a.rule


def test_the_staff_actions_the_console_offers_are_the_rules_verdict(cast: Any) -> None:
    g = replied(cast)
    assert lifecycle.allowed_actions(cast.clerk, g) == {"callback"}
    assert lifecycle.allowed_actions(cast.auditor, g) == set()


def _portal_page(client: Client, g: Grievance) -> Any:
    session = client.session
    session[SESSION_TRACKED] = [g.code]
    session.save()
    return client.get(reverse("portal:case", args=[g.code]))


def test_the_portal_offers_the_complainants_steps_the_rules_allow(
    client: Client, cast: Any
) -> None:
    g = replied(cast)
    assert actions.offers(g) == {"feedback", "review"}
    page = _portal_page(client, g)
    assert page.context["rate_form"] is not None and page.context["review_form"] is not None
    lifecycle.rate(g, rating="satisfied")
    assert actions.offers(fresh(g)) == {"review"}
    page = _portal_page(client, g)
    assert page.context["rate_form"] is None and page.context["review_form"] is not None


def test_the_portal_offers_nothing_before_a_reply(client: Client, cast: Any) -> None:
    g = in_progress(cast)
    assert actions.offers(g) == set()
    page = _portal_page(client, g)
    assert page.context["rate_form"] is None and page.context["review_form"] is None


def test_the_complainants_doors_take_the_declared_fields() -> None:
    """The portal's forms and the API's complainant bodies ask for what is declared (the
    API adds the tracking `secret`, by which the complainant proves who they are)."""
    from api.rest.inputs import FeedbackInput, ReviewInput
    from portal.forms import RateForm, ReviewForm

    doors = {"feedback": (RateForm, FeedbackInput), "review": (ReviewForm, ReviewInput)}
    assert set(doors) == {a.name for a in actions.COMPLAINANT_ACTIONS}
    for name, (form, body) in doors.items():
        declared = {f.name for f in actions.BY_NAME[name].fields}
        assert set(form.base_fields) == declared
        assert set(body().fields) == declared | {"secret"}
