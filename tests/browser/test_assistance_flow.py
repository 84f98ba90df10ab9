"""Hardship assistance in a real browser: a leader takes a household's application through
the home visit, the committee and the public notice; someone objects anonymously on the
portal; the objection is answered; after the notice period the leader approves and pays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

import conftest
from assistance.models import Application, Objection, Payment
from assistance.tests.helpers import household, programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", conftest.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/console/")
    return page


def step(page: Page, name: str, fields: dict[str, str] | None = None) -> None:
    box = page.locator(f"details#action-{name}")
    box.locator("summary").click()
    for field, value in (fields or {}).items():
        target = box.locator(f"[name={field}]")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    box.locator("button[type=submit]").click()


def test_application_notice_objection_approval_and_payment(browser, live_server, cast):
    h = household(cast, head_name="张晓明", phone="13812345678")
    p = programme(cast, name="大病医疗救助")
    base = live_server.url
    leader = login(browser, base, "leader")
    leader.goto(f"{base}/console/assistance/households/{h.code}/")
    step(leader, "apply", {"programme": str(p.pk), "reason": "户主重病住院"})
    expect(leader.locator("ul.messages")).to_contain_text("opened")
    code = Application.objects.get().code
    today = timezone.localdate().isoformat()
    step(leader, "visit", {"visited_on": today, "findings": "入户核实，情况属实。"})
    expect(leader.locator(".badges")).to_contain_text("Verified by a visit")
    step(
        leader,
        "committee",
        {
            "members": "甲、乙、丙",
            "votes_for": "3",
            "votes_against": "0",
            "decision": "support",
            "reasons": "符合条件",
            "amount": "3000",
        },
    )
    expect(leader.locator(".badges")).to_contain_text("Reviewed by the committee")
    step(leader, "publish")
    expect(leader.locator(".badges")).to_contain_text("On public notice")

    public = browser.new_context(locale="en-US").new_page()
    public.goto(f"{base}/notices/")
    expect(public.locator("table.notices")).to_contain_text("张*明")
    html = public.content()
    assert "张晓明" not in html and "13812345678" not in html
    public.click(f"a[href='/notices/{code}/object/']")
    public.fill("#id_text", "该户家中有营业门面，请再核实。")
    public.click("main button[type=submit]")
    expect(public.locator("ul.messages")).to_contain_text("Your objection is received")
    assert Objection.objects.get().name == ""

    leader.goto(f"{base}/console/assistance/applications/{code}/")
    step(leader, "approve")
    expect(leader.locator("ul.messages")).to_contain_text("notice period ends")
    objection = leader.locator(".objection")
    objection.locator("[name=answer]").fill("经核查，门面已于去年转让，异议不成立。")
    objection.locator("[name=upheld]").select_option("0")
    objection.locator("button[type=submit]").click()
    expect(leader.locator(".objection")).to_contain_text("Not upheld")
    # The notice period passes.
    Application.objects.filter(code=code).update(notice_ends=timezone.now() - timedelta(minutes=1))
    leader.goto(f"{base}/console/assistance/applications/{code}/")
    step(leader, "approve")
    expect(leader.locator(".badges")).to_contain_text("Approved")
    step(leader, "pay", {"amount": "3000", "paid_on": today, "method": "bank", "reference": "ZF1"})
    expect(leader.locator(".badges")).to_contain_text("Paid")
    assert Payment.objects.get().reference == "ZF1"
