"""The complainant's steps over the API: track, feedback, review, attachments — with the
tracking secret, or through a token with the intake scope."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api.tests.rest_helpers import Api, assert_no_personal_data, error, token, url
from grievances import lifecycle
from grievances.models import Attachment, EventKind, State
from grievances.tests import samples
from grievances.tests.helpers import footprint, fresh
from portal.models import TrackingFailures

PDF = samples.pdf()


@pytest.fixture
def limits(settings: Any) -> None:
    settings.MINSHENG_TRACK_FAILURES = 3
    settings.MINSHENG_TRACK_LOCK_SECONDS = 300


def replied_with_secret(cast: Any) -> tuple[Any, str]:
    """A replied case and the secret its complainant holds."""
    g, secret = cast.submit()
    g = lifecycle.accept(g, by=cast.handler)
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    lifecycle.reply(g, by=cast.leader, facts="查明", decision="补发", reasons="依照制度")
    return fresh(g), secret


# ---- track --------------------------------------------------------------------------------


def test_the_complainant_follows_the_case_with_code_and_secret(cast: Any) -> None:
    g, secret = cast.submit()
    r = Api().post(url(g, "track"), {"secret": secret.lower()})
    assert r.status_code == 200
    assert r.json()["code"] == g.code and r.json()["state"] == "received"
    assert_no_personal_data(r)
    assert fresh(g).version == g.version  # reading changes nothing


def test_a_wrong_secret_and_a_wrong_code_answer_alike_and_are_counted(
    cast: Any, limits: Any
) -> None:
    g, _secret = cast.submit()
    wrong_secret = Api().post(url(g, "track"), {"secret": "WRONG123"})
    wrong_code = Api().post(url("ZZZZ-ZZZZ-ZZZZ", "track"), {"secret": "WRONG123"})
    assert wrong_secret.status_code == wrong_code.status_code == 404
    assert error(wrong_secret) == error(wrong_code)
    assert TrackingFailures.objects.get().failures == 2


def test_too_many_wrong_secrets_lock_the_address_out(cast: Any, limits: Any) -> None:
    g, secret = cast.submit()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(3):
            Api().post(url(g, "track"), {"secret": "WRONG123"})
        r = Api().post(url(g, "track"), {"secret": secret})
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "300"
        assert error(r)["code"] == "throttled"
        # Another address is not locked out.
        other = Api(REMOTE_ADDR="10.9.9.9").post(url(g, "track"), {"secret": secret})
        assert other.status_code == 200
        traveller.shift(301)
        assert Api().post(url(g, "track"), {"secret": secret}).status_code == 200


def test_without_secret_or_token_the_public_gets_a_401(cast: Any) -> None:
    g, _secret = cast.submit()
    r = Api().post(url(g, "track"), {})
    assert r.status_code == 401


def test_an_intake_token_follows_the_cases_it_can_see(cast: Any) -> None:
    g, _secret = cast.submit()
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    assert api.post(url(g, "track"), {}).status_code == 200
    other = Api(token(cast.clerk, cast.branch_b, ["grievances:intake"]))
    assert other.post(url(g, "track"), {}).status_code == 404
    read_only = Api(token(cast.clerk, cast.workshop, ["grievances:read"]))
    assert read_only.post(url(g, "track"), {}).status_code == 403


# ---- feedback -----------------------------------------------------------------------------


def test_the_complainant_rates_the_reply_with_the_secret(cast: Any) -> None:
    g, secret = replied_with_secret(cast)
    r = Api().post(url(g, "feedback"), {"rating": "basic", "comment": "基本满意", "secret": secret})
    assert r.status_code == 200
    assert (r.json()["state"], r.json()["rating"]) == ("closed", "basic")
    event = fresh(g).events.order_by("-id").first()
    assert event is not None and (event.kind, event.actor) == (EventKind.RATED, None)


def test_an_intake_token_rates_on_behalf_of_the_complainant(cast: Any) -> None:
    g, _secret = replied_with_secret(cast)
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    r = api.post(url(g, "feedback"), {"rating": "satisfied"})
    assert r.status_code == 200 and fresh(g).state == State.CLOSED


def test_feedback_before_a_reply_is_refused(cast: Any) -> None:
    g, secret = cast.submit()
    before = footprint()
    r = Api().post(url(g, "feedback"), {"rating": "satisfied", "secret": secret})
    assert r.status_code == 400 and error(r)["code"] == "refused"
    assert footprint() == before


def test_feedback_with_a_wrong_secret_changes_nothing(cast: Any) -> None:
    g, _secret = replied_with_secret(cast)
    before = footprint()
    r = Api().post(url(g, "feedback"), {"rating": "satisfied", "secret": "WRONG123"})
    assert r.status_code == 404
    assert footprint() == before


def test_a_console_session_records_ratings_by_callback_not_feedback(cast: Any, client: Any) -> None:
    g, _secret = replied_with_secret(cast)
    client.force_login(cast.clerk)
    r = Api(client=client).post(url(g, "feedback"), {"rating": "satisfied"})
    assert r.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": "great"}, "rating"),
        ({"rating": 1}, "rating"),
        ({"rating": "satisfied", "comment": "长" * 5001}, "comment"),
        ({"rating": "satisfied", "stars": 5}, "stars"),
        ({"rating": "satisfied", "secret": 12345678}, "secret"),
    ],
)
def test_feedback_refuses_bad_fields(cast: Any, body: dict[str, Any], field: str) -> None:
    g, secret = replied_with_secret(cast)
    before = footprint()
    r = Api().post(url(g, "feedback"), {"secret": secret, **body})
    assert r.status_code == 400 and field in error(r)["fields"]
    assert footprint() == before


# ---- review -------------------------------------------------------------------------------


def test_the_complainant_asks_for_a_review_with_the_secret(cast: Any) -> None:
    g, secret = replied_with_secret(cast)
    r = Api().post(url(g, "review"), {"reason": "补发金额不对", "secret": secret})
    assert r.status_code == 200
    assert r.json()["state"] == "under_review" and r.json()["review_level"] == 1
    assert fresh(g).review_unit == cast.branch_a


def test_an_intake_token_asks_for_a_review_on_behalf_of_the_complainant(cast: Any) -> None:
    g, _secret = replied_with_secret(cast)
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    assert api.post(url(g, "review"), {"reason": "不服"}).status_code == 200


def test_a_review_needs_a_reason(cast: Any) -> None:
    g, secret = replied_with_secret(cast)
    r = Api().post(url(g, "review"), {"secret": secret})
    assert r.status_code == 400 and "reason" in error(r)["fields"]


# ---- attachments --------------------------------------------------------------------------


def test_the_complainant_adds_files_with_the_secret(cast: Any) -> None:
    g, secret = cast.submit()
    files = [
        SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("note.txt", "说明".encode(), content_type="text/plain"),
    ]
    r = Api().upload(url(g, "attachments"), {"files": files, "secret": secret})
    assert r.status_code == 201, r.content
    assert len(r.json()["attachments"]) == 2
    assert "工资条" not in r.content.decode()  # file names may carry names; never echoed
    stored = Attachment.objects.filter(grievance=g)
    assert stored.count() == 2 and all(a.from_complainant for a in stored)
    assert fresh(g).events.filter(kind=EventKind.ATTACHMENT).count() == 1


def test_an_intake_token_adds_files(cast: Any) -> None:
    g, _secret = cast.submit()
    api = Api(token(cast.clerk, cast.workshop, ["grievances:intake"]))
    f = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    assert api.upload(url(g, "attachments"), {"files": [f]}).status_code == 201


def test_a_file_of_a_type_not_allowed_stores_nothing(cast: Any) -> None:
    g, secret = cast.submit()
    before = footprint()
    files = [
        SimpleUploadedFile("ok.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream"),
    ]
    r = Api().upload(url(g, "attachments"), {"files": files, "secret": secret})
    assert r.status_code == 400 and error(r)["code"] == "refused"
    assert footprint() == before


def test_a_file_that_lies_about_its_type_is_refused(cast: Any) -> None:
    g, secret = cast.submit()
    f = SimpleUploadedFile("photo.jpg", b"not a jpeg", content_type="image/jpeg")
    r = Api().upload(url(g, "attachments"), {"files": [f], "secret": secret})
    assert r.status_code == 400


def test_a_file_over_the_limit_is_refused(cast: Any, settings: Any) -> None:
    settings.MINSHENG_MAX_UPLOAD_BYTES = 100
    g, secret = cast.submit()
    f = SimpleUploadedFile("big.pdf", PDF + b"x" * 200, content_type="application/pdf")
    r = Api().upload(url(g, "attachments"), {"files": [f], "secret": secret})
    assert r.status_code == 400
    assert not Attachment.objects.exists()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(cast: Any, settings: Any) -> None:
    settings.MINSHENG_MAX_UPLOAD_BYTES = 1000
    settings.MINSHENG_MAX_ATTACHMENTS = 1
    g, secret = cast.submit()
    f = SimpleUploadedFile("big.pdf", PDF + b"x" * 2_000_000, content_type="application/pdf")
    r = Api().upload(url(g, "attachments"), {"files": [f], "secret": secret})
    assert r.status_code == 413 and error(r)["code"] == "too_large"


def test_a_case_holds_as_many_complainant_files_as_the_portal_takes(
    cast: Any, settings: Any
) -> None:
    settings.MINSHENG_MAX_ATTACHMENTS = 2
    g, secret = cast.submit()

    def pdf() -> SimpleUploadedFile:
        return SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")

    api = Api()
    r = api.upload(url(g, "attachments"), {"files": [pdf(), pdf(), pdf()], "secret": secret})
    assert r.status_code == 400 and "files" in error(r)["fields"]
    assert (
        api.upload(url(g, "attachments"), {"files": [pdf()], "secret": secret}).status_code == 201
    )
    assert (
        api.upload(url(g, "attachments"), {"files": [pdf()], "secret": secret}).status_code == 201
    )
    r = api.upload(url(g, "attachments"), {"files": [pdf()], "secret": secret})
    assert r.status_code == 400 and error(r)["code"] == "refused"
    assert Attachment.objects.count() == 2


def test_files_cannot_be_added_to_a_closed_case(cast: Any) -> None:
    g, secret = replied_with_secret(cast)
    f = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    r = Api().upload(url(g, "attachments"), {"files": [f], "secret": secret})
    assert r.status_code == 400
    assert not Attachment.objects.exists()


def test_attachments_need_files_and_take_no_other_fields(cast: Any) -> None:
    g, secret = cast.submit()
    r = Api().upload(url(g, "attachments"), {"secret": secret, "note": "x"})
    assert r.status_code == 400
    assert {"files", "note"} <= set(error(r)["fields"])


def test_attachments_are_multipart_only(cast: Any) -> None:
    g, secret = cast.submit()
    r = Api().post(url(g, "attachments"), {"secret": secret})
    assert r.status_code == 415


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", samples.JPEG_HTML),
        ("photo.png", samples.PNG_HTML),
        ("payslip.pdf", samples.PDF_HTML),
    ],
)
def test_a_polyglot_is_refused_with_a_json_error_in_the_users_language(
    cast: Any, name: str, data: bytes
) -> None:
    g, secret = cast.submit()
    before = footprint()
    f = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    r = Api().upload(
        url(g, "attachments"), {"files": [f], "secret": secret}, **{"Accept-Language": "zh-hans"}
    )
    assert r.status_code == 400 and r["Content-Type"].startswith("application/json")
    assert "其内容与文件名不符" in json.dumps(r.json(), ensure_ascii=False)
    assert footprint() == before
