"""The portal shows the complainant the deadlines promised to them, never an internal one:
a supervision (督办) date tightens the staff's next deadline, not the promise."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse

from grievances import lifecycle
from grievances.models import DueKind
from minsheng.workdays import local_date
from portal.tests.helpers import tracked_client, work_on


def next_deadline(html: str) -> str:
    m = re.search(r'<span class="due">Next deadline: ([0-9-]+) · ([^<]+)</span>', html)
    assert m, "the case page shows a next deadline"
    return f"{m.group(1)} {m.group(2)}"


def test_a_supervision_date_is_not_shown_as_the_complainants_deadline(client, cast):
    g, secret = cast.submit()
    g = work_on(cast, g)
    due = local_date() + timedelta(days=3)
    lifecycle.supervise(g, by=cast.head, instructions="三日内报告进展", due=due)
    g.refresh_from_db()
    assert g.next_due == due  # the staff's deadline is the supervision date
    html = tracked_client(client, g, secret).get(reverse("portal:case", args=[g.code]))
    html = html.content.decode()
    assert next_deadline(html) == f"{g.resolve_due.isoformat()} {DueKind.RESOLVE.label}"
    assert due.isoformat() not in html


def test_the_acceptance_deadline_is_shown_before_acceptance(client, cast):
    g, secret = cast.submit()
    html = tracked_client(client, g, secret).get(reverse("portal:case", args=[g.code]))
    assert next_deadline(html.content.decode()) == f"{g.accept_due.isoformat()} Decide acceptance"


def test_the_api_tells_the_complainant_the_promised_deadline_and_staff_the_supervision(cast):
    from api.tests.rest_helpers import Api, token, url

    g, secret = cast.submit()
    g = work_on(cast, g)
    due = local_date() + timedelta(days=3)
    lifecycle.supervise(g, by=cast.head, instructions="三日内报告进展", due=due)
    g.refresh_from_db()
    mine = Api().post(url(g, "track"), {"secret": secret}).json()["deadlines"]
    assert (mine["next_due"], mine["next_due_kind"]) == (g.resolve_due.isoformat(), "resolve")
    staff = Api(token(cast.handler, cast.workshop)).get(url(g)).json()["deadlines"]
    assert (staff["next_due"], staff["next_due_kind"]) == (due.isoformat(), "resolve")
