"""GET /api/v1/grievances/: the caller's cases, filtered, a page at a time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from api.tests.rest_helpers import Api, assert_no_personal_data, error, token
from grievances import lifecycle
from grievances.models import Category, Channel, Grievance, Kind
from grievances.tests.helpers import at, frozen
from minsheng.workdays import local_date

URL = "/api/v1/grievances/"


def codes(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


@pytest.fixture
def cases(cast: Any) -> dict[str, Grievance]:
    """One case in each unit of the cast, and a few more in the workshop."""
    out = {
        "a1": cast.submit()[0],
        "a": cast.submit(unit=cast.branch_a, kind=Kind.HELP)[0],
        "b": cast.submit(unit=cast.branch_b, channel=Channel.PHONE)[0],
        "hq": cast.submit(unit=cast.hq, category=None)[0],
    }
    return out


def test_a_read_token_lists_the_cases_of_its_subtree(cast: Any, cases: Any) -> None:
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(URL)
    assert codes(r) == {g.code for g in cases.values()}
    assert_no_personal_data(r)


def test_a_token_of_branch_b_sees_nothing_of_workshop_a1(cast: Any, cases: Any) -> None:
    # The chief sees everything in the console; the token narrows it to Branch B.
    r = Api(token(cast.chief, cast.branch_b, ["grievances:read"])).get(URL)
    assert codes(r) == {cases["b"].code}


def test_the_token_never_widens_its_users_scope(cast: Any, cases: Any) -> None:
    # The handler of A1 with a token for the whole group still sees only A1's cases.
    r = Api(token(cast.handler, cast.hq, ["grievances:read"])).get(URL)
    assert codes(r) == {cases["a1"].code}


def test_a_token_without_read_may_not_list(cast: Any, cases: Any) -> None:
    r = Api(token(cast.chief, cast.hq, ["grievances:intake", "grievances:act"])).get(URL)
    assert r.status_code == 403
    assert error(r)["code"] == "scope_missing"


def test_the_public_may_not_list(cast: Any, cases: Any) -> None:
    r = Api().get(URL)
    assert r.status_code == 401
    assert error(r)["code"] == "not_authenticated"
    assert r.headers["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("header", ["Token nope", "Bearer ms_wrong", "Token a b", "Token é"])
def test_a_bad_token_is_a_401(cast: Any, header: str) -> None:
    r = Api().get(URL, Authorization=header)
    assert r.status_code == 401
    assert error(r)["code"] == "authentication_failed"


def test_a_revoked_token_is_a_401(cast: Any) -> None:
    from api.models import ApiToken

    key = token(cast.chief, cast.hq, ["grievances:read"])
    ApiToken.objects.update(revoked=True)
    assert Api(key).get(URL).status_code == 401


def test_a_console_session_lists_what_the_console_shows(cast: Any, cases: Any, client: Any) -> None:
    client.force_login(cast.head)
    r = Api(client=client).get(URL)
    assert codes(r) == {cases["a1"].code, cases["a"].code}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "A"}, {"a1", "a"}),
        ({"unit": "A1"}, {"a1"}),
        ({"kind": "help"}, {"a"}),
        ({"channel": "phone"}, {"b"}),
        ({"category": "wages"}, {"a1", "a", "b"}),
        ({"state": "received"}, {"a1", "a", "b", "hq"}),
        ({"state": "accepted"}, set()),
        ({"collective": "false"}, {"a1", "a", "b", "hq"}),
        ({"collective": "true"}, set()),
        ({"skip_level": "false"}, {"a1", "a", "b", "hq"}),
    ],
)
def test_it_filters(cast: Any, cases: Any, params: dict[str, str], expected: set[str]) -> None:
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(URL, params)
    assert codes(r) == {cases[k].code for k in expected}


def test_it_filters_by_unit_id_too(cast: Any, cases: Any) -> None:
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(
        URL, {"unit": str(cast.branch_b.pk)}
    )
    assert codes(r) == {cases["b"].code}


def test_it_filters_by_the_state_after_an_action(cast: Any, cases: Any) -> None:
    lifecycle.accept(cases["a1"], by=cast.handler)
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(URL, {"state": "accepted"})
    assert codes(r) == {cases["a1"].code}


def test_it_filters_by_received_dates_in_local_days(cast: Any) -> None:
    with frozen(2026, 3, 1, 0, 30):  # just after midnight in Shanghai, still Feb 28 in UTC
        march = cast.submit()[0]
    with frozen(2026, 2, 28, 23, 30):
        february = cast.submit()[0]
    api = Api(token(cast.chief, cast.hq, ["grievances:read"]))
    day = {"received_from": "2026-03-01", "received_to": "2026-03-01"}
    assert codes(api.get(URL, day)) == {march.code}
    assert codes(api.get(URL, {"received_to": "2026-02-28"})) == {february.code}


def test_it_filters_by_due_soon_and_overdue(cast: Any) -> None:
    with frozen(2026, 3, 1):
        old = cast.submit()[0]  # acceptance due 2026-03-16
    with frozen(2026, 3, 14):
        new = cast.submit()[0]
        api = Api(token(cast.chief, cast.hq, ["grievances:read"]))
        assert codes(api.get(URL, {"due": "soon"})) == {old.code}
    with frozen(2026, 3, 20):
        assert codes(api.get(URL, {"due": "overdue"})) == {old.code}
        assert new.code not in codes(api.get(URL, {"due": "overdue"}))


def test_it_pages_newest_first_with_a_cursor(cast: Any) -> None:
    made = []
    for day in range(1, 6):
        with frozen(2026, 3, day):
            made.append(cast.submit()[0].code)
    api = Api(token(cast.chief, cast.hq, ["grievances:read"]))
    first = api.get(URL, {"limit": "2"}).json()
    assert [r["code"] for r in first["results"]] == made[::-1][:2]
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert [r["code"] for r in second["results"]] == made[::-1][2:4]
    third = api.get(second["next"]).json()
    assert [r["code"] for r in third["results"]] == made[::-1][4:]
    assert third["next"] is None
    back = api.get(third["previous"]).json()
    assert [r["code"] for r in back["results"]] == made[::-1][2:4]


def test_the_default_page_is_50(cast: Any) -> None:
    for _ in range(51):
        cast.submit()
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(URL)
    assert len(r.json()["results"]) == 50 and r.json()["next"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "lost"}, "state"),
        ({"kind": "x"}, "kind"),
        ({"channel": "fax"}, "channel"),
        ({"category": "nope"}, "category"),
        ({"unit": "nope"}, "unit"),
        ({"unit": "99999999999999999999999"}, "unit"),
        ({"received_from": "2026-02-30"}, "received_from"),
        ({"received_from": "yesterday"}, "received_from"),
        ({"received_to": "0001-01-01"}, "received_to"),
        ({"received_from": "2026-03-02", "received_to": "2026-03-01"}, "received_to"),
        ({"due": "later"}, "due"),
        ({"collective": "maybe"}, "collective"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "garbage"}, "cursor"),
        ({"cursor": "cD1ub3QtYS1kYXRl"}, "cursor"),  # "p=not-a-date"
        ({"colour": "red"}, "colour"),
        ({"state": "a\x00b"}, "state"),
    ],
)
def test_it_refuses_bad_filters_by_name(
    cast: Any, cases: Any, params: dict[str, str], field: str
) -> None:
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(URL, params)
    assert r.status_code == 400, r.content
    err = error(r)
    assert err["code"] == "invalid" and field in err["fields"]


def test_it_refuses_a_parameter_given_twice(cast: Any, cases: Any) -> None:
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(
        URL + "?state=received&state=accepted"
    )
    assert r.status_code == 400
    assert "state" in error(r)["fields"]


def test_a_unit_outside_the_tokens_subtree_is_not_a_filter(cast: Any, cases: Any) -> None:
    r = Api(token(cast.chief, cast.branch_a, ["grievances:read"])).get(URL, {"unit": "B"})
    assert r.status_code == 400
    assert "unit" in error(r)["fields"]


def test_each_row_says_when_the_next_step_is_due(cast: Any) -> None:
    with frozen(2026, 3, 1):
        g = cast.submit()[0]
    with frozen(2026, 3, 14):
        row = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(URL).json()["results"][0]
    assert row["code"] == g.code
    assert row["deadlines"]["next_due"] == "2026-03-16"
    assert row["deadlines"]["due_status"] == "due_soon"
    assert row["received_at"] == at(2026, 3, 1).isoformat()


def test_an_inactive_category_still_filters(cast: Any, cases: Any) -> None:
    Category.objects.update(active=False)
    r = Api(token(cast.chief, cast.hq, ["grievances:read"])).get(URL, {"category": "wages"})
    assert r.status_code == 200


def test_a_date_filter_accepts_today(cast: Any, cases: Any) -> None:
    today = local_date().isoformat()
    tomorrow = (local_date() + timedelta(days=1)).isoformat()
    api = Api(token(cast.chief, cast.hq, ["grievances:read"]))
    assert len(codes(api.get(URL, {"received_from": today}))) == 4
    assert codes(api.get(URL, {"received_from": tomorrow})) == set()


def test_a_page_costs_the_same_queries_whatever_its_length(cast: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(60):
        cast.submit()
    api = Api(token(cast.chief, cast.hq, ["grievances:read"]))
    api.get(URL)  # the token's first use notes when it was used
    counts = []
    for limit in ("5", "50"):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(URL, {"limit": limit}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    page = [q["sql"] for q in queries if 'FROM "grievances_grievance"' in q["sql"]]
    assert len(page) == 1 and "description" not in page[0]
