"""Hostile input against every URL of the project, as each persona and as the public.

For every request: never a 5xx; every typed string comes back escaped; a GET changes
nothing (viewing an identity only adds its audit record); a 4xx changes nothing; and input
that every form must refuse (NUL bytes, over-long text, wrong types, a stale version,
someone else's case, an unknown action) changes nothing whatever the status.

Each request runs in a transaction that is rolled back afterwards, and the browser's cookies
are put back, so every request meets the same cases in the same states.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from audit.models import AuditRecord
from grievances import lifecycle
from grievances.actions import BY_NAME, STAFF_ACTIONS
from grievances.forms import action_form_class
from grievances.models import (
    Attachment,
    Complainant,
    EventKind,
    ExtensionRequest,
    Grievance,
    Reply,
    Supervision,
    TimelineEvent,
)
from minsheng.workdays import local_date
from portal.views import SESSION_TRACKED

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
RAW_MARKERS = ("<script>alert", "<img src=x")
LONG = "长" * 100_000
NUL = "a\x00b"
HUGE_ID = "99999999999999999999"
PERSONAS = ["handler", "leader", "head", "outsider", "auditor", None]

JUNK_QUERIES = [
    "page=-1",
    "page=abc",
    "page=99999999",
    "page=1e309",
    "page=NaN",
    "page=",
    "page=2&page=-3",
    "received_from=2026-13-45&received_to=99999-01-01",
    "received_from=&received_to=",
    "received_from=2026-12-31&received_to=2026-01-01",
    "received_from=0001-01-01&received_to=9999-12-31",
    "start=2026-13-45&end=99999-01-01",
    "start=&end=",
    "start=2026-12-31&end=2026-01-01",
    "start=0001-01-01&end=9999-12-31",
    "state=bogus&kind=bogus&channel=bogus&due=bogus&collective=2&skip_level=x",
    f"unit={HUGE_ID}&category={HUGE_ID}",
    "unit=1e309&category=NaN",
    "unit=-1&category=abc",
    "q=" + "x" * 100_000,
    "q=%00",
    "q=a%00b&state=%00&unit=%00&start=%00&received_from=%00",
    "q=%ff%fe&%ff%fe=%ff%fe",
    "q=" + quote(XSS) + "&start=" + quote(XSS) + "&received_from=" + quote(XSS),
    "q=" + quote(XSS) + "&unit=" + quote(XSS) + "&state=" + quote(XSS),
    "q=abcd-efgh-jkmn",
    "next=" + quote(XSS),
    "next=javascript:alert(1)",
]


@dataclass
class World:
    cast: Any
    received: Grievance  # dispatched from branch A to the workshop: can be returned
    second: Grievance  # another received case: can be merged into the first
    working: Grievance  # in progress, supervised, with a pending extension request
    replied: Grievance
    under_review: Grievance
    other: Grievance  # a case of branch B, the outsider's
    other_replied: Grievance  # branch B, replied, tracked by no one
    extension: ExtensionRequest
    other_extension: ExtensionRequest
    attachment_id: int
    other_attachment_id: int
    replied_secret: str

    def foreign(self, persona: str | None) -> Grievance:
        """A case in a unit the persona has no role in."""
        return self.received if persona == "outsider" else self.other


def _txt(name: str = "note.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "情况说明".encode(), content_type="text/plain")


@pytest.fixture
def world(cast: Any) -> World:
    c = cast
    g, _ = c.submit(unit=c.branch_a, subject="发往分公司", files=[_txt()])
    received = lifecycle.transfer(g, by=c.head, to_unit=c.workshop, reasons="由车间办理")
    second, _ = c.submit(subject="同一问题")
    working = lifecycle.assign(
        lifecycle.accept(c.submit()[0], by=c.handler),
        by=c.leader,
        owner=c.leader,
        handler=c.handler,
    )
    working = lifecycle.log_contact(working, by=c.handler, kind=EventKind.VISIT, summary="走访")
    extension = lifecycle.request_extension(working, by=c.handler, days=5, reason="需要调查")
    working.refresh_from_db()
    lifecycle.supervise(
        working, by=c.head, instructions="抓紧办理", due=local_date() + timedelta(days=10)
    )
    working.refresh_from_db()

    def replied_case(unit: Any, by: Any, owner: Any, handler: Any) -> tuple[Grievance, str]:
        r, secret = c.submit(unit=unit)
        r = lifecycle.accept(r, by=by)
        r = lifecycle.assign(r, by=owner, owner=owner, handler=handler)
        lifecycle.reply(r, by=owner, facts="查明", decision="补发", reasons="制度")
        r.refresh_from_db()
        return r, secret

    replied, replied_secret = replied_case(c.workshop, c.handler, c.leader, c.handler)
    under_review, _ = replied_case(c.workshop, c.handler, c.leader, c.handler)
    under_review = lifecycle.request_review(under_review, reason="不服")
    other, _ = c.submit(unit=c.branch_b, subject="二分公司的事", files=[_txt()])
    other_ext_case = lifecycle.assign(
        lifecycle.accept(c.submit(unit=c.branch_b)[0], by=c.outsider),
        by=c.outsider,
        owner=c.outsider,
        handler=c.outsider,
    )
    other_extension = lifecycle.request_extension(
        other_ext_case, by=c.outsider, days=5, reason="调查"
    )
    other_replied, _ = replied_case(c.branch_b, c.outsider, c.outsider, c.outsider)
    return World(
        cast=c,
        received=Grievance.objects.get(pk=received.pk),
        second=second,
        working=Grievance.objects.get(pk=working.pk),
        replied=replied,
        under_review=Grievance.objects.get(pk=under_review.pk),
        other=other,
        other_replied=other_replied,
        extension=extension,
        other_extension=other_extension,
        attachment_id=received.attachments.get().pk,
        other_attachment_id=other.attachments.get().pk,
        replied_secret=replied_secret,
    )


def client_for(world: World, persona: str | None) -> Client:
    client = Client()
    if persona is not None:
        client.force_login(getattr(world.cast, persona))
    # Every persona has proved it holds the replied case's receipt, as its complainant would.
    response = client.post(
        reverse("portal:track"), {"code": world.replied.code, "secret": world.replied_secret}
    )
    assert response.status_code == 302, response.status_code
    assert world.replied.code in client.session[SESSION_TRACKED]
    return client


@contextmanager
def isolated(client: Client) -> Iterator[None]:
    """Run the request(s) inside, then undo every database change and restore the cookies."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    client.cookies = cookies


_COUNTED = (
    TimelineEvent,
    AuditRecord,
    Reply,
    ExtensionRequest,
    Supervision,
    Attachment,
    Complainant,
)
_NAMES = ("events", "audit", "replies", "extensions", "supervisions", "attachments", "people")


def footprint() -> dict[str, Any]:
    """Every case row as it stands, the count and the last id of every record kept about
    cases, and the states of extension requests and supervisions (three queries, as the
    sweep sends thousands of requests)."""
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {m._meta.db_table}), (SELECT MAX(id) FROM {m._meta.db_table})"
        for m in _COUNTED
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    out: dict[str, Any] = {name: row[2 * i : 2 * i + 2] for i, name in enumerate(_NAMES)}
    out["cases"] = list(Grievance.objects.order_by("pk").values_list())
    out["decisions"] = [
        *ExtensionRequest.objects.order_by("pk").values_list("state", "decided_by"),
        *Supervision.objects.order_by("pk").values_list("active", "due"),
    ]
    return out


def _label(method: str, url: str, data: Any) -> str:
    shown = repr(data)
    return f"{method} {url[:200]} {shown[:200]}"


def check_escaped(response: Any, label: str) -> None:
    if response.streaming:  # an attachment download: the stored file, not a page
        # Consume it the way a WSGI server would; the test client's wrapper closes it without
        # letting request_finished close the database connection of the test transaction.
        b"".join(response.streaming_content)
        return
    body = response.content.decode("utf-8", "replace").lower()
    for marker in RAW_MARKERS:
        assert marker not in body, f"unescaped echo of typed markup: {label}"


def send(
    client: Client,
    method: str,
    url: str,
    data: Any = None,
    *,
    must_refuse: bool = False,
    may_audit: bool = False,
    **extra: Any,
) -> int:
    """One hostile request, rolled back afterwards. Returns the status code."""
    label = _label(method, url, data)
    with isolated(client):
        before = footprint()
        try:
            if method == "GET":
                response = client.get(url, data, **extra)
            else:
                response = client.post(url, data if data is not None else {}, **extra)
        except Exception as exc:  # the test client re-raises what would be a 500
            pytest.fail(f"{label} raised {exc!r}")
        status = response.status_code
        assert status < 500, f"{status}: {label}"
        check_escaped(response, label)
        after = footprint()
        if may_audit and status == 200:
            # Viewing a complainant's identity is recorded, and nothing else changes.
            assert after["audit"][0] == before["audit"][0] + 1, label
            after["audit"] = before["audit"]
        if method == "GET" or status >= 400 or must_refuse:
            assert after == before, f"changed the database ({status}): {label}"
        if 300 <= status < 400 and method == "POST":
            # What the user sees next: the messages of the action, escaped.
            target = response["Location"]
            try:
                follow = client.get(target)
            except Exception as exc:
                pytest.fail(f"{label} → GET {target} raised {exc!r}")
            assert follow.status_code < 500, f"{follow.status_code}: {label} → {target}"
            check_escaped(follow, f"{label} → {target}")
    return status


# ---- GET ----------------------------------------------------------------------------------


def _get_urls(w: World) -> list[tuple[str, bool]]:
    """(url, may add an audit record) for every URL pattern, with good and bad arguments."""
    urls: list[tuple[str, bool]] = [
        (reverse(name), False)
        for name in (
            "console_home",
            "todo",
            "grievances:home",
            "grievances:queue",
            "grievances:supervised",
            "grievances:register",
            "grievances:scorecard",
            "portal:home",
            "portal:submit",
            "portal:receipt",
            "portal:track",
            "login",
            "logout",
            "set_language",
            "admin:index",
        )
    ]
    codes = [
        w.received.code,
        w.replied.code,
        w.other.code,
        "%ff%fe",
        "a%00b",
        quote(XSS, safe=""),
        "x" * 5000,
    ]
    for code in codes:
        for name in ("grievances:case", "grievances:receipt", "portal:case"):
            urls.append((reverse(name, args=["CODE"]).replace("CODE", code), False))
        urls.append((reverse("grievances:identity", args=["CODE"]).replace("CODE", code), True))
        for name in ("grievances:act", "portal:rate", "portal:review", "portal:forget"):
            args = ["CODE", "accept"] if name == "grievances:act" else ["CODE"]
            urls.append((reverse(name, args=args).replace("CODE", code), False))
    for code, pk in (
        (w.received.code, w.attachment_id),
        (w.received.code, w.other_attachment_id),
        (w.other.code, w.other_attachment_id),
        (w.received.code, HUGE_ID),
        (w.received.code, 0),
    ):
        url = reverse("grievances:attachment", args=[code, 1]).replace("/1/", f"/{pk}/")
        urls.append((url, False))
    for pk in (w.extension.pk, w.other_extension.pk, HUGE_ID):
        urls.append((f"/console/grievances/extension/{pk}/decide/", False))
    return urls


# The lists and the scorecard, which read the query string, get every junk query; other
# pages, a few; URLs with a junk path, none.
FEW_QUERIES = [JUNK_QUERIES[1], JUNK_QUERIES[-5]]


@pytest.mark.parametrize("persona", PERSONAS)
def test_junk_in_every_get_is_refused_politely(world, persona):
    client = client_for(world, persona)
    urls = _get_urls(world)
    reads_query = {url for url, _ in urls[:5]}
    real_codes = [g.code for g in (world.received, world.replied, world.other)]
    for url, may_audit in urls:
        send(client, "GET", url, may_audit=may_audit)
        if url in reads_query:
            queries = JUNK_QUERIES
        elif url in dict(urls[:13]) or any(code in url for code in real_codes):
            queries = FEW_QUERIES
        else:
            queries = []
        for query in queries:
            send(client, "GET", f"{url}?{query}", may_audit=may_audit)


# ---- console actions ----------------------------------------------------------------------


def _valid(w: World, action: str) -> tuple[Grievance, dict[str, Any]]:
    """The case in the state the action needs, and a payload the action would take."""
    c = w.cast
    soon = (local_date() + timedelta(days=5)).isoformat()
    table: dict[str, tuple[Grievance, dict[str, Any]]] = {
        "accept": (w.received, {"reasons": XSS}),
        "decline": (w.received, {"reasons": XSS}),
        "assign": (w.working, {"owner": c.leader.pk, "handler": c.handler.pk}),
        "contact": (
            w.working,
            {"kind": "dialogue", "summary": XSS, "place": XSS, "participants": "3"},
        ),
        "transfer": (w.received, {"to_unit": c.branch_a.pk, "reasons": XSS}),
        "return": (w.received, {"reasons": XSS}),
        "extend": (w.working, {"days": "5", "reason": XSS}),
        "reply": (
            w.working,
            {"facts": XSS, "decision": XSS, "reasons": XSS, "policy": XSS},
        ),
        "callback": (w.replied, {"rating": "satisfied", "notes": XSS}),
        "decide-extension": (w.working, {"approve": "1", "note": XSS}),
        "decide-review": (w.under_review, {"upheld": "0", "decision": XSS, "reasons": XSS}),
        "merge": (w.received, {"codes": w.second.code}),
        "supervise": (w.received, {"instructions": XSS, "due": soon}),
        "report": (w.working, {"text": XSS}),
    }
    return table[action]


def _prefixed(action: str, data: dict[str, Any]) -> dict[str, Any]:
    return {f"{action}-{k}": v for k, v in data.items()}


def _fill(action: str, value: Any) -> dict[str, Any]:
    """Every field of the action's form set to `value`."""
    fields = action_form_class(BY_NAME[action]).base_fields
    return _prefixed(action, {name: value for name in fields})


def _payloads(w: World, action: str, g: Grievance) -> list[tuple[str, Any, bool]]:
    """(what, POST data, must be refused)."""
    _, good = _valid(w, action)
    versioned = BY_NAME[action].versioned  # decide-extension acts on the request, not the case
    good_v = {**good, "version": g.version} if versioned else good
    stale: list[tuple[str, Any, bool]] = [
        ("stale version", _prefixed(action, {**good, "version": g.version - 1}), True),
        ("future version", _prefixed(action, {**good, "version": g.version + 1}), True),
        ("huge version", _prefixed(action, {**good, "version": HUGE_ID}), True),
    ]
    out: list[tuple[str, Any, bool]] = [
        *(stale if versioned else []),
        ("valid", _prefixed(action, good_v), False),
        ("missing fields", {}, False),
        ("only the version", _prefixed(action, {"version": g.version}), False),
        ("NUL bytes", _fill(action, NUL), True),
        ("over-long", _fill(action, LONG), True),
        ("1e309", _fill(action, "1e309"), True),
        ("NaN", _fill(action, "NaN"), True),
        ("markup everywhere", _fill(action, XSS), True),
        ("no prefix", {**good_v}, False),
        (
            "duplicate fields",
            _prefixed(action, {k: [XSS, v] for k, v in good_v.items()}),
            False,
        ),
        (
            "wrong types",
            _prefixed(action, {k: ["-1", "", "9" * 30][i % 3] for i, k in enumerate(good_v)}),
            False,
        ),
    ]
    ids = {
        "assign": {"owner": HUGE_ID, "handler": "-1"},
        "transfer": {"to_unit": HUGE_ID},
        "merge": {"codes": "AAAA-AAAA-AAAA"},
    }
    if action in ids:
        data = _prefixed(action, {**good_v, **ids[action]})
        out.append(("non-existent ids", data, True))
    foreign = {
        "assign": {"owner": w.cast.outsider.pk, "handler": w.cast.outsider.pk},
        "merge": {"codes": w.other.code},
    }
    if action in foreign:
        data = _prefixed(action, {**good_v, **foreign[action]})
        out.append(("other users' rows", data, True))
    raw = "&".join(
        f"{quote(k)}=%ff%fe{quote(str(v))}" for k, v in _prefixed(action, good_v).items()
    )
    out.append(("invalid UTF-8", raw, False))
    return out


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_posts_to_every_action_change_nothing(world, persona):
    client = client_for(world, persona)
    read_only = persona in ("auditor", None)
    for action in (a.name for a in STAFF_ACTIONS):
        g, good = _valid(world, action)
        url = reverse("grievances:act", args=[g.code, action])
        for what, data, must_refuse in _payloads(world, action, g):
            kwargs: dict[str, Any] = {}
            if isinstance(data, str):
                kwargs["content_type"] = "application/x-www-form-urlencoded"
            send(client, "POST", url, data, must_refuse=must_refuse or read_only, **kwargs)
        # Someone else's case: not found (or, for the auditor, not allowed).
        other = world.foreign(persona)
        url = reverse("grievances:act", args=[other.code, action])
        data = _prefixed(action, {**good, "version": other.version})
        assert send(client, "POST", url, data, must_refuse=True) in (302, 403, 404)
    for name in ("bogus", "ACCEPT", "accept%00", "%ff%fe", quote(XSS, safe=""), "__init__"):
        url = f"/console/grievances/case/{world.received.code}/act/{name}/"
        data = _prefixed("accept", {"reasons": XSS, "version": world.received.version})
        send(client, "POST", url, data, must_refuse=True)
    for code in ("%ff%fe", "NOPE-NOPE-NOPE", "x" * 5000):
        send(client, "POST", f"/console/grievances/case/{code}/act/accept/", {}, must_refuse=True)


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_extension_decisions_change_nothing(world, persona):
    client = client_for(world, persona)
    url = reverse("grievances:decide_extension", args=[world.extension.pk])
    bad: list[dict[str, Any]] = [
        {},
        {"ext-approve": "2"},
        {"ext-approve": NUL, "ext-note": NUL},
        {"ext-approve": "1", "ext-note": NUL},
        {"ext-approve": "1", "ext-note": LONG},
        {"ext-approve": "1e309"},
        {"ext-approve": XSS, "ext-note": XSS},
        {"approve": "1"},
    ]
    for data in bad:
        send(client, "POST", url, data, must_refuse=True)
    send(client, "POST", url, {"ext-approve": ["0", "1"], "ext-note": [XSS, XSS]})
    for pk in (HUGE_ID, "0", world.other_extension.pk):
        if pk == world.other_extension.pk and persona == "outsider":
            continue
        send(
            client,
            "POST",
            f"/console/grievances/extension/{pk}/decide/",
            {"ext-approve": "1", "ext-note": XSS},
            must_refuse=True,
        )


# ---- intake at the window -----------------------------------------------------------------


def _register_valid(w: World) -> dict[str, Any]:
    return {
        "channel": "walk_in",
        "kind": "complaint",
        "category": w.cast.category.pk,
        "unit": w.cast.workshop.pk,
        "subject": XSS,
        "description": XSS,
        "location": XSS,
        "identity_mode": "named",
        "name": XSS,
        "phone": XSS,
        "id_number": XSS,
        "address": XSS,
        "headcount": "3",
        "repeat_of": "",
    }


def _form_payloads(valid: dict[str, Any], fields: list[str]) -> list[tuple[Any, bool]]:
    """(POST data, must be refused) for a form with these fields."""
    return [
        (valid, False),
        ({}, True),
        ({f: NUL for f in fields}, True),
        ({**valid, **{f: LONG for f in fields if f not in ("attachments",)}}, True),
        ({f: "1e309" for f in fields}, True),
        ({f: XSS for f in fields}, True),
        ({k: [XSS, v] for k, v in valid.items()}, False),
        ({**valid, "unit": HUGE_ID}, True),
        ({**valid, "category": "NaN"}, True),
        ({**valid, "headcount": "1e309"}, True),
        ({**valid, "headcount": "0"}, True),
        ({**valid, "kind": "bogus"}, True),
        ({**valid, "identity_mode": "bogus"}, True),
        ({**valid, "subject": "   "}, True),
        ({**valid, "attachments": SimpleUploadedFile(f"{XSS}.html", b"<html>")}, True),
        ({**valid, "attachments": SimpleUploadedFile(f"{XSS}.pdf", b"not a pdf")}, True),
        ({**valid, "attachments": SimpleUploadedFile(f"{XSS}.txt", b"\xff\xfe\x00")}, True),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_registrations_change_nothing(world, persona):
    client = client_for(world, persona)
    url = reverse("grievances:register")
    valid = _register_valid(world)
    fields = [*valid, "attachments"]
    for data, must_refuse in _form_payloads(valid, fields):
        send(client, "POST", url, data, must_refuse=must_refuse or persona in ("auditor", None))
    for repeat_of in (world.foreign(persona).code, "NOPE-NOPE-NOPE", XSS[:20]):
        send(client, "POST", url, {**valid, "repeat_of": repeat_of}, must_refuse=True)


# ---- the portal ---------------------------------------------------------------------------


def _submit_valid(w: World) -> dict[str, Any]:
    return {
        "kind": "complaint",
        "category": w.cast.category.pk,
        "unit": w.cast.workshop.pk,
        "subject": XSS,
        "description": XSS,
        "location": XSS,
        "headcount": "2",
        "identity_mode": "confidential",
        "name": XSS,
        "phone": XSS,
        "id_number": XSS,
        "address": XSS,
        "email": "a@example.com",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_portal_posts_change_nothing(world, persona):
    client = client_for(world, persona)
    valid = _submit_valid(world)
    for data, must_refuse in [
        *_form_payloads(valid, [*valid, "attachments"]),
        ({**valid, "email": XSS}, True),
    ]:
        send(client, "POST", reverse("portal:submit"), data, must_refuse=must_refuse)
    track = reverse("portal:track")
    code = world.replied.code
    for data in (
        {},
        {"code": NUL, "secret": NUL},
        {"code": LONG, "secret": LONG},
        {"code": XSS, "secret": XSS},
        {"code": code, "secret": "WRONGSEC"},
        {"code": world.other_replied.code, "secret": world.replied_secret},
        {"code": [code, XSS], "secret": ["x", world.replied_secret + "x"]},
    ):
        send(client, "POST", track, data, must_refuse=True)
    rate = reverse("portal:rate", args=[code])
    review = reverse("portal:review", args=[code])
    for url, data in (
        (rate, {}),
        (rate, {"rate-rating": "bogus", "rate-comment": XSS}),
        (rate, {"rate-rating": NUL, "rate-comment": NUL}),
        (rate, {"rate-rating": "satisfied", "rate-comment": LONG}),
        (rate, {"rate-rating": "satisfied", "rate-comment": NUL}),
        (rate, {"rating": "satisfied"}),
        (review, {}),
        (review, {"review-reason": "   "}),
        (review, {"review-reason": NUL}),
        (review, {"review-reason": LONG}),
        (review, {"reason": XSS}),
    ):
        send(client, "POST", url, data, must_refuse=True)
    send(client, "POST", rate, {"rate-rating": ["bogus", "basic"], "rate-comment": XSS})
    send(client, "POST", review, {"review-reason": [NUL, XSS]})
    # A case this browser has not proved it holds: nothing to rate, review or forget.
    for other in (world.other_replied.code, "%ff%fe", quote(XSS, safe="")):
        for name in ("rate", "review", "forget"):
            url = reverse(f"portal:{name}", args=["CODE"]).replace("CODE", other)
            data = {"rate-rating": "satisfied", "review-reason": XSS}
            send(client, "POST", url, data, must_refuse=True)
    send(client, "POST", reverse("portal:forget", args=[code]), {"x": NUL})


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_posts_to_login_language_and_admin_change_nothing(world, persona):
    client = client_for(world, persona)
    for data in (
        {},
        {"username": XSS, "password": XSS, "next": XSS},
        {"username": NUL, "password": NUL},
        {"username": LONG, "password": LONG},
        {"username": "handler", "password": ["x", "y"], "next": "//evil.example/"},
    ):
        send(client, "POST", reverse("login"), data, must_refuse=True)
        send(client, "POST", reverse("admin:login"), data, must_refuse=True)
    for data in (
        {},
        {"language": "bogus", "next": XSS},
        {"language": NUL, "next": NUL},
        {"language": LONG, "next": LONG},
        {"language": "en", "next": "javascript:alert(1)"},
        {"language": ["en", "zh-hans"], "next": "//evil.example/"},
    ):
        status = send(client, "POST", reverse("set_language"), data, must_refuse=True)
        assert status in (200, 204, 302)
    send(client, "POST", reverse("logout"), {"next": XSS}, must_refuse=True)
    send(client, "POST", reverse("admin:index"), {"x": XSS}, must_refuse=True)


def test_the_sweep_notices_a_change(world):
    """The sweep's own check: a state change in a request that must be refused fails it."""
    client = client_for(world, "handler")
    url = reverse("grievances:act", args=[world.received.code, "accept"])
    data = _prefixed("accept", {"reasons": "受理", "version": world.received.version})
    with pytest.raises(AssertionError, match="changed the database"):
        send(client, "POST", url, data, must_refuse=True)
    assert Grievance.objects.get(pk=world.received.pk).state == "received"


@pytest.mark.parametrize(
    "path",
    [
        "/console/grievances/case/a%00b/",
        "/track/a%00b/",
        "/console/grievances/case/%27%22%3C/",
        "/track/" + "A" * 5000 + "/",
    ],
)
def test_a_receipt_code_that_cannot_be_one_is_no_page(client, cast, path):
    client.force_login(cast.handler)
    assert client.get(path).status_code == 404
