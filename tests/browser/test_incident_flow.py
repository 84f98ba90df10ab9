"""An incident report in a real browser: the duty officer files the initial report on a
phone at night, the duty leader acknowledges it, and the officer files the final report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

import conftest
from duty.models import Alert, Incident, Shift

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def login(browser: Browser, base: str, username: str, *, phone: bool = False):
    context = browser.new_context(locale="en-US", viewport=PHONE if phone else None)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", conftest.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/console/")
    return page


def test_file_acknowledge_and_close_an_incident(browser, live_server, cast):
    now = timezone.now()
    Shift.objects.create(
        unit=cast.workshop, starts=now - timedelta(hours=2), ends=now + timedelta(hours=10),
        officer=cast.handler, leader=cast.leader,
    )  # fmt: skip
    base = live_server.url
    officer = login(browser, base, "handler", phone=True)
    officer.goto(f"{base}/console/duty/incidents/new/")
    local = timezone.localtime(now - timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M")
    officer.select_option("#id_unit", str(cast.workshop.pk))
    officer.fill("#id_title", "配电房跳闸停电")
    officer.select_option("#id_kind", "outage")
    officer.select_option("#id_severity", "3")
    officer.fill("#id_place", "二号配电房")
    officer.fill("#id_occurred_at", local)
    officer.fill("#id_known_at", local)
    officer.fill("#id_people_affected", "0")
    officer.fill("#id_what_happened", "配电房跳闸，一车间停电。")
    officer.click("form.incident-form button[type=submit]")
    expect(officer.locator("ul.messages")).to_contain_text("Initial report filed")
    code = Incident.objects.get().code
    expect(officer.locator("h1")).to_contain_text(code)
    expect(officer.locator(".alert-chain")).to_contain_text("Not acknowledged yet")
    # Nothing on the phone's pages is wider than the screen.
    for url in (f"/console/duty/incidents/{code}/", "/console/duty/incidents/",
                "/console/duty/incidents/new/"):  # fmt: skip
        officer.goto(f"{base}{url}")
        width = officer.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (url, width)

    leader = login(browser, base, "leader")
    leader.goto(f"{base}/console/duty/incidents/{code}/")
    leader.locator(".alert-chain button[type=submit]").click()
    expect(leader.locator("ul.messages")).to_contain_text("Saved.")
    expect(leader.locator(".alert-chain")).to_contain_text("Acknowledged by")
    assert Alert.objects.get().acknowledged_by == cast.leader

    officer.goto(f"{base}/console/duty/incidents/{code}/")
    box = officer.locator("details#action-final")
    box.locator("summary").click()
    box.locator("textarea[name=final-what_happened]").fill("已恢复供电，无人员受伤。")
    box.locator("button[type=submit]").click()
    expect(officer.locator("ul.messages")).to_contain_text("Saved.")
    expect(officer.locator(".badges")).to_contain_text("Closed")
    assert Incident.objects.get().state == "closed"
