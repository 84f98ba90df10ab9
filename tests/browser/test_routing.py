"""A portal grievance left at the top unit reaches the workshop's queue by a routing rule, in
a real browser: the person submits without choosing a unit, and the workshop's clerk finds
the case in the unit queue, not tagged skip-level."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from grievances.models import Grievance, RoutingRule
from tests.browser.test_full_flow import new_page, staff_page, tr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_portal_grievance_left_at_the_top_reaches_the_workshops_queue_by_rule(
    live_server: Any, cast: Any, browser: Browser, lang: str
) -> None:
    RoutingRule.objects.create(
        category=cast.category, place="一车间, Workshop A1", unit=cast.workshop
    )
    base = live_server.url

    # 1. The person does not know which unit is concerned: the unit stays at the top.
    person = new_page(browser, lang)
    person.goto(f"{base}/submit/")
    top = person.locator("#id_unit option:checked")
    expect(top).to_have_attribute("value", str(cast.hq.pk))
    person.select_option("#id_kind", "complaint")
    person.select_option("#id_category", str(cast.category.pk))
    person.fill("#id_subject", "一车间甲班十月加班费未发")
    person.fill("#id_description", "十月份的加班费到现在还没有发，甲班二十多人都受影响。")
    person.fill("#id_location", "一车间甲班" if lang == "zh-hans" else "Workshop A1, shift A")
    person.check("input[name=identity_mode][value=anonymous]")
    person.click("form.portal-form button[type=submit]")
    expect(person.locator("#receipt-code")).to_be_visible()
    code = person.locator("#receipt-code").inner_text().strip()

    # 2. The workshop's clerk sees it in the unit queue, with no skip-level tag.
    clerk = staff_page(browser, base, "clerk", lang)
    clerk.goto(f"{base}/console/grievances/queue/")
    row = clerk.locator("tbody tr", has_text=code)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("一车间甲班十月加班费未发")
    expect(row.locator(".tag.skip")).to_have_count(0)

    # 3. The case page says where it came in and where it was sent.
    clerk.goto(f"{base}/console/grievances/case/{code}/")
    expect(clerk.locator("li.ev-routed")).to_contain_text(tr(lang, "Sent to the unit responsible"))

    g = Grievance.objects.get(code=code)
    assert (g.unit, g.arrival_unit, g.routed, g.is_skip_level) == (
        cast.workshop,
        cast.hq,
        True,
        False,
    )
