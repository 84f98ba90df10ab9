"""Exporting the staff lists to xlsx and CSV: the queue, my cases, the supervised cases, the
to-do list and the scorecard. Each file opens, its headers are in the user's language, its
rows are the ones the list shows (scope and filters) and no raw choice value is in it."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from grievances import lifecycle
from grievances.models import Kind, State
from grievances.tests.helpers import at, frozen, received, replied

RAW_VALUES = {s.value for s in State} | {k.value for k in Kind} | {"accept", "resolve"}


def _client(user, lang="zh-hans"):
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def xlsx_rows(response) -> list[list[object]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(data), read_only=True).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _no_raw_values(rows):
    cells = {str(c) for row in rows for c in row if c is not None}
    assert not cells & RAW_VALUES, cells & RAW_VALUES


@pytest.fixture
def cases(cast):
    a = received(cast, received_at=at(2026, 3, 2), subject="加班费未发放")
    b = received(cast, received_at=at(2026, 3, 5), kind=Kind.HELP, subject="申请困难补助")
    with frozen(2026, 3, 6):
        lifecycle.accept(b, by=cast.handler)
    other = received(cast, received_at=at(2026, 3, 6), unit=cast.branch_b, subject="二分公司的事")
    return {"a": a, "b": b, "other": other}


def test_the_queue_exports_to_xlsx_in_chinese_with_its_filters(cast, cases):
    c = _client(cast.handler)
    rows = xlsx_rows(c.get("/console/grievances/queue/?state=accepted&export=xlsx"))
    header, body = rows[0], rows[1:]
    assert header == [
        "信访编号", "标题", "标记", "问题类别", "单位", "状态", "包案领导", "已登记", "下一期限",
        "期限事项",
    ]  # fmt: skip
    assert [r[0] for r in body] == [cases["b"].code]  # the filter holds
    assert body[0][5] == "已受理"  # the state, translated
    _no_raw_values(rows)


def test_the_queue_export_has_every_row_of_every_page_and_nothing_outside_scope(cast, cases):
    rows = xlsx_rows(_client(cast.handler).get("/console/grievances/queue/?export=xlsx"))
    codes = {r[0] for r in rows[1:]}
    assert codes == {cases["a"].code, cases["b"].code}  # not Branch B's case
    outsider = xlsx_rows(_client(cast.outsider).get("/console/grievances/queue/?export=xlsx"))
    assert {r[0] for r in outsider[1:]} == {cases["other"].code}


def test_dates_are_real_dates_in_local_time(cast):
    # 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai: the list says the 2nd.
    from datetime import UTC, datetime

    g = received(cast, received_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    rows = xlsx_rows(_client(cast.handler).get("/console/grievances/queue/?export=xlsx"))
    body = rows[1:]
    received_col = rows[0].index("已登记")
    row = next(r for r in body if r[0] == g.code)
    assert row[received_col].date() == date(2026, 3, 2)
    page = _client(cast.handler).get("/console/grievances/queue/").content.decode()
    assert "2026-03-02" in page


def test_the_queue_exports_to_csv_with_a_bom_in_english(cast, cases):
    rows = csv_rows(_client(cast.handler, "en").get("/console/grievances/queue/?export=csv"))
    assert rows[0][:2] == ["Receipt code", "Subject"]
    assert {r[0] for r in rows[1:]} == {cases["a"].code, cases["b"].code}
    assert any("Accepted" in r for r in rows[1:])
    _no_raw_values(rows)


def test_a_formula_in_a_subject_stays_text(cast):
    g = received(cast, subject='=HYPERLINK("http://example.org","点我")')
    c = _client(cast.handler)
    rows = csv_rows(c.get("/console/grievances/queue/?export=csv"))
    assert [r[1] for r in rows[1:] if r[0] == g.code] == ["'" + g.subject]
    x = xlsx_rows(c.get("/console/grievances/queue/?export=xlsx"))
    assert [r[1] for r in x[1:] if r[0] == g.code] == [g.subject]  # a string cell, not a formula


def test_my_cases_and_the_supervised_list_export_their_own_rows(cast, cases):
    g = replied(cast, subject="我负责的事")
    mine = xlsx_rows(_client(cast.leader).get("/console/grievances/?export=xlsx"))
    assert {r[0] for r in mine[1:]} == {g.code}
    urgent = received(cast, subject="督办的事")
    lifecycle.supervise(urgent, by=cast.head, instructions="请尽快处理", due=urgent.accept_due)
    sup = xlsx_rows(_client(cast.head).get("/console/grievances/supervised/?export=xlsx"))
    assert {r[0] for r in sup[1:]} == {urgent.code}
    assert "督办" in sup[1][2]  # the tag the list shows


def test_the_list_page_offers_the_exports_with_its_filters(cast, cases):
    page = _client(cast.handler).get("/console/grievances/queue/?state=accepted").content
    assert b"?state=accepted&amp;export=xlsx" in page
    assert b"?state=accepted&amp;export=csv" in page


def test_the_todo_list_exports_what_waits_on_the_user(cast, cases):
    rows = xlsx_rows(_client(cast.handler).get("/console/todo/?export=xlsx"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["待办", "案件", "单位", "办理时限"]
    titles = [r[1] for r in body]
    assert any(cases["a"].code in t for t in titles)
    assert not any(cases["other"].code in t for t in titles)
    assert "作出受理决定" in {r[0] for r in body}
    _no_raw_values(rows)


def test_the_scorecard_exports_its_rows_and_total(cast, cases):
    c = _client(cast.chief)
    url = f"/console/grievances/scorecard/?unit={cast.hq.pk}&start=2026-01-01&end=2026-12-31"
    rows = xlsx_rows(c.get(url + "&export=xlsx"))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["单位", "已登记"]
    assert [r[0] for r in body] == ["一分公司", "二分公司", "集团总部"]  # children, then total
    assert [r[1] for r in body] == [2, 1, 3]
    page = c.get(url).content.decode()
    assert "export=xlsx" in page and "start=2026-01-01" in page


def test_an_unknown_format_shows_the_page(cast, cases):
    response = _client(cast.handler).get("/console/grievances/queue/?export=pdf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_search_results_export_in_their_ranked_order_with_the_matching_text(cast):
    title = received(cast, subject="加班费未发放", description="十月份的钱还没有发。")
    text = received(cast, subject="工资问题", description="三车间的加班费到现在还没有发。")
    outside = received(cast, unit=cast.branch_b, subject="加班费", description="二分公司。")
    c = _client(cast.handler)
    rows = xlsx_rows(c.get("/console/search/?q=加班费&export=xlsx"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["信访编号", "标题", "匹配内容", "标记"]
    assert [r[0] for r in body] == [title.code, text.code]  # the subject ranks first; scope
    assert outside.code not in {r[0] for r in body}
    assert "三车间的加班费" in body[1][2]  # the text around the word, without markup
    assert "<mark>" not in str(body[1][2])
    assert body[0][header.index("状态")] == "已登记"
    # The export shows the local (Shanghai) date, which is not the UTC one in the evening.
    assert body[0][header.index("已登记")].date() == timezone.localdate(title.received_at)
    _no_raw_values(rows)


def test_search_results_export_to_csv_with_the_filters_and_the_page_links_to_it(cast):
    a = received(cast, subject="宿舍漏水", description="楼顶漏水。")
    b = received(cast, subject="宿舍漏水又来了", description="还是漏水。")
    with frozen(2026, 3, 6):
        lifecycle.accept(b, by=cast.handler)
    c = _client(cast.handler, "en")
    rows = csv_rows(c.get("/console/search/?q=宿舍漏水&state=accepted&export=csv"))
    assert rows[0][:3] == ["Receipt code", "Subject", "Matching text"]
    assert [r[0] for r in rows[1:]] == [b.code]  # the state filter holds
    assert a.code not in {r[0] for r in rows[1:]}
    page = c.get("/console/search/?q=宿舍漏水&state=accepted").content.decode()
    assert "state=accepted&amp;export=xlsx" in page and "export=csv" in page
    nothing = c.get("/console/search/?q=无此内容&export=xlsx")
    assert xlsx_rows(nothing)[1:] == []  # no match: the headers alone, not an error
