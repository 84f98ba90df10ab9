"""Programmes administered in the console (`lifecycle.save_programme`): created and changed
by an administrator or a head of every unit covered, audited with who and what changed; a
rule that does not parse is refused beside its field and nothing is saved; "Preview" shows
who the unsaved rule would make eligible, saving nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from assistance.models import Programme
from assistance.tests.helpers import household, programme
from assistance.tests.test_pages import _client
from audit.models import AuditRecord
from tests.zh_detector import english_runs

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
NEW = reverse("assistance:programme_new")


def _data(cast: Any, **kwargs: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "助学补助",
        "kind": "education",
        "budget": "50000",
        "budget_period": "year",
        "eligibility": "has_school_age_member and income_per_head < 1200",
        "benefit": "if(has_school_age_member, 1500, 800)",
        "units": [cast.workshop.pk],
        "reverify": "quarter",
        "notice_days": "7",
        "active": "on",
    }
    data.update(kwargs)
    return data


def _zh(user: Any) -> Client:
    c = _client(user)
    c.cookies["django_language"] = "zh-hans"
    return c


def _english(html: str, *rules: str) -> list[str]:
    return english_runs(html, allow=[*rules, "Hugo Head", "Chen Chief"])


def _snapshot(p: Programme) -> tuple[Any, ...]:
    p.refresh_from_db()
    return (p.name, p.budget, p.eligibility, p.benefit, sorted(p.units.values_list("pk")))


def test_a_head_creates_a_programme_for_the_units_they_head(cast: Any) -> None:
    c = _client(cast.head)
    assert c.get(reverse("assistance:programmes")).content.decode().count(NEW) == 1
    r = c.post(NEW, _data(cast))
    p = Programme.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("assistance:programme", args=[p.pk])
    assert (p.name, p.kind, p.budget, p.reverify) == ("助学补助", "education", 50000, "quarter")
    assert list(p.units.all()) == [cast.workshop] and p.active and p.notice_days == 7
    record = AuditRecord.objects.get(action="programme.created")
    assert record.actor == cast.head and record.object_id == str(p.pk)
    assert record.data["fields"]["budget"] == "50000.00"
    assert record.data["units"] == [cast.workshop.pk]
    # The programme's page offers its change to the head, and the list links to it.
    page = c.get(reverse("assistance:programme", args=[p.pk])).content.decode()
    assert reverse("assistance:programme_edit", args=[p.pk]) in page


def test_the_chief_changes_a_programme_in_chinese_and_the_change_is_audited(cast: Any) -> None:
    p = programme(cast)
    c = _zh(cast.chief)
    url = reverse("assistance:programme_edit", args=[p.pk])
    page = c.get(url, **ZH)
    html = page.content.decode()
    assert page.status_code == 200 and "修改救助项目" in html and "月人均收入" in html
    assert _english(html, p.eligibility) == []
    data = _data(cast, name="医疗救助", kind="medical", budget="12000.50", units=[cast.hq.pk])
    r = c.post(url, data, follow=True, **ZH)
    assert r.status_code == 200 and "已保存救助项目" in r.content.decode()
    p.refresh_from_db()
    assert p.budget == Decimal("12000.50") and p.eligibility == data["eligibility"]
    record = AuditRecord.objects.get(action="programme.changed")
    assert record.actor == cast.chief
    assert record.data["changed"]["budget"] == ["10000.00", "12000.50"]
    assert set(record.data["changed"]) == {"budget", "eligibility", "benefit", "reverify"}
    # Sent again unchanged: nothing to save, said in Chinese, no second record.
    again = c.post(url, data, **ZH)
    assert again.status_code == 400 and "没有任何变更" in again.content.decode()
    assert AuditRecord.objects.filter(action="programme.changed").count() == 1


def test_the_pages_read_in_chinese(cast: Any) -> None:
    c = _zh(cast.chief)
    html = c.get(NEW, **ZH).content.decode()
    assert "新建救助项目" in html and "如何编写规则" in html and _english(html) == []
    r = c.post(NEW, {}, **ZH)
    assert r.status_code == 400 and _english(r.content.decode()) == []
    r = c.post(NEW, {**_data(cast), "preview": "1"}, **ZH)
    rules = (_data(cast)["eligibility"], _data(cast)["benefit"])
    assert r.status_code == 200 and _english(r.content.decode(), *rules) == []
    html = c.get(reverse("assistance:programmes"), **ZH).content.decode()
    assert "新建救助项目" in html and _english(html) == []


def test_a_rule_that_does_not_parse_is_refused_with_its_position_and_nothing_saved(
    cast: Any,
) -> None:
    c = _client(cast.chief)
    r = c.post(NEW, _data(cast, eligibility="income_per_head < 800 and"))
    html = r.content.decode()
    assert r.status_code == 400 and "The eligibility rule:" in html and "at character" in html
    assert not Programme.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="programme.").exists()
    p = programme(cast)
    before = _snapshot(p)
    url = reverse("assistance:programme_edit", args=[p.pk])
    r = _zh(cast.chief).post(url, _data(cast, benefit="min(2000, income_per_head / members)"), **ZH)
    html = r.content.decode()
    assert r.status_code == 400 and "救助标准规则" in html and "个字符处" in html
    assert _snapshot(p) == before
    r = c.post(url, _data(cast, eligibility='"gambling" in hardship'))
    assert r.status_code == 400 and _snapshot(p) == before


def test_a_budget_below_zero_or_absurd_is_refused(cast: Any) -> None:
    c = _client(cast.chief)
    for budget in ("-5", "0", "1000000000000", "12.345", "lots"):
        r = c.post(NEW, _data(cast, budget=budget))
        assert r.status_code == 400, budget
    assert not Programme.objects.exists()


def test_the_preview_runs_the_unsaved_rule_over_the_register(cast: Any) -> None:
    poor = household(cast)  # a pension of 800 for two people: 400 a head
    from assistance.lifecycle import MemberInput

    richer = household(
        cast, members=[MemberInput("head", 1980, "employed", income={"wage": "6000"})]
    )
    p = programme(cast)
    before = _snapshot(p)
    c = _client(cast.chief)
    url = reverse("assistance:programme_edit", args=[p.pk])
    r = c.post(url, {**_data(cast, eligibility="income_per_head < 500"), "preview": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and "1 open household of the units you see meets" in html
    assert poor.code in html and richer.code not in html
    r = c.post(NEW, {**_data(cast, eligibility="income_per_head >= 0", name=""), "preview": "1"})
    html = r.content.decode()
    assert "2 open households" in html and poor.code in html and richer.code in html
    assert "This field is required" not in html  # the name waits for "Save"
    r = c.post(NEW, {**_data(cast, eligibility="income_per_head <"), "preview": "1"})
    assert r.status_code == 200 and "at character" in r.content.decode()
    assert _snapshot(p) == before and Programme.objects.count() == 1
    assert not AuditRecord.objects.filter(action__startswith="programme.").exists()


def test_who_may_not_administer_is_refused_and_nothing_changes(cast: Any) -> None:
    p = programme(cast)  # covers the whole group, from HQ down
    before = _snapshot(p)
    edit = reverse("assistance:programme_edit", args=[p.pk])
    for who in ("clerk", "handler", "leader", "outsider", "auditor"):
        c = _client(getattr(cast, who))
        assert c.get(NEW).status_code == 403, who
        assert c.post(NEW, _data(cast)).status_code == 403, who
        assert c.post(edit, _data(cast)).status_code == 403, who
        assert NEW not in c.get(reverse("assistance:programmes")).content.decode()
    # The head of branch A does not head HQ: the group's programme is not theirs to change,
    c = _client(cast.head)
    assert c.get(edit).status_code == 403
    assert c.post(edit, _data(cast, units=[cast.workshop.pk])).status_code == 403
    assert edit not in c.get(reverse("assistance:programmes")).content.decode()
    # nor may they make one for branch B.
    assert c.post(NEW, _data(cast, units=[cast.branch_b.pk])).status_code == 400
    assert _snapshot(p) == before and Programme.objects.count() == 1
    assert not AuditRecord.objects.filter(action__startswith="programme.").exists()
    assert (
        _client(cast.chief).get(reverse("assistance:programme_edit", args=[999])).status_code == 404
    )


def test_an_inactive_programme_is_changed_from_the_list(cast: Any) -> None:
    p = programme(cast, active=False)
    c = _client(cast.chief)
    edit = reverse("assistance:programme_edit", args=[p.pk])
    assert edit in c.get(reverse("assistance:programmes")).content.decode()
    r = c.post(edit, _data(cast, name="医疗救助"))
    assert r.status_code == 302 and r["Location"] == reverse("assistance:programme", args=[p.pk])
    p.refresh_from_db()
    assert p.active
    data = _data(cast)
    del data["active"]
    assert c.post(edit, data).status_code == 302
    p.refresh_from_db()
    assert not p.active


def test_two_people_editing_at_once_the_second_is_told_and_nothing_is_overwritten(
    cast: Any,
) -> None:
    p = programme(cast)
    url = reverse("assistance:programme_edit", args=[p.pk])
    one, other = _client(cast.chief), _client(cast.chief)  # two tabs, or two administrators
    assert f'name="version" value="{p.version}"' in one.get(url).content.decode()
    seen = p.version
    units = [cast.hq.pk]
    first = one.post(url, _data(cast, budget="20000", units=units, version=seen))
    assert first.status_code == 302
    second = other.post(url, _data(cast, budget="30000", units=units, version=seen))
    assert second.status_code == 409
    assert "Someone else changed this programme" in second.content.decode()
    p.refresh_from_db()
    assert p.budget == Decimal("20000") and p.version == seen + 1
    assert AuditRecord.objects.filter(action="programme.changed").count() == 1


def test_a_unit_id_beyond_the_database_range_is_refused_beside_the_field(cast: Any) -> None:
    c = _client(cast.head)
    r = c.post(NEW, _data(cast, units=["99999999999999999999"]))
    assert r.status_code == 400 and "99999999999999999999" in r.content.decode()
    assert not Programme.objects.exists()
