"""Printing a receipt in a real browser: a clerk registers a grievance at the window in
Chinese, prints the receipt page (the print stylesheet leaves the slip, without navigation or
buttons) and downloads the receipt as PDF, whose text holds the receipt code, the tracking
secret and the Chinese of the slip. Headless Chromium from Debian drives a live server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from grievances.intake import secret_matches
from grievances.models import Grievance
from minsheng.tests.pdf import embedded_fonts, pdf_text
from tests.browser.test_full_flow import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "三车间加班费未按时发放"


def test_a_clerk_prints_the_receipt_and_downloads_it_as_pdf(
    live_server: Any,
    cast: Any,
    browser: Browser,
    tmp_path: Path,
) -> None:
    base = live_server.url
    clerk = staff_page(browser, base, "clerk", "zh-hans")

    # 1. Register a grievance brought to the window.
    clerk.goto(f"{base}/console/grievances/new/")
    clerk.select_option("#id_channel", "walk_in")
    clerk.select_option("#id_kind", "complaint")
    clerk.select_option("#id_category", str(cast.category.pk))
    clerk.select_option("#id_unit", str(cast.workshop.pk))
    clerk.fill("#id_subject", SUBJECT)
    clerk.fill("#id_description", "十月份的加班费到现在还没有发，车间里约四十名工人都受影响。")
    clerk.select_option("#id_identity_mode", "named")
    clerk.fill("#id_name", "张晓明")
    clerk.fill("#id_phone", "13812345678")
    clerk.click("form.card button[type=submit]")
    clerk.wait_for_url(f"{base}/console/grievances/new/*/receipt/")
    g = Grievance.objects.get(subject=SUBJECT)
    secret = clerk.locator("dd.code").nth(1).inner_text().strip()
    assert secret_matches(g, secret)

    # 2. Printed, the page is the slip: no navigation, no buttons, the code and secret.
    clerk.emulate_media(media="print")
    expect(clerk.locator("header.top")).to_be_hidden()
    expect(clerk.locator("footer.foot")).to_be_hidden()
    expect(clerk.get_by_role("button", name="下载回执 PDF")).to_be_hidden()
    expect(clerk.locator("section.receipt")).to_contain_text(g.code)
    expect(clerk.locator("section.receipt")).to_contain_text(secret)
    clerk.emulate_media(media="screen")

    # 3. The PDF of the slip, downloaded from the same page.
    with clerk.expect_download() as info:
        clerk.get_by_role("button", name="下载回执 PDF").click()
    download = info.value
    assert download.suggested_filename == f"{g.code}-receipt.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    content = target.read_bytes()
    text = pdf_text(content)
    assert g.code in text and secret in text
    assert "信访事项登记回执" in text and SUBJECT in text and "一车间" in text
    assert "张晓明" not in text and "13812345678" not in text
    assert embedded_fonts(content)  # Chinese that renders without a system font

    # 4. Later, from the case page: the slip again (without the secret, which is kept nowhere).
    clerk.goto(f"{base}/console/grievances/case/{g.code}/")
    with clerk.expect_download() as info:
        clerk.locator(f"a[href='/console/grievances/case/{g.code}/print/receipt/pdf/']").click()
    later = tmp_path / "later.pdf"
    info.value.save_as(later)
    later_text = pdf_text(later.read_bytes())
    assert g.code in later_text and secret not in later_text
