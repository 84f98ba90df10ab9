"""Registering a household with its members in one submission: the head's own row and
further rows (blank ones ignored), all in one transaction; a bad row is refused beside that
row and nothing is saved."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.urls import reverse

from assistance.models import Household, Member
from assistance.tests.test_pages import _client
from tests.zh_detector import english_runs

URL = reverse("assistance:register")
ID = "110101198001011111"


def _data(cast: Any, rows: list[dict[str, str]], total: int = 3) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit": cast.workshop.pk,
        "head_name": "赵六",
        "id_number": ID,
        "phone": "13900003333",
        "address": "一车间宿舍5栋101",
        "hardship_types": ["unemployment", "school_costs"],
        "consent": "本人同意",
        "head-birth_year": "1978",
        "head-health": "chronic",
        "head-employment": "unemployed",
        "head-allowance": "600",
        "members-TOTAL_FORMS": str(total),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    for i in range(total):
        row = rows[i] if i < len(rows) else {}
        blank = {"relation": "", "birth_year": "", "health": "", "employment": ""}
        for k, v in {**blank, **row}.items():
            data[f"members-{i}-{k}"] = v
    return data


SPOUSE = {"relation": "spouse", "birth_year": "1980", "employment": "employed", "wage": "1500"}
CHILD = {"relation": "child", "birth_year": "2015", "employment": "student", "disability": "on"}


def test_a_household_is_registered_with_the_head_and_two_more_members(cast: Any) -> None:
    r = _client(cast.clerk).post(URL, _data(cast, [SPOUSE, CHILD]))
    h = Household.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(h.code + "/")
    members = list(h.members.order_by("id"))
    assert [m.relation for m in members] == ["head", "spouse", "child"]
    head, spouse, child = members
    assert (head.birth_year, head.health, head.income) == (1978, "chronic", {"allowance": "600.00"})
    assert spouse.monthly_income == 1500 and spouse.health == "good"
    assert child.disability and child.employment == "student"
    # The household's personal data is not in clear in its database row.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT head_name, id_number, phone, address FROM assistance_household WHERE id = %s",
            [h.pk],
        )
        row = cursor.fetchone()
    stored = " ".join(str(v) for v in row)
    for clear in ("赵六", ID, "13900003333", "一车间宿舍"):
        assert clear not in stored
    assert h.head_name == "赵六" and h.id_number == ID


def test_a_bad_member_row_refuses_everything_and_says_which_row(cast: Any) -> None:
    bad = {"relation": "child", "birth_year": "2050", "employment": "student"}
    r = _client(cast.clerk).post(URL, _data(cast, [SPOUSE, bad]))
    html = r.content.decode()
    assert r.status_code == 400 and "The birth year cannot be after this year." in html
    # The message is inside the second member's row.
    row = html[html.index("Member 2") : html.index("Member 3")]
    assert "The birth year cannot be after this year." in row
    assert not Household.objects.exists() and not Member.objects.exists()
    half = {"relation": "parent", "birth_year": "1950"}  # no employment
    r = _client(cast.clerk).post(URL, _data(cast, [half]))
    assert r.status_code == 400 and not Household.objects.exists()
    negative = {**SPOUSE, "wage": "-1"}
    r = _client(cast.clerk).post(URL, _data(cast, [negative]))
    assert r.status_code == 400 and not Member.objects.exists()


def test_the_head_row_is_needed(cast: Any) -> None:
    data = _data(cast, [SPOUSE])
    del data["head-birth_year"]
    r = _client(cast.clerk).post(URL, data)
    assert r.status_code == 400 and not Household.objects.exists()


def test_more_rows_are_added_without_javascript_and_nothing_is_saved(cast: Any) -> None:
    c = _client(cast.clerk)
    html = c.get(URL).content.decode()
    assert 'name="members-2-birth_year"' in html and 'name="members-3-birth_year"' not in html
    r = c.post(URL, {**_data(cast, [SPOUSE]), "more": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and 'name="members-5-birth_year"' in html
    assert 'value="1980"' in html and "field-error" not in html
    assert not Household.objects.exists()
    data = _data(cast, [SPOUSE, {}, {}, CHILD], total=6)
    assert c.post(URL, data).status_code == 302
    assert Member.objects.count() == 3


def test_the_register_page_reads_in_chinese(cast: Any) -> None:
    c = _client(cast.clerk)
    c.cookies["django_language"] = "zh-hans"
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    html = c.get(URL, **zh).content.decode()
    assert "户主本人" in html and english_runs(html, allow=["Cleo Clerk"]) == []
    bad = {"relation": "child", "birth_year": "2050", "employment": "student"}
    r = c.post(URL, _data(cast, [bad]), **zh)
    html = r.content.decode()
    assert (
        r.status_code == 400
        and "出生年份不能晚于今年" in html
        and english_runs(html, allow=["Cleo Clerk"]) == []
    )


def test_a_clerk_of_one_unit_finds_it_chosen(cast: Any) -> None:
    html = _client(cast.clerk).get(reverse("assistance:register")).content.decode()
    assert f'<option value="{cast.workshop.pk}" selected>' in html
