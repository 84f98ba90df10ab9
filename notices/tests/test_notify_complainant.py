"""Complainants who gave an e-mail or phone hear that their grievance moved on, in their
language, with the receipt code and state only; anonymous complainants get nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from grievances.intake import Person
from notices.models import Outbox
from notices.outbox import deliver_due, notify_complainant

CONTENT = "加班费"  # in the grievance's subject and description


def tell(g, kind="complainant.accepted"):
    with transaction.atomic():
        return notify_complainant(g, kind)


def test_a_complainant_with_email_and_phone_gets_both(cast, mailoutbox):
    g, _ = cast.submit(person=Person(name="张晓明", phone="13812345678", email="zhang@example.org"))
    assert tell(g) == 2
    email = Outbox.objects.get(channel="email")
    sms = Outbox.objects.get(channel="sms")
    assert email.target == "zhang@example.org" and sms.target == "13812345678"
    assert deliver_due() == 2
    [message] = mailoutbox
    assert message.to == ["zhang@example.org"]
    assert g.code in message.subject
    assert "has been accepted" in message.body
    assert "/track/" in message.body


def test_only_the_code_and_state_are_sent_never_the_content(cast):
    g, _ = cast.submit(person=Person(name="张晓明", phone="13812345678", email="zhang@example.org"))
    tell(g, "complainant.replied")
    for row in Outbox.objects.all():
        text = " ".join(row.payload.values())
        assert g.code in text
        assert CONTENT not in text and "张晓明" not in text


def test_the_address_is_stored_encrypted(cast):
    from django.db import connection

    g, _ = cast.submit(person=Person(name="张晓明", phone="13812345678"))
    tell(g)
    with connection.cursor() as cur:
        cur.execute("SELECT target FROM notices_outbox")
        [(raw,)] = cur.fetchall()
    assert "13812345678" not in raw


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "has been replied to"), ("zh-hans", "已经答复")],
)
def test_the_complainant_reads_it_in_their_language(cast, language, expected):
    g, _ = cast.submit(person=Person(name="张晓明", phone="13812345678"))
    g.language = language  # what the grievance will record at submission
    tell(g, "complainant.replied")
    assert expected in Outbox.objects.get().payload["text"]


def test_without_a_recorded_language_the_site_language_is_used(cast, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    g, _ = cast.submit(person=Person(name="张晓明", phone="13812345678"))
    tell(g, "complainant.closed")
    assert "已经办结" in Outbox.objects.get().payload["text"]


def test_an_anonymous_complainant_gets_nothing(cast):
    g, _ = cast.submit(identity_mode="anonymous", person=Person(phone="13812345678"))
    assert tell(g) == 0
    assert Outbox.objects.count() == 0


def test_a_complainant_who_gave_no_contact_gets_nothing(cast):
    g, _ = cast.submit(person=Person(name="张晓明"))
    assert tell(g) == 0
    assert Outbox.objects.count() == 0


def test_a_confidential_complainant_is_still_told(cast):
    g, _ = cast.submit(
        identity_mode="confidential", person=Person(name="张晓明", email="z@example.org")
    )
    assert tell(g) == 1


def test_the_same_transition_is_told_once(cast):
    g, _ = cast.submit(person=Person(name="张晓明", phone="13812345678"))
    assert tell(g) == 1
    assert tell(g) == 0
    g.version += 1  # the next transition
    assert tell(g, "complainant.replied") == 1
    assert Outbox.objects.count() == 2


def test_a_staff_kind_is_refused(cast):
    g, _ = cast.submit()
    with pytest.raises(ValueError):
        tell(g, "grievance.overdue")
