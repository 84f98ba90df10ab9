"""List pages and the case page cost the same number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grievances import lifecycle
from grievances.models import EventKind
from grievances.tests.helpers import in_progress, received


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def supervised_case(cast):
    g = in_progress(cast)
    lifecycle.supervise(g, by=cast.head, instructions="督办", due=g.resolve_due)
    return g


@pytest.mark.parametrize("page", ["grievances:queue", "grievances:home", "grievances:supervised"])
def test_a_list_page_does_not_grow_with_its_rows(client, cast, page):
    client.force_login(cast.leader)
    url = reverse(page)
    for _ in range(3):
        supervised_case(cast)
    received(cast, unit=cast.workshop, headcount=3)
    few = queries(client, url)
    for _ in range(27):
        supervised_case(cast)
    many = queries(client, url)
    assert len(client.get(url).context["page"].object_list) >= 30
    assert many == few


def enrich(cast, g, n):
    """n of each thing a case page lists: contacts, replies, merged cases, supervisions."""
    for i in range(n):
        lifecycle.log_contact(g, by=cast.handler, kind=EventKind.VISIT, summary=f"走访{i}")
    others = [received(cast) for _ in range(n)]
    lifecycle.merge(g, others, by=cast.leader)
    for _ in range(n):
        lifecycle.supervise(
            g, by=cast.head, instructions="督办", due=g.resolve_due - timedelta(days=1)
        )
    lifecycle.request_extension(g, by=cast.handler, days=5, reason="需时间")


def test_the_case_page_does_not_grow_with_the_history(client, cast):
    small, large = in_progress(cast), in_progress(cast)
    enrich(cast, small, 3)
    enrich(cast, large, 30)
    client.force_login(cast.head)
    assert queries(client, reverse("grievances:case", args=[small.code])) == queries(
        client, reverse("grievances:case", args=[large.code])
    )


def test_a_merged_case_page_costs_the_same(client, cast):
    g = in_progress(cast)
    enrich(cast, g, 3)
    client.force_login(cast.leader)
    few = queries(client, reverse("grievances:case", args=[g.code]))
    enrich(cast, in_progress(cast), 1)  # more data elsewhere changes nothing
    assert queries(client, reverse("grievances:case", args=[g.code])) == few
