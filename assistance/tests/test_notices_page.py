"""The public notice page is built again whenever what is on notice changes: published,
refused, its period over. (The page keeps its table between requests: assistance/public.py.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client

from assistance import lifecycle
from assistance.tests.helpers import household, to_state


def _page() -> str:
    return Client().get("/notices/").content.decode()


def test_the_page_follows_every_change_to_what_is_on_notice(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    html = _page()
    assert a.code in html
    b = to_state(cast, "on_notice", h=household(cast))
    assert a.code in _page() and b.code in _page()
    lifecycle.refuse(a, by=cast.leader, reasons="公示期间查实不符合条件")
    html = _page()
    assert a.code not in html and b.code in html
    b.refresh_from_db()
    assert b.notice_ends is not None
    with time_machine.travel(b.notice_ends + timedelta(seconds=1)):
        assert b.code not in _page()
    assert b.code in _page()


def test_each_language_gets_its_own_table(cast: Any) -> None:
    to_state(cast, "on_notice")
    english = Client(headers={"accept-language": "en"}).get("/notices/").content.decode()
    chinese = Client(headers={"accept-language": "zh-hans"}).get("/notices/").content.decode()
    assert cast.workshop.name_en and cast.workshop.name_en in english
    assert cast.workshop.name in chinese and cast.workshop.name_en not in chinese
