"""Registering a grievance at the window, by letter or by phone."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grievances.intake import secret_matches
from grievances.models import Channel, Complainant, Grievance, IdentityMode, State
from grievances.tests import samples
from grievances.tests.helpers import footprint, received

PNG = samples.png()

FORM = {
    "channel": Channel.WALK_IN,
    "kind": "complaint",
    "subject": "宿舍热水器坏了一个月",
    "description": "三号宿舍楼的热水器坏了一个月，报修没人管。",
    "identity_mode": IdentityMode.NAMED,
    "name": "王小红",
    "phone": "139 0000 1111",
    "headcount": "1",
}


@pytest.fixture
def form(cast):
    return {**FORM, "unit": cast.workshop.pk, "category": cast.category.pk}


def register(client, user, data):
    client.force_login(user)
    return client.post(reverse("grievances:register"), data)


def test_a_walk_in_is_registered_and_the_receipt_shows_code_and_secret_once(client, cast, form):
    response = register(client, cast.clerk, form)
    g = Grievance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("grievances:receipt", args=[g.code])
    receipt = client.get(response["Location"])
    text = receipt.content.decode()
    secret = receipt.context["secret"]
    assert g.code in text and secret in text and secret_matches(g, secret)
    assert "no-store" in receipt["Cache-Control"]  # the secret stays in no cache
    # shown only this once: the second visit goes to the case page
    again = client.get(response["Location"])
    assert again.status_code == 302
    assert again["Location"] == reverse("grievances:case", args=[g.code])
    assert (g.state, g.channel, g.created_by, g.arrival_unit) == (
        State.RECEIVED, Channel.WALK_IN, cast.clerk, cast.workshop,
    )  # fmt: skip
    assert Complainant.objects.get().name == "王小红"


def test_a_grievance_taken_at_headquarters_for_the_workshop_is_skip_level(client, cast, form):
    register(client, cast.chief, form)
    g = Grievance.objects.get()
    assert g.arrival_unit == cast.hq and g.is_skip_level


def test_a_repeat_is_linked_by_the_earlier_receipt_code(client, cast, form):
    earlier = received(cast)
    typed = earlier.code.replace("-", "").lower()
    register(client, cast.clerk, {**form, "repeat_of": typed})
    g = Grievance.objects.exclude(pk=earlier.pk).get()
    assert g.repeat_of == earlier
    page = client.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert "Repeat of" in page and earlier.code in page


@pytest.mark.parametrize("whose", ["unknown", "other_branch"])
def test_an_unknown_repeat_code_is_a_field_error_and_nothing_is_saved(client, cast, form, whose):
    code = "2222-3333-4444"
    if whose == "other_branch":
        code = received(cast, unit=cast.branch_b).code
    before = footprint()
    response = register(client, cast.clerk, {**form, "repeat_of": code})
    assert response.status_code == 400
    assert response.context["form"].errors["repeat_of"] == [
        "No case you can see has this receipt code."
    ]
    assert "No case you can see has this receipt code." in response.content.decode()
    assert footprint() == before


def test_an_attachment_is_kept_with_the_case(client, cast, form):
    upload = SimpleUploadedFile("照片.png", PNG, "image/png")
    register(client, cast.clerk, {**form, "attachments": [upload]})
    att = Grievance.objects.get().attachments.get()
    assert (att.name, att.size, att.uploaded_by) == ("照片.png", len(PNG), cast.clerk)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("大文件.pdf", b"%PDF" + b"0" * 2000, "larger than the limit"),
        ("程序.exe", b"MZ\x90\x00", "not an allowed type"),
        ("假的.pdf", b"just text", "does not look like a .pdf file"),
        ("乱码.txt", b"\xff\xfe\x00\xd8", "not a text file"),
    ],
)
def test_an_oversized_or_wrong_type_attachment_is_refused_and_nothing_saved(
    client, cast, form, settings, name, content, message
):
    settings.MINSHENG_MAX_UPLOAD_BYTES = 1024
    before = footprint()
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    response = register(client, cast.clerk, {**form, "attachments": [upload]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert footprint() == before
    assert Complainant.objects.count() == 0


def test_too_many_attachments_are_refused(client, cast, form, settings):
    settings.MINSHENG_MAX_ATTACHMENTS = 1
    files = [SimpleUploadedFile(f"{i}.txt", b"note", "text/plain") for i in range(2)]
    before = footprint()
    response = register(client, cast.clerk, {**form, "attachments": files})
    assert "At most 1 attachments." in response.content.decode()
    assert footprint() == before


def test_a_named_grievance_needs_a_name(client, cast, form):
    before = footprint()
    response = register(client, cast.clerk, {**form, "name": ""})
    assert response.status_code == 400
    assert "Please give a name, or choose to submit anonymously." in response.content.decode()
    assert footprint() == before


def test_an_anonymous_grievance_keeps_no_personal_data(client, cast, form):
    register(client, cast.clerk, {**form, "identity_mode": IdentityMode.ANONYMOUS})
    g = Grievance.objects.get()
    assert g.complainant is None and Complainant.objects.count() == 0


def test_a_subject_over_the_limit_is_a_field_error(client, cast, form):
    response = register(client, cast.clerk, {**form, "subject": "字" * 201})
    assert response.status_code == 400
    assert "subject" in response.context["form"].errors
    assert Grievance.objects.count() == 0


def test_the_auditor_registers_nothing(client, cast, form):
    before = footprint()
    response = register(client, cast.auditor, form)
    assert response.status_code == 302 and response["Location"] == reverse("grievances:home")
    page = client.get(response["Location"]).content.decode()
    assert "Your role does not include registering grievances." in page
    assert footprint() == before


def test_a_polyglot_jpeg_that_is_a_web_page_is_refused(client, cast, form):
    before = footprint()
    upload = SimpleUploadedFile("照片.jpg", samples.JPEG_HTML, "image/jpeg")
    response = register(client, cast.clerk, {**form, "attachments": [upload]})
    assert response.status_code == 400
    assert "照片.jpg is not a real .jpg file" in response.content.decode()
    assert footprint() == before
