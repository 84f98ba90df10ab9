from __future__ import annotations

from datetime import datetime, time, timedelta

import time_machine
from django.utils import timezone

from grievances import lifecycle
from grievances.models import Grievance, State
from portal.tests.helpers import replied_case, tracked_client


def ask(client, g, reason="补发金额不对，少算了周末加班"):
    return client.post(f"/track/{g.code}/review/", {"review-reason": reason}, follow=True)


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def test_the_review_form_explains_the_window_and_who_decides(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    html = client.get(f"/track/{g.code}/").content.decode()
    assert f"you can ask for a review until {g.review_window_due:%Y-%m-%d}" in html
    assert "decided by the unit above" in html and "the re-review decision is final" in html


def test_a_review_asked_within_the_window_puts_the_case_under_review(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    client.post(f"/track/{g.code}/rate/", {"rate-rating": "dissatisfied"})
    response = ask(client, g)
    html = response.content.decode()
    assert response.redirect_chain == [(f"/track/{g.code}/", 302)]
    assert "Your request for a review has been received." in html
    assert "Under review" in html and "Branch A" in html
    g.refresh_from_db()
    assert g.state == State.UNDER_REVIEW and g.review_unit == cast.branch_a


def test_a_review_on_the_last_day_of_the_window_is_accepted(client, cast):
    g, secret = replied_case(cast)
    with time_machine.travel(noon(g.review_window_due), tick=False):
        tracked_client(client, g, secret)  # weeks later: the session has expired
        ask(client, g)
    assert Grievance.objects.get().state == State.UNDER_REVIEW


def test_a_review_after_the_window_is_refused_with_a_message(client, cast):
    g, secret = replied_case(cast)
    with time_machine.travel(noon(g.review_window_due + timedelta(days=1)), tick=False):
        tracked_client(client, g, secret)
        page = client.get(f"/track/{g.code}/").content.decode()
        response = ask(client, g)
    assert "The window to ask for a review has ended." in page
    assert f'action="/track/{g.code}/review/"' not in page
    assert response.status_code == 400
    assert "The window to ask for a review has ended." in response.content.decode()
    assert Grievance.objects.get().state == State.REPLIED


def test_a_review_needs_a_reason(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    response = ask(client, g, reason="")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Grievance.objects.get().state == State.REPLIED


def test_after_a_re_review_there_is_no_further_review(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    ask(client, g)
    lifecycle.decide_review(Grievance.objects.get(), by=cast.head, upheld=True, opinion="维持")
    ask(client, g, "仍然不同意")
    g.refresh_from_db()
    assert g.review_level == 2 and g.review_unit == cast.hq
    lifecycle.decide_review(g, by=cast.chief, upheld=True, opinion="复核维持，此为最终决定")
    html = client.get(f"/track/{g.code}/").content.decode()
    assert "复核维持，此为最终决定" in html and "Re-review opinion" in html
    assert "The re-review decision is final." in html
    assert f'action="/track/{g.code}/review/"' not in html
    response = ask(client, g, "还是不同意")
    assert response.status_code == 400
    assert "The re-review decision is final; there is no further review." in (
        response.content.decode()
    )
