"""The grievance pages moved from /console/… to /console/grievances/…; links in e-mails,
notices and bookmarks to the old addresses still arrive, by a permanent redirect that a
browser follows with the same method."""

from __future__ import annotations

import pytest

from grievances.models import Grievance
from grievances.tests.helpers import footprint, received

CODE = "AB12-CD34-EF56"

MOVED = [
    ("/console/queue/", "/console/grievances/queue/"),
    ("/console/supervised/", "/console/grievances/supervised/"),
    ("/console/new/", "/console/grievances/new/"),
    (f"/console/new/{CODE}/receipt/", f"/console/grievances/new/{CODE}/receipt/"),
    ("/console/scorecard/", "/console/grievances/scorecard/"),
    (f"/console/case/{CODE}/", f"/console/grievances/case/{CODE}/"),
    (f"/console/case/{CODE}/identity/", f"/console/grievances/case/{CODE}/identity/"),
    (
        f"/console/case/{CODE}/attachment/7/",
        f"/console/grievances/case/{CODE}/attachment/7/",
    ),
    (f"/console/case/{CODE}/act/accept/", f"/console/grievances/case/{CODE}/act/accept/"),
    ("/console/extension/12/decide/", "/console/grievances/extension/12/decide/"),
]


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_an_old_address_redirects_permanently_to_the_new_one(client, db, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (308, new)


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_a_post_to_an_old_address_is_redirected_to_be_posted_again(client, db, old, new):
    response = client.post(old, {"x": "1"})
    assert (response.status_code, response["Location"]) == (308, new)


def test_the_query_string_comes_along(client, db):
    response = client.get("/console/queue/", {"state": "received", "q": "加班费"})
    assert response.status_code == 308
    assert response["Location"] == (
        "/console/grievances/queue/?state=received&q=%E5%8A%A0%E7%8F%AD%E8%B4%B9"
    )


def test_a_case_link_from_an_old_email_opens_the_case(client, cast):
    g = received(cast)
    client.force_login(cast.handler)
    response = client.get(f"/console/case/{g.code}/", follow=True)
    assert response.redirect_chain == [(f"/console/grievances/case/{g.code}/", 308)]
    assert response.status_code == 200 and g.subject in response.content.decode()


def test_a_form_posted_to_an_old_action_address_still_acts(client, cast):
    g = received(cast)
    client.force_login(cast.handler)
    data = {"accept-reasons": "属于本单位职责范围", "accept-version": g.version}
    response = client.post(f"/console/case/{g.code}/act/accept/", data, follow=True)
    assert response.redirect_chain[0] == (f"/console/grievances/case/{g.code}/act/accept/", 308)
    assert Grievance.objects.get(pk=g.pk).state == "accepted"


def test_an_outsider_following_an_old_address_changes_nothing(client, cast):
    g = received(cast)
    client.force_login(cast.outsider)
    before = footprint()
    data = {"accept-reasons": "受理", "accept-version": g.version}
    response = client.post(f"/console/case/{g.code}/act/accept/", data, follow=True)
    assert response.status_code == 404 and footprint() == before


@pytest.mark.parametrize(
    "path", ["/console/bogus/", "/console/case/a%00b/", "/console/case/x/act/", "/console/mine/"]
)
def test_an_address_that_never_was_a_page_is_still_not_found(client, cast, path):
    client.force_login(cast.handler)
    assert client.get(path).status_code == 404
