"""The complainant's PDFs on the portal: the receipt slip and the reply letter from the case
page (for the browser that proved it holds the code and secret), and the receipt with the
secret from the receipt page. Nothing the case page does not show is printed."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from grievances import lifecycle
from grievances.models import Grievance
from minsheng.tests.pdf import embedded_fonts, pdf_text
from portal.tests.helpers import REPLY, replied_case, tracked_client


def _zh(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_the_case_page_offers_the_receipt_and_the_reply_as_pdf(client, cast):
    g, secret = replied_case(cast)
    c = tracked_client(_zh(client), g, secret)
    page = c.get(f"/track/{g.code}/").content.decode()
    r = g.replies.get()
    assert f"/track/{g.code}/print/receipt/pdf/" in page
    assert f"/track/{g.code}/print/reply-{r.pk}/pdf/" in page
    response = c.get(f"/track/{g.code}/print/reply-{r.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "信访事项答复意见书" in text and REPLY["facts"] in text and g.code in text
    assert embedded_fonts(response.content)
    receipt = pdf_text(c.get(f"/track/{g.code}/print/receipt/pdf/").content)
    assert "信访事项登记回执" in receipt and g.code in receipt
    assert secret not in receipt  # the secret is never kept, so never printed again
    for personal in ("张晓明", "13812345678"):
        assert personal not in text and personal not in receipt


def test_without_tracking_the_pdf_asks_for_the_code_and_secret(client, cast):
    g, _secret = replied_case(cast)
    r = g.replies.get()
    response = client.get(f"/track/{g.code}/print/reply-{r.pk}/pdf/")
    assert response.status_code == 302 and response["Location"] == "/track/"


def test_another_cases_reply_is_a_404(client, cast):
    g, secret = replied_case(cast)
    other, _ = replied_case(cast)
    c = tracked_client(client, g, secret)
    assert c.get(f"/track/{g.code}/print/reply-{other.replies.get().pk}/pdf/").status_code == 404


def test_a_merged_case_prints_the_collective_reply(client, cast):
    primary, _ = cast.submit(subject="宿舍停水")
    child, secret = cast.submit(subject="三号楼停水")
    lifecycle.accept(primary, by=cast.handler)
    primary = Grievance.objects.get(pk=primary.pk)
    lifecycle.merge(primary, [child], by=cast.leader)
    primary = Grievance.objects.get(pk=primary.pk)
    primary = lifecycle.assign(primary, by=cast.leader, owner=cast.leader, handler=cast.handler)
    lifecycle.reply(primary, by=cast.leader, **REPLY)
    r = primary.replies.get()
    c = tracked_client(_zh(client), child, secret)
    response = c.get(f"/track/{child.code}/print/reply-{r.pk}/pdf/")
    assert response.status_code == 200
    assert REPLY["decision"] in pdf_text(response.content)


def test_the_receipt_page_downloads_the_slip_with_its_secret(client, cast):
    g, secret = cast.submit()
    _zh(client)
    response = client.post("/submit/receipt/pdf/", {"code": g.code, "secret": secret})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert g.code in text and secret in text and "查询密码" in text


def test_a_wrong_secret_prints_nothing_and_counts_against_the_address(client, cast):
    g, _secret = cast.submit()
    response = client.post(
        "/submit/receipt/pdf/", {"code": g.code, "secret": "WRONG999"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302 and response["Location"] == "/track/"
    for _ in range(10):
        last = client.post(
            "/submit/receipt/pdf/", {"code": g.code, "secret": "WRONG999"}, REMOTE_ADDR="10.9.9.9"
        )
    assert last.status_code == 429
