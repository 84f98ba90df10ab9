"""Uploads are checked by their content: a file whose first bytes are a JPEG, PNG or PDF
signature but whose body is a web page (a polyglot) is refused, with a message in the
user's language, and real files of each allowed type pass."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from grievances.attachments import check_upload
from grievances.tests import samples
from minsheng.errors import DomainError


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("payslip.pdf", samples.pdf()),
        ("photo.png", samples.png()),
        ("photo.jpg", samples.jpeg()),
        ("photo.jpeg", samples.jpeg()),
        ("letter.docx", samples.docx()),
        ("sheet.xlsx", samples.xlsx()),
        ("note.txt", "工资没有发 <3".encode()),
    ],
)
def test_it_accepts_real_files(name: str, data: bytes) -> None:
    check_upload(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", samples.JPEG_HTML),
        ("photo.png", samples.PNG_HTML),
        ("payslip.pdf", samples.PDF_HTML),
        ("photo.jpg", samples.jpeg_with_html_comment()),
        ("photo.png", samples.jpeg()),  # a JPEG named .png
        ("letter.docx", samples.xlsx()),  # a spreadsheet named .docx
        ("sheet.xlsx", b"PK\x03\x04" + samples.HTML),
        ("note.txt", b"  <!DOCTYPE html>" + samples.HTML),
        ("photo.jpg", samples.jpeg()[:200]),  # cut short
    ],
)
def test_it_refuses_files_whose_content_is_not_what_the_name_says(name: str, data: bytes) -> None:
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile(name, data))
    # A wrong signature is refused by the first check, a wrong body by the content check.
    message = str(info.value.message)
    assert name in message
    assert "does not look like" in message or "content does not match its name" in message


def test_the_refusal_speaks_chinese_to_a_chinese_user() -> None:
    with translation.override("zh-hans"), pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile("照片.jpg", samples.JPEG_HTML))
    text = str(info.value.message)
    assert "照片.jpg" in text and "内容" in text and "content" not in text
