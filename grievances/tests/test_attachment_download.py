from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grievances.tests import samples
from grievances.tests.helpers import received

PAYSLIP = samples.pdf()


def with_file(cast, **kwargs):
    upload = SimpleUploadedFile("工资条.pdf", PAYSLIP, "application/pdf")
    return received(cast, files=[upload], **kwargs)


def download(client, user, g, pk):
    client.force_login(user)
    return client.get(reverse("grievances:attachment", args=[g.code, pk]))


def test_staff_of_the_case_download_its_attachment_under_its_name(client, cast):
    g = with_file(cast)
    response = download(client, cast.handler, g, g.attachments.get().pk)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PAYSLIP
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%B7%A5%E8%B5%84%E6%9D%A1.pdf" in response["Content-Disposition"]


def test_an_attachment_of_another_case_is_not_found_through_this_one(client, cast):
    mine, theirs = received(cast), with_file(cast, unit=cast.branch_b)
    response = download(client, cast.handler, mine, theirs.attachments.get().pk)
    assert response.status_code == 404


def test_an_outsider_cannot_download(client, cast):
    g = with_file(cast)
    assert download(client, cast.outsider, g, g.attachments.get().pk).status_code == 404
