"""What people type is shown as text on every console page, never run as markup."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from grievances import lifecycle
from grievances.intake import Person
from grievances.models import EventKind
from grievances.tests.helpers import received

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def assert_escaped(response):
    text = response.content.decode()
    assert response.status_code in (200, 400, 409), response.status_code
    assert "<script" not in text and "<img" not in text
    return text


def test_typed_markup_is_escaped_everywhere(client, cast):
    g = received(
        cast,
        subject=f"主题{XSS}",
        description=f"描述{XSS}",
        person=Person(name=f"王{XSS}", phone="13900001111"),
    )
    other = received(cast, subject=f"另一件{XSS}")
    g = lifecycle.accept(g, by=cast.handler, reasons=XSS)
    lifecycle.merge(g, [other], by=cast.leader)
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    g = lifecycle.log_contact(g, by=cast.handler, kind=EventKind.NOTE, summary=XSS, place=XSS)
    lifecycle.request_extension(g, by=cast.handler, days=5, reason=XSS)
    lifecycle.supervise(g, by=cast.head, instructions=XSS, due=g.resolve_due - timedelta(days=1))
    client.force_login(cast.head)
    # the head sees the pending extension and the supervision on the case page
    assert ESCAPED in assert_escaped(client.get(reverse("grievances:case", args=[g.code])))
    g.refresh_from_db()
    lifecycle.reply(g, by=cast.leader, facts=XSS, decision=XSS, reasons=XSS, policy=XSS)
    client.force_login(cast.leader)
    pages = [
        reverse("grievances:case", args=[g.code]),
        reverse("grievances:case", args=[other.code]),
        reverse("grievances:identity", args=[g.code]),
        reverse("grievances:queue"),
        reverse("grievances:home"),
    ]
    for url in pages:
        assert ESCAPED in assert_escaped(client.get(url)), url
    # filters echo what was typed
    assert_escaped(client.get(reverse("grievances:queue"), {"q": XSS, "received_from": XSS}))
    assert_escaped(client.get(reverse("grievances:scorecard"), {"start": XSS}))


def test_a_refused_form_shows_what_was_typed_as_text(client, cast):
    g = received(cast)
    client.force_login(cast.handler)
    url = reverse("grievances:act", args=[g.code, "decline"])
    stale = client.post(url, {"decline-reasons": XSS, "decline-version": g.version - 1})
    assert stale.status_code == 409
    assert ESCAPED in assert_escaped(stale)


def test_the_registration_form_shows_what_was_typed_as_text(client, cast):
    client.force_login(cast.clerk)
    response = client.post(
        reverse("grievances:register"),
        {"subject": XSS, "description": XSS, "name": XSS, "repeat_of": "<b>x</b>"},
    )
    assert response.status_code == 400
    assert ESCAPED in assert_escaped(response)
