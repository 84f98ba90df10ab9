"""A branch head with the interface in Chinese changes the scorecard's period with the date
inputs and reads the figures for the new period (the inputs were blank in Chinese)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, expect

from grievances import lifecycle
from grievances.tests.helpers import at
from minsheng.workdays import local_date
from tests.browser.test_full_flow import staff_page, tr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_branch_head_changes_the_scorecard_period_in_chinese(
    live_server: Any,
    cast: Any,
    browser: Browser,
) -> None:
    today = local_date()
    first = (today - timedelta(days=180)).replace(day=1)  # a month well inside the last year
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    # Three cases received in that month (one accepted in time), one just after it and one
    # just before it, by the local clock: the year's card counts five, the month's three.
    month = [
        cast.submit(received_at=at(d.year, d.month, d.day, h, m))[0]
        for d, h, m in ((first, 0, 5), (first + timedelta(days=9), 10, 0), (last, 23, 55))
    ]
    after, before = last + timedelta(days=1), first - timedelta(days=1)
    cast.submit(received_at=at(after.year, after.month, after.day, 0, 5))
    cast.submit(received_at=at(before.year, before.month, before.day, 23, 55))
    with time_machine.travel(at(first.year, first.month, first.day + 1), tick=False):
        lifecycle.accept(month[0], by=cast.handler)
    base = live_server.url
    page = staff_page(browser, base, "head", "zh-hans")
    page.goto(f"{base}/console/grievances/scorecard/")
    expect(page.locator("h1")).to_contain_text("单位考核")
    start, end = page.locator("#id_start"), page.locator("#id_end")
    # The inputs hold the default period, the last year (ISO: all a date input takes).
    expect(start).to_have_value((today - timedelta(days=364)).isoformat())
    expect(end).to_have_value(today.isoformat())
    total = page.locator("table.scorecard tfoot td").first
    expect(total).to_have_text("5")
    start.fill(first.isoformat())
    end.fill(last.isoformat())
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_url("**/scorecard/?*start=*")
    expect(start).to_have_value(first.isoformat())
    expect(end).to_have_value(last.isoformat())
    expect(total).to_have_text("3")
    help_text = page.locator("p.help").first
    expect(help_text).to_contain_text(first.isoformat())
    expect(help_text).to_contain_text(last.isoformat())
    assert tr("zh-hans", "Received") in page.locator("table.scorecard thead").first.inner_text()
    # One of the three was accepted in time; the two others are past their deadline.
    expect(page.locator("table.scorecard tfoot td").nth(1)).to_have_text("33.3%")
