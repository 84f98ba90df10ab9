"""The submission form is idempotent: it carries a one-time token, so the same form sent
twice (the first answer lost on the way, a second click) is one grievance with one receipt.
And the tracking secret is never kept readable, not even in the session table."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from api.models import IdempotencyRecord
from grievances import intake
from grievances.intake import secret_matches
from grievances.models import Grievance


def once_of(html: str) -> str:
    return re.search(r'name="once" value="([^"]+)"', html).group(1)


def receipt_of(html: str) -> tuple[str, str]:
    code = re.search(r'id="receipt-code">([^<]+)<', html).group(1)
    secret = re.search(r'id="receipt-secret">([^<]+)<', html).group(1)
    return code, secret


@pytest.fixture
def form(client, cast):
    """What a person fills in on a form served to their browser."""
    html = client.get("/submit/").content.decode()
    return {
        "once": once_of(html),
        "kind": "complaint",
        "unit": str(cast.workshop.pk),
        "subject": "食堂卫生问题",
        "description": "食堂的饭菜不干净。",
        "headcount": "1",
        "identity_mode": "named",
        "name": "李四",
        "phone": "13900001111",
    }


def test_each_empty_form_gets_its_own_token(client, cast):
    first = once_of(client.get("/submit/").content.decode())
    second = once_of(client.get("/submit/").content.decode())
    assert first != second and len(first) >= 20


def test_the_same_form_sent_twice_is_one_grievance_and_the_same_receipt(client, form):
    first = client.post("/submit/", form, follow=True)
    second = client.post("/submit/", form, follow=True)
    assert first.status_code == second.status_code == 200
    assert Grievance.objects.count() == 1
    g = Grievance.objects.get()
    assert receipt_of(first.content.decode()) == receipt_of(second.content.decode())
    code, secret = receipt_of(second.content.decode())
    assert code == g.code and secret_matches(g, secret)
    assert "This form had already been received: here is its receipt again." in (
        second.content.decode()
    )


def test_a_resend_after_the_answer_was_lost_gets_the_receipt(client, form):
    """The first POST was stored but its answer never arrived: the receipt was not loaded."""
    lost = client.post("/submit/", form)
    assert lost.status_code == 302
    again = client.post("/submit/", form, follow=True)
    code, secret = receipt_of(again.content.decode())
    g = Grievance.objects.get()
    assert code == g.code and secret_matches(g, secret)


def test_a_resend_from_another_connection_of_the_same_form_gets_the_same_receipt(client, form):
    client.post("/submit/", form)
    other = Client()  # the session cookie was lost with the answer
    again = other.post("/submit/", form, follow=True)
    assert Grievance.objects.count() == 1
    assert receipt_of(again.content.decode())[0] == Grievance.objects.get().code


def test_an_edited_resend_of_a_received_form_gets_the_first_receipt_and_says_so(client, form):
    client.post("/submit/", form)
    edited = {**form, "description": "食堂的饭菜不干净，还有虫子。"}
    response = client.post("/submit/", edited, follow=True)
    html = response.content.decode()
    assert Grievance.objects.count() == 1
    assert Grievance.objects.get().description == "食堂的饭菜不干净。"
    assert receipt_of(html)[0] == Grievance.objects.get().code
    assert "What you changed afterwards is not in that case" in html


def test_two_forms_are_two_grievances(client, form, cast):
    client.post("/submit/", form)
    second = {**form, "once": once_of(client.get("/submit/").content.decode())}
    client.post("/submit/", second)
    assert Grievance.objects.count() == 2


def test_a_form_with_errors_keeps_its_token_and_is_received_once_corrected(client, form):
    response = client.post("/submit/", {**form, "subject": ""})
    assert response.status_code == 400
    assert once_of(response.content.decode()) == form["once"]
    client.post("/submit/", form)
    client.post("/submit/", form)
    assert Grievance.objects.count() == 1


def test_the_same_form_with_a_file_sent_twice_is_one_grievance(client, form):
    def send():
        upload = SimpleUploadedFile("note.txt", "工资条".encode(), content_type="text/plain")
        return client.post("/submit/", {**form, "attachments": [upload]})

    assert send().status_code == 302
    assert send().status_code == 302
    g = Grievance.objects.get()
    assert g.attachments.count() == 1


def test_the_stored_answer_keeps_the_secret_encrypted(client, form):
    client.post("/submit/", form, follow=True)
    record = IdempotencyRecord.objects.get()
    assert record.token is None and record.key == form["once"]
    g = Grievance.objects.get()
    assert record.grievance == g
    stored = str(record.response)
    assert g.code in stored
    # The secret is there only encrypted: no 8-character stretch of it is.
    assert not any(secret_matches(g, part) for part in re.findall(r"[A-Za-z0-9]{8}", stored))


@pytest.mark.parametrize("bad", ["", "short", "x" * 65, "a\x00" * 20, "<script>" * 4])
def test_a_missing_or_malformed_token_does_not_stop_a_submission(client, form, bad):
    response = client.post("/submit/", {**form, "once": bad})
    assert response.status_code == 302
    assert Grievance.objects.count() == 1
    assert not IdempotencyRecord.objects.exists()


# ---- the secret in the session ----------------------------------------------------------


def _spy_on_secrets(monkeypatch) -> list[str]:
    made: list[str] = []
    real = intake.submit

    def submit(**kwargs):
        g, secret = real(**kwargs)
        made.append(secret)
        return g, secret

    monkeypatch.setattr(intake, "submit", submit)
    return made


def test_no_session_row_holds_the_secret_when_the_receipt_is_never_loaded(
    client, form, monkeypatch
):
    made = _spy_on_secrets(monkeypatch)
    response = client.post("/submit/", form)
    assert response.status_code == 302  # the receipt page is never loaded
    (secret,) = made
    rows = list(Session.objects.all())
    assert rows, "the session was saved"
    for row in rows:
        assert secret not in row.session_data
        decoded = row.get_decoded()
        assert decoded.get("portal_receipt"), "the receipt waits in the session"
        assert secret not in str(decoded)
    # ...and the receipt page still shows it, once.
    _code, shown = receipt_of(client.get("/submit/receipt/").content.decode())
    assert shown == secret


def test_a_receipt_from_a_session_that_cannot_be_opened_sends_you_to_tracking(client, form):
    client.post("/submit/", form)
    session = client.session
    session["portal_receipt"] = {**session["portal_receipt"], "secret": "ABCDEFGH"}
    session.save()
    response = client.get("/submit/receipt/")
    assert response.status_code == 302 and response["Location"] == "/track/"
