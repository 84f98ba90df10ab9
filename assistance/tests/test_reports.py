"""The assistance reports: the tables say what the register and the ledger hold, for the
reader's units, and each exports to xlsx; the scorecard has an assistance section."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import openpyxl
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assistance import lifecycle
from assistance.reports import tables
from assistance.scoping import visible_households
from assistance.tests.helpers import household, programme, to_state
from conftest import PASSWORD


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _year() -> tuple[Any, Any]:
    today = timezone.localdate()
    start = timezone.make_aware(timezone.datetime(today.year, 1, 1))
    end = timezone.make_aware(timezone.datetime(today.year + 1, 1, 1))
    return start, end


def _by_name(user: Any) -> dict[str, Any]:
    start, end = _year()
    return {t.name: t for t in tables(visible_households(user), start, end, timezone.localdate())}


def test_the_tables_count_households_applications_spending_and_objections(cast: Any) -> None:
    p = programme(cast)
    paid = to_state(cast, "paid", p=p, amount="1500")
    noticed = to_state(cast, "on_notice", p=p)
    o, _again = lifecycle.lodge_objection(noticed, text="有车")
    lifecycle.answer_objection(o, by=cast.handler, answer="属实", upheld=True)
    lifecycle.lodge_objection(noticed, text="再核实")
    closed = household(cast)
    lifecycle.close_household(closed, by=cast.handler, reason="困难解除")
    household(cast, unit=cast.branch_b, by=cast.outsider)  # not the handler's unit

    t = _by_name(cast.handler)
    assert t["households"].rows == [["Workshop A1", 3, 1, 1]]
    (row,) = t["applications"].rows
    cols = [str(c) for c in t["applications"].columns]
    assert row[0] == "医疗救助"
    assert row[cols.index("On public notice")] == 1 and row[cols.index("Paid")] == 1
    # Both went through the visit, the committee and the notice; one was decided.
    assert all(v is not None for v in row[-4:])
    (spend,) = t["spending"].rows
    assert spend[0] == "医疗救助" and spend[2] == p.budget
    assert spend[3] == spend[4] == paid.payments.get().amount
    assert spend[5] == p.budget - spend[3]
    assert t["objections"].rows == [["Workshop A1", "医疗救助", 2, 1, 1]]
    # The outsider sees their own household only, and none of the workshop's figures.
    other = _by_name(cast.outsider)
    assert other["households"].rows == [["Branch B", 1, 0, 0]]
    assert other["objections"].rows == [] and other["applications"].rows == []


def test_re_verification_on_time_late_and_overdue(cast: Any) -> None:
    p = programme(cast)
    on_time = to_state(cast, "approved", p=p)
    late = to_state(cast, "approved", p=p)
    overdue = to_state(cast, "approved", p=p)
    assert on_time.next_check and late.next_check and overdue.next_check
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=364)):
        lifecycle.reverify(on_time, by=cast.handler, outcome="continue", reasons="仍困难")
    with time_machine.travel(start + timedelta(days=380)):
        lifecycle.reverify(late, by=cast.handler, outcome="continue", reasons="仍困难")
        today = timezone.localdate()
        begin = timezone.now() - timedelta(days=400)
        (row,) = tables(visible_households(cast.handler), begin, timezone.now(), today)[3].rows
    assert row == ["Workshop A1", 2, 1, 1, 1]


def test_the_page_shows_each_table_and_exports_it(cast: Any) -> None:
    to_state(cast, "paid", p=programme(cast), amount="1500")
    c = _client(cast.leader)
    page = c.get(reverse("assistance:reports"))
    html = page.content.decode()
    assert page.status_code == 200 and "Spending against budget" in html and "医疗救助" in html
    for name in ("households", "applications", "spending", "reverification", "objections"):
        assert f"table={name}" in html
    year = timezone.localdate().year
    r = c.get(reverse("assistance:reports"), {"year": year, "table": "spending", "export": "xlsx"})
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert sheet.cell(1, 1).value == "Programme" and sheet.cell(2, 1).value == "医疗救助"
    assert float(sheet.cell(2, 4).value) == 1500
    assert (
        c.get(reverse("assistance:reports"), {"table": "nope", "export": "xlsx"}).status_code == 404
    )
    bad = c.get(reverse("assistance:reports"), {"year": "abc"})
    assert bad.status_code == 400 and "whole number" in bad.content.decode().lower()


def test_the_scorecard_has_an_assistance_section(cast: Any) -> None:
    to_state(cast, "paid", p=programme(cast), amount="1500")
    c = _client(cast.head)
    html = c.get(reverse("grievances:scorecard")).content.decode()
    assert "Hardship assistance" in html and "Paid in the period (yuan)" in html
    r = c.get(reverse("grievances:scorecard"), {"export": "xlsx", "section": "assistance"})
    data = b"".join(r.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    headers = [sheet.cell(1, i).value for i in range(1, 10)]
    assert r.status_code == 200 and "Paid in the period (yuan)" in headers
    paid = headers.index("Paid in the period (yuan)") + 1
    # The workshop's row (in Branch A's subtree) and the total both count the payment.
    values = [sheet.cell(i, paid).value for i in range(2, sheet.max_row + 1)]
    assert values.count(1500) >= 2, values
