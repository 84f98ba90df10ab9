from __future__ import annotations

from portal.tests.helpers import tracked_client


def test_forgetting_a_case_closes_it_on_this_device(client, cast):
    g, secret = cast.submit()
    tracked_client(client, g, secret)
    response = client.post(f"/track/{g.code}/forget/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [("/track/", 302)]
    assert "This device no longer remembers the case." in html
    assert f'href="/track/{g.code}/"' not in html
    assert client.get(f"/track/{g.code}/").status_code == 302


def test_forgetting_one_case_keeps_the_others(client, cast):
    g1, s1 = cast.submit()
    g2, s2 = cast.submit()
    tracked_client(client, g1, s1)
    tracked_client(client, g2, s2)
    client.post(f"/track/{g1.code}/forget/")
    assert client.get(f"/track/{g2.code}/").status_code == 200


def test_forgetting_only_happens_by_post(client, cast):
    g, secret = cast.submit()
    tracked_client(client, g, secret)
    assert client.get(f"/track/{g.code}/forget/").status_code == 405
    assert client.get(f"/track/{g.code}/").status_code == 200
