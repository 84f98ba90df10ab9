"""The console on a phone (a duty officer at night): every page a handler, a leader and an
auditor reach fits a 390-px-wide screen with no horizontal page scroll, the menu is
collapsed behind one button that opens without script, and on a desktop receipt codes,
dates and unit names never break inside. Screenshots go to var/screens/ for a person to
look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, Page

import conftest
from grievances import lifecycle
from grievances.case_files import add_staff_attachments
from grievances.tests import samples
from grievances.tests.helpers import in_progress, received, replied
from minsheng.workdays import local_date
from tests.browser.test_full_flow import LOCALES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
LONG_SUBJECT = (
    "三车间二〇二五年十月至十二月加班费与夜班津贴未按时足额发放涉及四十二名一线工人的集体诉求"
)


def login(browser: Browser, base: str, username: str, lang: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(locale=LOCALES[lang], viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", conftest.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/console/")
    return page


def workload(cast: Any) -> dict[str, Any]:
    """Cases in several states, one with a long subject, files and a supervision."""
    busy = in_progress(cast, subject=LONG_SUBJECT, headcount=42)
    add_staff_attachments(
        busy,
        [SimpleUploadedFile("二〇二五年十二月车间工资条扫描件.pdf", samples.pdf())],
        by=cast.handler,
    )
    lifecycle.supervise(busy, by=cast.head, instructions="请于本周内答复工人。", due=local_date())
    fresh = received(cast)
    done = replied(cast)
    return {"busy": busy, "fresh": fresh, "done": done}


def pages_for(role: str, cases: dict[str, Any]) -> list[str]:
    busy = cases["busy"].code
    common = [
        "/console/",
        "/console/grievances/",
        "/console/grievances/queue/",
        "/console/grievances/queue/?filters=1",
        "/console/grievances/supervised/",
        f"/console/grievances/case/{busy}/",
        f"/console/grievances/case/{cases['done'].code}/",
        "/console/grievances/scorecard/",
        "/console/inbox/",
        "/console/inbox/settings/",
    ]
    if role == "auditor":
        return [*common, "/console/audit/", "/console/audit/?personal=on"]
    return [
        *common,
        f"/console/grievances/case/{busy}/identity/",
        "/console/grievances/new/",
    ]


def width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def check_phone_page(page: Page, base: str, path: str, shot: str) -> None:
    response = page.goto(base + path)
    assert response is not None and response.status == 200, path
    assert width(page) <= PHONE["width"], f"{path} scrolls sideways: {width(page)} px"
    # The menu is collapsed behind one button; the header takes at most three short rows.
    assert page.locator("nav.main .menu-wide").is_hidden(), path
    summary = page.locator("nav.main details.menu-compact > summary")
    assert summary.is_visible(), path
    nav_box = page.locator("nav.main").bounding_box()
    assert nav_box is not None and nav_box["height"] <= 48, f"{path}: nav {nav_box}"
    page.screenshot(path=str(SCREENS / f"{shot}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_console_page_fits_a_phone(
    live_server: Any, cast: Any, browser: Browser, lang: str
) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    cases = workload(cast)
    for role in ("handler", "leader", "auditor"):
        page = login(browser, base, role, lang, PHONE)
        for i, path in enumerate(pages_for(role, cases)):
            check_phone_page(page, base, path, f"phone-{lang}-{role}-{i:02d}")
        # The menu opens without script, shows every entry, and still fits.
        page.goto(f"{base}/console/")
        page.locator("nav.main details.menu-compact > summary").click()
        links = page.locator("nav.main details.menu-compact .menu-links a")
        assert links.count() >= 5
        for k in range(links.count()):
            assert links.nth(k).is_visible()
        assert width(page) <= PHONE["width"]
        page.screenshot(path=str(SCREENS / f"phone-{lang}-{role}-menu.png"))
        page.context.close()


def test_the_register_form_and_its_receipt_fit_a_phone(
    live_server: Any, cast: Any, browser: Browser
) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = login(browser, base, "clerk", "zh-hans", PHONE)
    page.goto(f"{base}/console/grievances/new/")
    assert width(page) <= PHONE["width"]
    # Every field is as wide as the form, give or take its padding.
    form_box = page.locator("main form").first.bounding_box()
    subject_box = page.locator("#id_subject").bounding_box()
    assert form_box and subject_box and subject_box["width"] >= form_box["width"] - 40
    page.select_option("#id_channel", "walk_in")
    page.select_option("#id_kind", "complaint")
    page.select_option("#id_category", str(cast.category.pk))
    page.select_option("#id_unit", str(cast.workshop.pk))
    page.fill("#id_subject", LONG_SUBJECT)
    page.fill("#id_description", "十月份的加班费到现在还没有发。")
    page.select_option("#id_identity_mode", "anonymous")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/console/grievances/new/*/receipt/")
    assert width(page) <= PHONE["width"]
    page.screenshot(path=str(SCREENS / "phone-zh-hans-clerk-receipt.png"), full_page=True)


def test_codes_dates_and_unit_names_do_not_break_inside_on_a_desktop(
    live_server: Any, cast: Any, browser: Browser
) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    for _ in range(3):
        workload(cast)
    page = login(browser, base, "head", "zh-hans", DESKTOP)
    page.goto(f"{base}/console/grievances/queue/")
    assert page.locator("nav.main .menu-wide").is_visible()
    assert page.locator("nav.main details.menu-compact").is_hidden()
    cells = page.locator("table.cases td.code, table.cases td.unit, table.cases .date")
    assert cells.count() >= 27
    lines = cells.evaluate_all(
        """els => els.map(el => {
            const r = document.createRange(); r.selectNodeContents(el);
            return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
        })"""
    )
    assert set(lines) == {1}, lines
    page.screenshot(path=str(SCREENS / "desktop-zh-hans-head-queue.png"), full_page=True)
