"""Printing a case's documents in the console: the receipt slip, the reply letter, the decline
notice and the review decision, each as a page to print and as a PDF whose Chinese text
comes back out of it and whose font is embedded."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from audit.models import AuditRecord
from grievances import lifecycle
from grievances.intake import Person
from grievances.models import EventKind
from grievances.tests.helpers import frozen, received, replied
from minsheng.tests.pdf import FONT, embedded_fonts, pdf_text


def _client(user, lang="zh-hans"):
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_reply_letter_pdf_carries_the_chinese_text_and_embeds_its_font(cast):
    g = replied(cast)
    r = g.replies.get()
    response = _client(cast.handler).get(
        f"/console/grievances/case/{g.code}/print/reply-{r.pk}/pdf/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for part in ("信访事项答复意见书", g.code, "查明十月份加班费未发放。", "十一月十日前补发。"):
        assert _squash(part) in text, part
    assert "一车间" in text and "集团总部" in text  # the unit and the organisation above it
    fonts = embedded_fonts(response.content)
    assert fonts and all(re.fullmatch(rf"/[A-Z]{{6}}\+{FONT}", f) for f in fonts), fonts
    assert len(response.content) < 200_000  # a subset, not the 11 MB font


def test_the_letter_is_in_the_readers_language(cast):
    g = replied(cast)
    r = g.replies.get()
    response = _client(cast.handler, "en").get(
        f"/console/grievances/case/{g.code}/print/reply-{r.pk}/pdf/"
    )
    text = pdf_text(response.content)
    assert "Replytoagrievance" in text and "Factsfound" in text
    assert "查明十月份加班费未发放。" in text  # what staff wrote stays as written


def test_the_decline_notice_gives_the_reasons(cast):
    g = received(cast)
    lifecycle.decline(g, by=cast.handler, reasons="该事项已由劳动仲裁委员会受理。")
    c = _client(cast.handler)
    page = c.get(f"/console/grievances/case/{g.code}/print/decline/")
    assert page.status_code == 200
    assert "不予受理告知书" in page.content.decode()
    text = pdf_text(c.get(f"/console/grievances/case/{g.code}/print/decline/pdf/").content)
    assert "不予受理告知书" in text and "该事项已由劳动仲裁委员会受理。" in text


def test_the_review_decision_says_the_outcome_and_the_unit_that_decided(cast):
    with frozen(2026, 3, 2):
        g = replied(cast)
    with frozen(2026, 3, 10):
        g = lifecycle.request_review(g, reason="补发金额不对")
    with frozen(2026, 3, 20):
        lifecycle.decide_review(g, by=cast.head, upheld=False, opinion="请重新核算补发金额")
    ev = g.events.get(kind=EventKind.REVIEW_DECIDED)
    response = _client(cast.head).get(
        f"/console/grievances/case/{g.code}/print/review-{ev.pk}/pdf/"
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "复查决定书" in text and "请重新核算补发金额" in text
    assert "退回重新办理" in text or "重新办理" in text
    assert "一分公司" in text  # the branch decided it
    assert "2026年3月20日" in text


def test_the_case_page_links_every_document(cast):
    g = replied(cast)
    r = g.replies.get()
    page = _client(cast.handler).get(f"/console/grievances/case/{g.code}/").content.decode()
    assert f"/console/grievances/case/{g.code}/print/receipt/pdf/" in page
    assert f"/console/grievances/case/{g.code}/print/reply-{r.pk}/" in page


def test_the_receipt_slip_from_the_case_page_has_no_secret(cast):
    g, secret = cast.submit()
    response = _client(cast.clerk).get(f"/console/grievances/case/{g.code}/print/receipt/pdf/")
    text = pdf_text(response.content)
    assert g.code in text and "信访事项登记回执" in text
    assert secret not in text


def test_the_receipt_page_prints_the_secret_it_shows_and_only_that(cast):
    g, secret = cast.submit()
    c = _client(cast.clerk)
    url = f"/console/grievances/new/{g.code}/receipt/pdf/"
    ok = c.post(url, {"secret": secret})
    assert ok.status_code == 200
    text = pdf_text(ok.content)
    assert secret in text and g.code in text and "三车间加班费未按时发放" in text
    wrong = c.post(url, {"secret": "WRONG123"})
    assert wrong.status_code == 302  # to the slip without the secret, with a message
    assert c.get(url).status_code == 405  # only a POST carries a secret


def test_personal_data_is_never_printed(cast):
    g = replied(cast)
    r = g.replies.get()
    c = _client(cast.leader)
    for key in ("receipt", f"reply-{r.pk}"):
        text = pdf_text(c.get(f"/console/grievances/case/{g.code}/print/{key}/pdf/").content)
        assert "张晓明" not in text and "13812345678" not in text


@pytest.mark.parametrize("key", ["receipt", "reply"])
def test_an_outsider_gets_a_404_like_the_case_page(cast, key):
    g = replied(cast)
    if key == "reply":
        key = f"reply-{g.replies.get().pk}"
    c = _client(cast.outsider)
    assert c.get(f"/console/grievances/case/{g.code}/").status_code == 404
    assert c.get(f"/console/grievances/case/{g.code}/print/{key}/pdf/").status_code == 404
    assert c.get(f"/console/grievances/case/{g.code}/print/{key}/").status_code == 404
    got = c.post(f"/console/grievances/new/{g.code}/receipt/pdf/", {"secret": "x"})
    assert got.status_code == 404


def test_a_document_the_case_does_not_have_is_a_404(cast):
    g = replied(cast)
    other = replied(cast)
    c = _client(cast.handler)
    other_reply = other.replies.get().pk
    for key in ("decline", f"reply-{other_reply}", "review-1", "letter", "reply-x"):
        assert c.get(f"/console/grievances/case/{g.code}/print/{key}/pdf/").status_code == 404


def _identity_views(g):
    return list(
        AuditRecord.objects.filter(action="identity.view")
        .order_by("id")
        .values_list("actor_id", "data")
    )


def test_the_owner_prints_the_letter_addressed_and_the_viewing_is_audited(cast):
    g = replied(cast, person=Person(name="张晓明", phone="13812345678", address="北京市朝阳区"))
    key = f"reply-{g.replies.get().pk}"
    c = _client(cast.leader)
    case_page = c.get(f"/console/grievances/case/{g.code}/").content.decode()
    assert f"/print/{key}/?addressee=1" in case_page
    assert _identity_views(g) == []  # offering the letter shows nobody
    response = c.get(f"/console/grievances/case/{g.code}/print/{key}/pdf/?addressee=1")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "张晓明：" in text and "北京市朝阳区" in text
    assert "13812345678" not in text  # a letter needs no phone number
    assert _identity_views(g) == [(cast.leader.pk, {"grievance": g.code, "document": key})]
    page = c.get(f"/console/grievances/case/{g.code}/print/{key}/?addressee=1")
    assert "张晓明" in page.content.decode() and len(_identity_views(g)) == 2


@pytest.mark.parametrize("who", ["head", "auditor"])
def test_staff_who_may_not_see_the_identity_get_a_403_and_nothing_is_recorded(cast, who):
    g = replied(cast)
    key = f"reply-{g.replies.get().pk}"
    c = _client(getattr(cast, who))
    assert (
        f"/print/{key}/?addressee=1"
        not in c.get(f"/console/grievances/case/{g.code}/").content.decode()
    )
    response = c.get(f"/console/grievances/case/{g.code}/print/{key}/pdf/?addressee=1")
    assert response.status_code == 403
    assert _identity_views(g) == []


def test_an_anonymous_grievance_has_no_one_to_address(cast):
    from grievances.models import IdentityMode

    g = replied(cast, identity_mode=IdentityMode.ANONYMOUS, person=Person())
    key = f"reply-{g.replies.get().pk}"
    response = _client(cast.leader).get(
        f"/console/grievances/case/{g.code}/print/{key}/pdf/?addressee=1"
    )
    assert response.status_code == 403


def test_the_receipt_slip_is_never_addressed(cast):
    g = replied(cast)
    url = f"/console/grievances/case/{g.code}/print/receipt/pdf/?addressee=1"
    assert _client(cast.leader).get(url).status_code == 404
    assert _identity_views(g) == []


def test_printing_changes_nothing_and_records_no_identity_view(cast):
    g = replied(cast)
    before = AuditRecord.objects.count()
    _client(cast.leader).get(f"/console/grievances/case/{g.code}/print/receipt/pdf/")
    assert AuditRecord.objects.count() == before
