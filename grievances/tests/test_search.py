"""The console's search: what it finds, for whom, ranked and highlighted, kept current by the
database's triggers, and what it does with input that is not a query. Runs on SQLite (FTS5
trigram) and on PostgreSQL (pg_trgm) alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grievances import lifecycle
from grievances.models import EventKind, Grievance, State
from grievances.search import parse, search
from grievances.tests.helpers import accepted, assigned, received
from orgs.models import Unit


@pytest.fixture(autouse=True, params=["walk", "bitmap"])
def pg_plan(request, monkeypatch):
    """On PostgreSQL the search either walks the documents newest first or reads the matches
    through the indexes (grievances.search._walk_is_cheaper): every test runs both ways."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if request.param == "bitmap":
            pytest.skip("PostgreSQL only")
        return request.param
    monkeypatch.setattr(
        "grievances.search._walk_is_cheaper", lambda *a, **k: request.param == "walk"
    )
    return request.param


def found(user, q, **filters):
    return [r["code"] for r in search(user, {"q": q, **filters}).rows]


@pytest.fixture
def wages(cast):
    return received(
        cast,
        subject="工资发放问题",
        description="三车间已经拖欠了三个月工资，家里生活很困难。",
    )


@pytest.fixture
def canteen(cast):
    return received(
        cast,
        subject="Canteen prices",
        description="The canteen raised its prices again while the portions got smaller.",
    )


def test_a_word_of_the_description_finds_the_case_in_chinese_and_english(cast, wages, canteen):
    assert found(cast.leader, "生活很困难") == [wages.code]
    assert found(cast.leader, "portions") == [canteen.code]
    assert found(cast.leader, "PORTIONS smaller") == [canteen.code]  # any case, any order


def test_two_and_one_character_words_are_found(cast, wages, canteen):
    assert found(cast.leader, "工资") == [wages.code]
    assert found(cast.leader, "家") == [wages.code]


def test_words_typed_together_in_chinese_are_found_apart(cast, wages, canteen):
    """拖欠工资 finds a case whose text says 拖欠了三个月工资: the run is read as 拖欠 + 工资."""
    assert parse("拖欠工资").terms == ("拖欠", "工资")
    assert found(cast.leader, "拖欠工资") == [wages.code]
    assert found(cast.leader, "工资 拖欠") == [wages.code]


def test_every_word_must_appear(cast, wages, canteen):
    assert found(cast.leader, "工资 canteen") == []
    assert found(cast.leader, "拖欠工资 食堂") == []


def test_a_word_of_a_reply_finds_the_case(cast, wages):
    g = assigned(cast, subject="宿舍漏水", description="宿舍楼三层卫生间漏水。")
    assert found(cast.leader, "维修班组") == []
    lifecycle.reply(
        g,
        by=cast.leader,
        facts="经现场查看，问题确实存在。",
        decision="已安排维修班组处理。",
        reasons="根据后勤管理规定。",
        policy="Dormitory maintenance rules",
    )
    assert found(cast.leader, "维修班组") == [g.code]
    assert found(cast.leader, "maintenance") == [g.code]


def test_a_contact_note_finds_the_case_as_soon_as_it_is_logged(cast, wages):
    g = assigned(cast, subject="班车调整", description="班车线路调整后上下班不便。")
    assert found(cast.leader, "职工代表") == []
    lifecycle.log_contact(g, by=cast.handler, kind=EventKind.DIALOGUE, summary="与职工代表座谈")
    lifecycle.log_contact(g, by=cast.handler, kind=EventKind.NOTE, summary="Payroll confirmed")
    assert found(cast.leader, "职工代表") == [g.code]
    assert found(cast.leader, "payroll") == [g.code]


def test_an_edited_subject_is_searched_at_once(cast, wages):
    """The index is the database's: a change made outside the actions (the admin, a repair
    script) is indexed as well."""
    Grievance.objects.filter(pk=wages.pk).update(subject="住房补贴申请")
    assert found(cast.leader, "住房补贴") == [wages.code]
    assert found(cast.leader, "发放问题") == []


def test_a_reply_to_a_collective_case_finds_the_cases_merged_into_it(cast):
    primary = accepted(cast, subject="加班费未发放")
    other = received(cast, subject="十月加班费", description="加班费还没有发。")
    lifecycle.merge(primary, [other], by=cast.leader)
    lifecycle.assign(primary, by=cast.leader, owner=cast.leader, handler=cast.handler)
    lifecycle.reply(
        primary,
        by=cast.leader,
        facts="查明加班费未发放。",
        decision="月底前由财务部门补发。",
        reasons="依照薪酬制度。",
    )
    assert sorted(found(cast.leader, "财务部门")) == sorted([primary.code, other.code])


def test_an_outsider_finds_nothing_of_another_unit(cast, wages):
    assert found(cast.head, "工资") == [wages.code]
    assert found(cast.outsider, "工资") == []
    assert found(cast.outsider, "生活很困难") == []


def test_the_queue_filters_apply(cast, wages):
    other = received(cast, subject="工资条有误", description="工资条上的加班时间少算了。")
    lifecycle.accept(other, by=cast.handler)
    assert sorted(found(cast.leader, "工资")) == sorted([wages.code, other.code])
    assert found(cast.leader, "工资", state=State.ACCEPTED) == [other.code]
    assert found(cast.leader, "加班时间", state=State.RECEIVED) == []
    # A nonsense filter is reported on the form and ignored, never an error.
    result = search(cast.leader, {"q": "工资", "state": "nonsense"})
    assert result.form.errors and len(result.rows) == 2


def test_filters_besides_the_state_apply_with_the_scope(cast, wages):
    """A filter the search document does not carry (the unit, the kind) is applied on the case
    row, together with the scope."""
    elsewhere = received(
        cast, unit=cast.branch_b, subject="工资条有误", description="生活很困难，工资少发。"
    )
    assert found(cast.head, "生活很困难") == [wages.code]  # not Branch B's case
    assert found(cast.head, "生活很困难", unit=cast.workshop.pk) == [wages.code]
    assert found(cast.head, "生活很困难", kind=wages.kind) == [wages.code]
    assert found(cast.outsider, "生活很困难", kind=wages.kind) == [elsewhere.code]
    assert found(cast.chief, "生活很困难", unit=cast.branch_b.pk) == [elsewhere.code]


def test_a_change_of_state_is_searched_with_its_new_state_at_once(cast, wages):
    """The state filter is applied as the case is now, step after step (on PostgreSQL the
    search document keeps a copy of the state, which the case's trigger updates)."""
    assert found(cast.leader, "生活很困难", state=State.RECEIVED) == [wages.code]
    lifecycle.accept(wages, by=cast.handler)
    assert found(cast.leader, "生活很困难", state=State.RECEIVED) == []
    assert found(cast.leader, "生活很困难", state=State.ACCEPTED) == [wages.code]
    Grievance.objects.filter(pk=wages.pk).update(state=State.CLOSED)
    assert found(cast.leader, "生活很困难") == []  # closed cases only when asked for
    assert found(cast.leader, "生活很困难", closed="on") == [wages.code]
    assert found(cast.leader, "生活很困难", state=State.CLOSED, closed="on") == [wages.code]
    assert found(cast.leader, "生活很困难", state=State.CLOSED) == []


def test_a_word_in_the_subject_ranks_above_a_word_in_the_text(cast):
    text_only = received(cast, subject="班车调整", description="另外食堂的饭菜也变差了。")
    in_subject = received(cast, subject="食堂饭菜质量", description="价格上涨，质量下降。")
    assert found(cast.leader, "食堂饭菜") == [in_subject.code, text_only.code]


def test_the_highlight_escapes_what_people_wrote(cast):
    received(
        cast,
        subject="<script>alert(1)</script> 工资",
        description='<b onclick="alert(2)">工资</b> & more',
    )
    row = search(cast.leader, {"q": "工资"}).rows[0]
    assert str(row["subject_html"]) == ("&lt;script&gt;alert(1)&lt;/script&gt; <mark>工资</mark>")
    assert str(row["snippet"]) == (
        "&lt;b onclick=&quot;alert(2)&quot;&gt;<mark>工资</mark>&lt;/b&gt; &amp; more"
    )


BAD_QUERIES = [
    "工" * 10_000,
    "x" * 10_000,
    "!!! ??? 。，、；：“”（）",
    "   ",
    '"',
    '"工资',
    "' OR 1=1 --",
    "'; DROP TABLE grievances_grievance; --",
    "工资 NEAR(拖欠 工资, 2)",
    "NEAR",
    "*",
    "工*",
    "工资 OR 1",
    "AND OR NOT",
    "(工资",
    "subject:工资",
    "^工资",
    "%",
    "_",
    "\\",
    "\x00",
    "\ud800",  # a lone surrogate (the API's old 500)
]


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_input_that_is_not_a_query_gives_a_sensible_answer_not_an_error(cast, wages, client, q):
    result = search(cast.leader, {"q": q})
    assert all(r["code"] == wages.code for r in result.rows)
    client.force_login(cast.leader)
    response = client.get(reverse("search:results"), {"q": q.encode("utf-8", "replace")})
    assert response.status_code == 200


def test_bytes_that_are_not_utf8_in_the_address_are_no_error(cast, wages, client):
    client.force_login(cast.leader)
    url = reverse("search:results")
    assert client.get(f"{url}?q=%ED%A0%80%FF&state=%FF").status_code == 200


def test_syntax_is_read_as_words(cast, wages):
    assert found(cast.leader, '"工资') == [wages.code]
    assert found(cast.leader, "(工资) 困难* ^生活:") == [wages.code]
    # AND, OR, NOT and NEAR are words like any other: every word must appear.
    assert found(cast.leader, "工资 OR 困难") == []
    assert found(cast.leader, "subject:工资") == []  # "subject" is a word that is not there


def test_the_results_page_shows_the_case_with_the_word_marked(cast, wages, client):
    client.force_login(cast.leader)
    response = client.get(reverse("search:results"), {"q": "拖欠工资"})
    html = response.content.decode()
    assert wages.code in html
    assert "<mark>拖欠</mark>了三个月<mark>工资</mark>" in html


def test_the_console_header_has_the_search_box(cast, client):
    client.force_login(cast.clerk)
    html = client.get(reverse("todo")).content.decode()
    assert f'action="{reverse("search:results")}"' in html
    assert 'name="q"' in html


def test_the_search_page_is_staff_only(cast, client, django_user_model):
    assert client.get(reverse("search:results"), {"q": "工资"}).status_code == 302
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(reverse("search:results"), {"q": "工资"}).status_code == 403


def test_the_page_reads_in_chinese(cast, wages, client, settings):
    client.force_login(cast.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("search:results"), {"q": "工资"}).content.decode()
    assert "搜索" in html and "共1件" in html
    assert ">Search<" not in html and "1 case" not in html and "most recently" not in html
    assert "只在最近登记的" in html


def test_a_case_moved_to_another_unit_is_found_there_at_once(cast, wages):
    """The scope the search reads is kept with the case: moved (here outside the actions, as
    the admin would), the case is found at once by the unit that receives it."""
    assert found(cast.outsider, "生活很困难") == []
    branch_b = Unit.objects.get(code="B")
    Grievance.objects.filter(pk=wages.pk).update(unit=branch_b)
    assert found(cast.outsider, "生活很困难") == [wages.code]
    assert found(cast.outsider, "工资") == [wages.code]  # the bounded scan as well
