"""The duty roster prints a month on one A4 page, in Chinese, in a real browser: a month of
daily shifts with officers, leaders and duty phones, and a month of three shifts a day."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from duty.roster import PlannedShift, generate_rotation, save_roster, set_duty_phone
from tests.browser.test_full_flow import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(page: Any, url: str) -> tuple[int, str]:
    page.goto(url)
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return len(pdf.pages), "".join(p.extract_text() for p in pdf.pages)


def test_a_month_of_the_roster_prints_on_one_a4_page(
    live_server: Any, cast: Any, browser: Browser
) -> None:
    set_duty_phone(cast.handler, "138 0000 0101", by=cast.handler)
    officers, leaders = [cast.handler, cast.clerk], [cast.leader, cast.head]
    save_roster(
        cast.workshop,
        generate_rotation(
            cast.workshop,
            first_day=date(2026, 10, 1),
            days=31,
            officers=officers,
            leaders=leaders,
        ),
        by=cast.leader,
    )
    for start in (0, 8, 16):  # November (from the 2nd): three shifts a day
        plans = generate_rotation(
            cast.workshop,
            first_day=date(2026, 11, 2),
            days=29,
            officers=officers,
            leaders=leaders,
            start_hour=start,
            start_minute=30,
        )
        # Each plan runs a whole day from its hour: cut it to eight hours.
        save_roster(
            cast.workshop,
            [
                PlannedShift(p.starts, p.starts + timedelta(hours=8), p.officer, p.leader)
                for p in plans
            ],
            by=cast.leader,
        )
    base = live_server.url
    leader = staff_page(browser, base, "leader", "zh-hans")
    pages, text = _pages(leader, f"{base}/console/duty/roster/?unit=A1&month=2026-10")
    assert pages == 1
    assert "10-31" in text and "138 0000 0101" in text
    leader.emulate_media(media="screen")
    pages, text = _pages(leader, f"{base}/console/duty/roster/?unit=A1&month=2026-11")
    assert pages == 1
    assert "11-30" in text
