from __future__ import annotations

import re

import pytest

from grievances.intake import secret_matches
from grievances.models import Grievance


@pytest.fixture
def submitted(client, cast):
    client.post(
        "/submit/",
        {
            "kind": "complaint",
            "unit": str(cast.workshop.pk),
            "subject": "食堂卫生问题",
            "description": "食堂的饭菜不干净。",
            "headcount": "1",
            "identity_mode": "named",
            "name": "李四",
            "phone": "13900001111",
        },
    )
    return Grievance.objects.get()


def secret_on(html):
    match = re.search(r'id="receipt-secret">([^<]+)<', html)
    return match.group(1) if match else None


def test_the_receipt_shows_the_code_and_a_secret_that_opens_the_case(client, submitted):
    response = client.get("/submit/receipt/")
    html = response.content.decode()
    assert response.status_code == 200
    assert submitted.code in html
    secret = secret_on(html)
    assert secret and secret_matches(submitted, secret)
    assert "Write down both the receipt code and the secret now." in html
    assert submitted.accept_due.strftime("%Y-%m-%d") in html


def test_the_secret_is_shown_only_once(client, submitted):
    first = client.get("/submit/receipt/")
    second = client.get("/submit/receipt/", follow=True)
    assert secret_on(first.content.decode())
    assert secret_on(second.content.decode()) is None
    assert second.redirect_chain == [("/track/", 302)]
    assert "The receipt is shown only once." in second.content.decode()


def test_the_receipt_is_never_cached(client, submitted):
    response = client.get("/submit/receipt/")
    assert "no-store" in response["Cache-Control"]


def test_the_receipt_shows_no_personal_details(client, submitted):
    html = client.get("/submit/receipt/").content.decode()
    assert "李四" not in html and "13900001111" not in html


def test_the_receipt_page_without_a_submission_sends_you_to_tracking(client, db):
    response = client.get("/submit/receipt/")
    assert response.status_code == 302 and response["Location"] == "/track/"
