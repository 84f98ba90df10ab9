"""Staff add files to a case from its console page: checked like every upload (size, type,
content), recorded on the timeline as an internal event with its audit record, and refused
to outsiders, to the auditor and on a closed case, with nothing changed."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from grievances.models import Attachment, EventKind
from grievances.tests import samples
from grievances.tests.helpers import audit_actions, footprint, received, replied


def post_files(client: Client, user: Any, g: Any, *files: SimpleUploadedFile, **headers: str):
    client.force_login(user)
    return client.post(
        reverse("grievances:add_files", args=[g.code]),
        {"attachments": list(files)},
        headers=headers,
    )


def test_the_handler_adds_files_seen_by_staff_only(client: Client, cast: Any) -> None:
    g = received(cast)
    response = post_files(
        client,
        cast.handler,
        g,
        SimpleUploadedFile("走访记录.pdf", samples.pdf()),
        SimpleUploadedFile("现场.jpg", samples.jpeg()),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("grievances:case", args=[g.code])
    files = Attachment.objects.filter(grievance=g).order_by("name")
    assert [(a.name, a.uploaded_by, a.from_complainant) for a in files] == [
        ("现场.jpg", cast.handler, False),
        ("走访记录.pdf", cast.handler, False),
    ]
    event = g.events.get(kind=EventKind.ATTACHMENT)
    assert not event.public and event.actor == cast.handler
    assert audit_actions(g)[-1] == "grievance.attachment"
    page = client.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert "走访记录.pdf" in page and "2 files added." in page


def test_the_case_page_offers_the_upload_to_staff_and_not_to_the_auditor(
    client: Client, cast: Any
) -> None:
    g = received(cast)
    client.force_login(cast.clerk)
    page = client.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'id="add-files"' in page
    client.force_login(cast.auditor)
    page = client.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert 'id="add-files"' not in page


def test_a_polyglot_is_refused_in_chinese_and_nothing_is_stored(client: Client, cast: Any) -> None:
    g = received(cast)
    before = footprint()
    response = post_files(
        client,
        cast.handler,
        g,
        SimpleUploadedFile("ok.pdf", samples.pdf()),
        SimpleUploadedFile("照片.png", samples.PNG_HTML),
        **{"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 400
    assert "文件“照片.png”不是真正的.png文件" in response.content.decode()
    assert footprint() == before


def test_a_file_over_the_limit_is_refused(client: Client, cast: Any, settings: Any) -> None:
    settings.MINSHENG_MAX_UPLOAD_BYTES = 100
    g = received(cast)
    before = footprint()
    response = post_files(client, cast.handler, g, SimpleUploadedFile("a.pdf", samples.pdf()))
    assert response.status_code == 400
    assert "larger than the limit" in response.content.decode()
    assert footprint() == before


def test_no_file_is_refused_with_a_message(client: Client, cast: Any) -> None:
    g = received(cast)
    before = footprint()
    client.force_login(cast.handler)
    response = client.post(reverse("grievances:add_files", args=[g.code]), {})
    assert response.status_code == 400
    assert "Choose at least one file." in response.content.decode()
    assert footprint() == before


def test_an_outsider_does_not_find_the_case(client: Client, cast: Any) -> None:
    g = received(cast)
    before = footprint()
    response = post_files(client, cast.outsider, g, SimpleUploadedFile("a.pdf", samples.pdf()))
    assert response.status_code == 404
    assert footprint() == before


def test_the_auditor_may_not_add_files(client: Client, cast: Any) -> None:
    g = received(cast)
    before = footprint()
    response = post_files(client, cast.auditor, g, SimpleUploadedFile("a.pdf", samples.pdf()))
    assert response.status_code == 403
    assert footprint() == before


def test_files_cannot_be_added_to_an_answered_case(client: Client, cast: Any) -> None:
    g = replied(cast)
    before = footprint()
    response = post_files(client, cast.handler, g, SimpleUploadedFile("a.pdf", samples.pdf()))
    assert response.status_code == 400
    assert "Files can be added only while the case is open." in response.content.decode()
    assert footprint() == before


def test_a_get_changes_nothing(client: Client, cast: Any) -> None:
    g = received(cast)
    client.force_login(cast.handler)
    assert client.get(reverse("grievances:add_files", args=[g.code])).status_code == 405
