"""The whole life of a grievance in a real browser: a person submits it through the portal,
staff accept, assign, visit and reply in the console, and the person reads the reply, rates
it and asks for a review. Headless Chromium from Debian drives a live server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

import conftest
from grievances.models import Grievance, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FACTS = "十月加班费因审批延误未发放，涉及四十二名工人。"
DECISION = "十一月十日前补发全部加班费。"


LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


def new_page(browser: Browser, lang: str = "en") -> Page:
    """A fresh browser profile: its own cookies, as on another device, asking for `lang`."""
    context = browser.new_context(locale=LOCALES[lang])
    context.set_default_timeout(15_000)
    return context.new_page()


def submit_grievance(page: Page, base: str, cast: Any, subject: str) -> tuple[str, str]:
    page.goto(f"{base}/submit/")
    page.select_option("#id_kind", "complaint")
    page.select_option("#id_category", str(cast.category.pk))
    page.select_option("#id_unit", str(cast.workshop.pk))
    page.fill("#id_subject", subject)
    page.fill("#id_description", "十月份的加班费到现在还没有发，车间里约四十名工人都受影响。")
    page.fill("#id_location", "三车间")
    page.check("input[name=identity_mode][value=named]")
    page.fill("#id_name", "张晓明")
    page.fill("#id_phone", "13812345678")
    page.click("form.portal-form button[type=submit]")
    expect(page.locator("#receipt-code")).to_be_visible()
    code = page.locator("#receipt-code").inner_text().strip()
    secret = page.locator("#receipt-secret").inner_text().strip()
    return code, secret


def staff_page(browser: Browser, base: str, username: str, lang: str = "en") -> Page:
    page = new_page(browser, lang)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", conftest.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/console/")  # staff land on their to-do page
    return page


def act(
    page: Page, base: str, code: str, action: str, fields: dict[str, str], lang: str = "en"
) -> None:
    """Open the case in the console, open one action and submit it."""
    page.goto(f"{base}/console/grievances/case/{code}/")
    box = page.locator(f"details#action-{action}")
    box.locator("summary").click()
    for selector, value in fields.items():
        target = box.locator(selector)
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    box.locator("button[type=submit]").click()
    expect(page.locator("ul.messages")).to_contain_text(tr(lang, "Saved."))


def track(page: Page, base: str, code: str, secret: str) -> None:
    page.goto(f"{base}/track/")
    page.fill("#id_code", code)
    page.fill("#id_secret", secret)
    page.click("form.portal-form button[type=submit]")
    page.wait_for_url(f"{base}/track/*/")


def tr(lang: str, text: str) -> str:
    """What a user of `lang` reads for the English source text."""
    with translation.override(lang):
        return translation.gettext(text)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_person_submits_staff_reply_and_the_person_rates_and_asks_for_review(
    live_server: Any, cast: Any, browser: Browser, lang: str
) -> None:
    base = live_server.url
    assert lang == "en" or tr(lang, "Closed") != "Closed", "the Chinese catalogue is missing"

    # 1. A person submits through the portal and writes down the code and secret.
    person = new_page(browser, lang)
    code, secret = submit_grievance(person, base, cast, "三车间加班费未按时发放")
    assert len(secret) == 8 and Grievance.objects.get(code=code).complainant is not None

    # 2. Staff work the case in the console.
    handler = staff_page(browser, base, "handler", lang)
    act(handler, base, code, "accept", {"#id_accept-reasons": "属于本单位职责范围"}, lang)
    leader = staff_page(browser, base, "leader", lang)
    act(
        leader,
        base,
        code,
        "assign",
        {"#id_assign-owner": str(cast.leader.pk), "#id_assign-handler": str(cast.handler.pk)},
        lang,
    )
    act(
        handler,
        base,
        code,
        "contact",
        {"#id_contact-kind": "visit", "#id_contact-place": "三车间", "#id_contact-summary": "走访"},
        lang,
    )
    act(
        leader,
        base,
        code,
        "reply",
        {
            "#id_reply-facts": FACTS,
            "#id_reply-decision": DECISION,
            "#id_reply-reasons": "加班费应按月足额支付。",
            "#id_reply-policy": "《工资支付暂行规定》第十三条",
        },
        lang,
    )
    assert Grievance.objects.get(code=code).state == State.REPLIED

    # 3. On another device, the person tracks the case (typed loosely) and reads the reply.
    device = new_page(browser, lang)
    track(device, base, code.replace("-", "").lower(), secret.lower())
    expect(device.locator("article.reply")).to_contain_text(FACTS)
    expect(device.locator("article.reply")).to_contain_text(DECISION)
    expect(device.locator("body")).not_to_contain_text("Lena")

    # 4. Not satisfied: rate, then ask for a review.
    device.check("input[name=rate-rating][value=dissatisfied]")
    device.fill("#id_rate-comment", "补发金额不对")
    device.click("#rate button[type=submit]")
    expect(device.locator("ul.messages")).to_contain_text(
        tr(lang, "Thank you. Your rating has been recorded.")
    )
    expect(device.locator("#case-state")).to_have_text(tr(lang, "Closed"))
    device.fill("#id_review-reason", "少算了周末加班，请上级复查。")
    device.click("#review button[type=submit]")
    expect(device.locator("#case-state")).to_have_text(tr(lang, "Under review"))
    expect(device.locator("body")).to_contain_text("Branch A" if lang == "en" else "一分公司")
    expect(device.locator("html")).to_have_attribute("lang", "en" if lang == "en" else "zh-Hans")

    g = Grievance.objects.get(code=code)
    assert g.state == State.UNDER_REVIEW and g.rating == "dissatisfied"


def test_the_portal_works_in_chinese(live_server: Any, cast: Any, browser: Browser) -> None:
    base = live_server.url
    page = new_page(browser)
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("#lang-select", "zh-hans")
    page.click("form.lang button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"

    mo = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with translation.override("zh-hans"):
        word = translation.gettext("Track your case")
    if mo.exists() and word != "Track your case":
        expect(page.locator("nav.main")).to_contain_text(word)

    code, secret = submit_grievance(page, base, cast, "食堂卫生问题")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    track(page, base, code, secret)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    expect(page.locator("h1")).to_contain_text("食堂卫生问题")
    expect(page.locator("#case-state")).to_have_text(_in_chinese("Received"))


def _in_chinese(text: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(text)
