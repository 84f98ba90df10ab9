"""Search in a real browser: a staff member types a Chinese word from a case's description into
the console header's search box and sees the case with the word highlighted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grievances.tests.helpers import received
from tests.browser.test_full_flow import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_word_of_the_description_typed_in_the_header_finds_the_case(browser, live_server, cast):
    case = received(
        cast,
        subject="三车间生活困难",
        description="车间已经拖欠了三个月工资，家里生活很困难。",
    )
    received(cast, subject="食堂饭菜质量", description="饭菜价格上涨，质量下降。")
    page = staff_page(browser, live_server.url, "leader", "zh-hans")
    box = page.locator("form.header-search input[name=q]")
    box.fill("拖欠")
    box.press("Enter")
    page.wait_for_url(f"{live_server.url}/console/search/?q=*")
    rows = page.locator("table.search-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(case.code)
    mark = rows.first.locator("p.snippet mark")
    expect(mark).to_have_text("拖欠")
    expect(page.locator("h1")).to_contain_text("搜索")
