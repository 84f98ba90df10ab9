from __future__ import annotations

from grievances import lifecycle
from grievances.models import Grievance, State
from portal.tests.helpers import replied_case, tracked_client


def rate(client, g, rating="satisfied", comment=""):
    return client.post(
        f"/track/{g.code}/rate/", {"rate-rating": rating, "rate-comment": comment}, follow=True
    )


def test_the_rating_form_is_offered_once_there_is_a_reply(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    html = client.get(f"/track/{g.code}/").content.decode()
    assert "Rate the reply" in html
    assert "Basically satisfied" in html and "Dissatisfied" in html


def test_rating_closes_the_case_and_thanks_the_person(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    response = rate(client, g, "basic", "基本解决了")
    html = response.content.decode()
    assert response.redirect_chain == [(f"/track/{g.code}/", 302)]
    assert "Thank you. Your rating has been recorded." in html
    assert "基本解决了" in html  # the comment is on the public timeline
    g.refresh_from_db()
    assert g.state == State.CLOSED and g.rating == "basic"
    assert "Rate the reply" not in html


def test_a_second_rating_is_refused(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    rate(client, g, "satisfied")
    response = rate(client, g, "dissatisfied")
    assert response.status_code == 400
    assert "This reply has already been rated." in response.content.decode()
    g.refresh_from_db()
    assert g.rating == "satisfied"


def test_a_case_closed_when_the_feedback_window_ended_can_still_be_rated(client, cast):
    g, secret = replied_case(cast)
    lifecycle.close_expired_feedback(today=g.feedback_due.replace(year=g.feedback_due.year + 1))
    g.refresh_from_db()
    assert g.state == State.CLOSED
    tracked_client(client, g, secret)
    assert "Rate the reply" in client.get(f"/track/{g.code}/").content.decode()
    rate(client, g, "dissatisfied")
    g.refresh_from_db()
    assert g.rating == "dissatisfied" and g.state == State.CLOSED


def test_a_case_without_a_reply_cannot_be_rated(client, cast):
    g, secret = cast.submit()
    tracked_client(client, g, secret)
    assert "Rate the reply" not in client.get(f"/track/{g.code}/").content.decode()
    response = rate(client, g)
    assert response.status_code == 400
    assert "This action is not possible while the case is Received." in (response.content.decode())
    assert Grievance.objects.get().rating == ""


def test_a_rating_must_be_one_of_the_choices(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    response = rate(client, g, "ecstatic")
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert Grievance.objects.get().state == State.REPLIED


def test_no_one_can_rate_a_case_they_have_not_opened(client, cast):
    g, _secret = replied_case(cast)
    response = client.post(f"/track/{g.code}/rate/", {"rate-rating": "dissatisfied"})
    assert response.status_code == 302 and response["Location"] == "/track/"
    assert Grievance.objects.get().rating == ""


def test_rating_only_happens_by_post(client, cast):
    g, secret = replied_case(cast)
    tracked_client(client, g, secret)
    assert client.get(f"/track/{g.code}/rate/").status_code == 405
