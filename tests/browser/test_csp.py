"""The Content-Security-Policy in a real browser: the portal, the console, the admin and the
API docs (Swagger UI, served from drf-spectacular-sidecar) work with it and break none of its
rules, and an inline script does not run."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_full_flow import (
    new_page,
    staff_page,
    submit_grievance,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page: Page) -> list[str]:
    """Every complaint of the browser about the policy, and every script error."""
    seen: list[str] = []
    page.on(
        "console",
        lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: seen.append(f"page error: {e}"))
    return seen


def test_the_pages_work_under_the_policy_and_break_none_of_its_rules(
    live_server: Any,
    cast: Any,
    browser: Browser,
) -> None:
    base = live_server.url
    person = new_page(browser)
    complaints = watch(person)
    person.goto(f"{base}/")
    code, secret = submit_grievance(person, base, cast, "食堂卫生问题")
    assert code and secret
    person.goto(f"{base}/track/")

    handler = staff_page(browser, base, "handler")
    complaints += watch(handler)
    handler.goto(f"{base}/console/grievances/case/{code}/")
    expect(handler.locator("body")).to_contain_text(code)
    handler.goto(f"{base}/admin/login/")

    docs = new_page(browser)
    complaints += watch(docs)
    docs.goto(f"{base}/api/v1/docs/")
    # Swagger UI ran: it fetched the schema and drew the operations.
    expect(docs.locator("#swagger-ui .opblock").first).to_be_visible()
    expect(docs.locator("#swagger-ui")).to_contain_text("/api/v1/grievances/")
    assert complaints == []


def test_an_inline_script_does_not_run(
    live_server: Any,
    cast: Any,
    browser: Browser,
) -> None:
    page = new_page(browser)
    complaints = watch(page)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.inlineRan = true;";
            document.body.appendChild(s);
            const b = document.createElement("button");
            b.setAttribute("onclick", "window.handlerRan = true;");
            document.body.appendChild(b);
            b.click();
        }"""
    )
    assert page.evaluate("() => [window.inlineRan === true, window.handlerRan === true]") == [
        False,
        False,
    ]
    expect_complaint = [c for c in complaints if "script-src" in c]
    assert expect_complaint, complaints
