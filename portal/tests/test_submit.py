from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grievances.models import (
    Attachment,
    Category,
    Channel,
    Complainant,
    Grievance,
    IdentityMode,
    TimelineEvent,
)
from grievances.tests import samples


@pytest.fixture
def data(cast):
    return {
        "kind": "complaint",
        "category": str(cast.category.pk),
        "unit": str(cast.workshop.pk),
        "subject": "三车间加班费未按时发放",
        "description": "十月份的加班费到现在还没有发。",
        "location": "三车间",
        "headcount": "40",
        "identity_mode": "named",
        "name": "张晓明",
        "phone": "13812345678",
        "id_number": "110101199001011234",
        "address": "北京市东城区某街1号",
        "email": "zhang@example.com",
    }


def nothing_was_saved():
    return (
        Grievance.objects.count() == 0
        and Complainant.objects.count() == 0
        and Attachment.objects.count() == 0
        and TimelineEvent.objects.count() == 0
    )


def test_the_form_offers_active_categories_and_defaults_to_the_top_unit(client, cast):
    Category.objects.create(code="old", name="旧分类", name_en="Retired category", active=False)
    response = client.get("/submit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wages and benefits" in html and "Retired category" not in html
    assert f'<option value="{cast.hq.pk}" selected>' in html


def test_a_named_grievance_is_stored_with_the_person_and_leads_to_the_receipt(client, cast, data):
    response = client.post("/submit/", data)
    assert response.status_code == 302 and response["Location"] == "/submit/receipt/"
    g = Grievance.objects.get()
    assert g.channel == Channel.WEB and g.created_by is None
    assert g.unit == cast.workshop and g.category == cast.category and g.headcount == 40
    assert g.identity_mode == IdentityMode.NAMED
    assert g.complainant.name == "张晓明" and g.complainant.email == "zhang@example.com"


def test_a_confidential_grievance_keeps_the_name_for_the_handlers(client, data):
    data["identity_mode"] = "confidential"
    client.post("/submit/", data)
    g = Grievance.objects.get()
    assert g.identity_mode == IdentityMode.CONFIDENTIAL and g.complainant.name == "张晓明"


def test_an_anonymous_grievance_stores_no_complainant_even_if_details_were_typed(client, data):
    data["identity_mode"] = "anonymous"
    response = client.post("/submit/", data)
    assert response.status_code == 302
    g = Grievance.objects.get()
    assert g.identity_mode == IdentityMode.ANONYMOUS and g.complainant is None
    assert Complainant.objects.count() == 0


def test_an_anonymous_grievance_needs_no_name(client, data):
    data.update(identity_mode="anonymous", name="", phone="", id_number="", address="")
    assert client.post("/submit/", data).status_code == 302
    assert Grievance.objects.get().complainant is None


@pytest.mark.parametrize("mode", ["named", "confidential"])
def test_a_named_or_confidential_grievance_without_a_name_is_refused(client, data, mode):
    data.update(identity_mode=mode, name="  ")
    response = client.post("/submit/", data)
    assert response.status_code == 400
    assert "Please give your name, or choose to submit anonymously." in response.content.decode()
    assert nothing_was_saved()


def test_without_a_unit_the_grievance_goes_to_the_top_unit(client, cast, data):
    del data["unit"]
    client.post("/submit/", data)
    assert Grievance.objects.get().unit == cast.hq


def test_a_missing_subject_is_refused_and_the_typed_text_is_kept(client, data):
    data["subject"] = ""
    response = client.post("/submit/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert "十月份的加班费到现在还没有发。" in html  # the description is still there
    assert nothing_was_saved()


def test_a_subject_that_is_too_long_is_refused(client, data):
    data["subject"] = "长" * 201
    response = client.post("/submit/", data)
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert nothing_was_saved()


def test_a_file_over_the_size_limit_is_refused_with_a_message(client, data, settings):
    settings.MINSHENG_MAX_UPLOAD_BYTES = 100
    data["attachments"] = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4\n" + b"0" * 200)
    response = client.post("/submit/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "payslip.pdf is larger than the limit" in html
    assert "please choose your attachments again" in html
    assert nothing_was_saved()


def test_a_program_is_refused_as_an_attachment(client, data):
    data["attachments"] = SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03")
    response = client.post("/submit/", data)
    assert response.status_code == 400
    assert "setup.exe is not an allowed type" in response.content.decode()
    assert nothing_was_saved()


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused(client, data):
    data["attachments"] = SimpleUploadedFile("contract.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client.post("/submit/", data)
    assert response.status_code == 400
    assert "contract.pdf does not look like a .pdf file" in response.content.decode()
    assert nothing_was_saved()


def test_a_real_pdf_is_kept_as_the_complainants_attachment(client, data):
    data["attachments"] = [
        SimpleUploadedFile("payslip.pdf", samples.pdf()),
        SimpleUploadedFile("note.txt", "十月没有加班费".encode()),
    ]
    assert client.post("/submit/", data).status_code == 302
    names = sorted(Attachment.objects.values_list("name", flat=True))
    assert names == ["note.txt", "payslip.pdf"]
    assert all(Attachment.objects.values_list("from_complainant", flat=True))


def test_html_typed_into_the_form_is_escaped_when_it_is_shown_again(client, data):
    data["subject"] = ""
    data["description"] = "<script>alert('x')</script>"
    html = client.post("/submit/", data).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_form_shows_only_what_this_person_typed(client, cast, data):
    cast.submit()  # someone else's case: 张晓明, 13812345678
    data.update(subject="", name="王五", phone="13700000000")
    html = client.post("/submit/", data).content.decode()
    assert "王五" in html and "13700000000" in html
    assert "张晓明" not in html and "13812345678" not in html


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", samples.JPEG_HTML),
        ("photo.png", samples.PNG_HTML),
        ("a.pdf", samples.PDF_HTML),
    ],
)
def test_a_polyglot_that_is_a_web_page_is_refused_in_chinese(client, data, name, content):
    data["attachments"] = SimpleUploadedFile(name, content)
    response = client.post("/submit/", data, headers={"accept-language": "zh-hans"})
    assert response.status_code == 400
    assert f"文件“{name}”不是真正的" in response.content.decode()
    assert nothing_was_saved()
