from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_home_explains_how_to_submit_and_track_and_links_to_both(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "How to submit" in html and "How to track" in html
    assert 'href="/submit/"' in html and 'href="/track/"' in html


@pytest.mark.django_db
def test_home_loads_nothing_from_the_internet(client):
    html = client.get("/").content.decode()
    assert "http://" not in html and "https://" not in html and "//cdn" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/track/ZZZZ-ZZZZ-ZZZZ/rate/",
        "/track/%E4%BD%A0%E5%A5%BD/",
        "/track/ABCD-EFGH-JKMN/nothing/",
        "/submit/receipt/extra/",
    ],
)
def test_an_odd_path_never_gives_a_server_error(client, path):
    response = client.get(path)
    assert response.status_code in (302, 404, 405)


@pytest.mark.django_db
def test_an_unknown_page_shows_the_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
