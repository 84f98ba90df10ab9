from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assistance.models import Application, AppState, Household, Objection, Payment
from assistance.tests.helpers import household, programme, to_state
from conftest import PASSWORD


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_the_register_lists_households_of_the_users_units_only(cast: Any) -> None:
    h = household(cast)
    page = _client(cast.handler).get(reverse("assistance:households"))
    assert page.status_code == 200 and h.code in page.content.decode()
    assert (
        h.code not in _client(cast.outsider).get(reverse("assistance:households")).content.decode()
    )
    assert _client(cast.head).get(reverse("assistance:household", args=[h.code])).status_code == 200
    assert (
        _client(cast.outsider).get(reverse("assistance:household", args=[h.code])).status_code
        == 404
    )


def test_staff_register_a_household_from_the_form(cast: Any) -> None:
    c = _client(cast.clerk)
    data = {
        "unit": cast.workshop.pk,
        "head_name": "赵六",
        "id_number": "110101198001011111",
        "phone": "13900003333",
        "hardship_types": ["unemployment", "school_costs"],
        "consent": "本人同意",
        "head-birth_year": "1980",
        "head-health": "good",
        "head-employment": "unemployed",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    r = c.post(reverse("assistance:register"), data)
    h = Household.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(h.code + "/")
    assert h.hardship_types == ["unemployment", "school_costs"]
    again = c.post(reverse("assistance:register"), {**data, "head_name": "别人"})
    assert again.status_code == 400 and "already registered" in again.content.decode()
    assert Household.objects.count() == 1


def test_an_application_goes_to_payment_through_the_page(cast: Any) -> None:
    h = household(cast)
    p = programme(cast)
    c = _client(cast.leader)
    r = c.post(
        reverse("assistance:household_act", args=[h.code, "apply"]),
        {"programme": p.pk, "channel": "staff", "reason": "大病"},
    )
    a = Application.objects.get()
    assert r.status_code == 302
    url = lambda step: reverse("assistance:application_act", args=[a.code, step])  # noqa: E731
    today = timezone.localdate().isoformat()
    assert c.post(url("visit"), {"visited_on": today, "findings": "属实"}).status_code == 302
    assert (
        c.post(
            url("committee"),
            {
                "members": "甲乙丙",
                "votes_for": 3,
                "votes_against": 0,
                "decision": "support",
                "reasons": "符合",
                "amount": "1800",
            },
        ).status_code
        == 302
    )
    assert c.post(url("publish"), {}).status_code == 302
    refused = c.post(url("approve"), {})
    assert refused.status_code == 400 and "notice period ends" in refused.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert c.post(url("approve"), {}).status_code == 302
        early = c.post(url("pay"), {"amount": "1800", "paid_on": today, "method": "bank"})
        assert early.status_code == 400 and "before the approval" in early.content.decode()
        paid_on = timezone.localdate().isoformat()
        r = c.post(url("pay"), {"amount": "1800", "paid_on": paid_on, "method": "bank"})
        assert r.status_code == 302
        again = c.post(url("pay"), {"amount": "1800", "paid_on": paid_on, "method": "bank"})
        assert again.status_code == 400
        assert "more than the approved 1,800.00 yuan" in again.content.decode()
    a.refresh_from_db()
    assert a.state == AppState.PAID and Payment.objects.count() == 1
    page = c.get(reverse("assistance:application", args=[a.code])).content.decode()
    assert "1800.00 paid of 10000.00" in page


def test_an_outsider_cannot_see_or_act_on_an_application(cast: Any) -> None:
    a = to_state(cast, "verified")
    c = _client(cast.outsider)
    assert c.get(reverse("assistance:application", args=[a.code])).status_code == 404
    r = c.post(reverse("assistance:application_act", args=[a.code, "publish"]), {})
    assert r.status_code == 404
    assert c.get(reverse("assistance:application_act", args=[a.code, "publish"])).status_code in (
        404,
        405,
    )


def test_the_public_notice_masks_names_and_shows_no_phone_or_id_number(cast: Any) -> None:
    h3 = household(cast, head_name="张晓明", id_number="110101199001015678", phone="13812345678")
    h2 = household(cast, head_name="李明", id_number="110101199001016789", phone="13700001234")
    to_state(cast, "on_notice", h=h3, amount="1500")
    to_state(cast, "on_notice", h=h2, amount="900")
    html = Client().get("/notices/").content.decode()
    assert "张*明" in html and "李*" in html
    for secret in (
        "张晓明",
        "李明",
        "110101199001015678",
        "110101199001016789",
        "13812345678",
        "13700001234",
        h3.address,
    ):
        assert secret not in html
    assert "1500" in html and "医疗救助" in html


def test_the_public_lodges_an_anonymous_objection_once(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    c = Client(enforce_csrf_checks=False)
    url = reverse("notice_objection", args=[a.code])
    form = c.get(url)
    assert form.status_code == 200 and a.household.head_name not in form.content.decode()
    once = form.context["form"].initial["once"]
    data = {"text": "该户家中有营业门面", "once": once}
    assert c.post(url, data).status_code == 302
    assert c.post(url, data).status_code == 302
    o = Objection.objects.get()
    assert o.name == "" and o.answered_at is None
    assert c.post(url, {"text": ""}).status_code == 400
    assert Objection.objects.count() == 1


def test_the_objection_form_needs_csrf(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    c = Client(enforce_csrf_checks=True)
    r = c.post(reverse("notice_objection", args=[a.code]), {"text": "x"})
    assert r.status_code == 403 and Objection.objects.count() == 0


def test_a_notice_not_on_notice_is_not_public(cast: Any) -> None:
    a = to_state(cast, "reviewed")
    assert Client().get(reverse("notice_objection", args=[a.code])).status_code == 404
    assert a.code not in Client().get("/notices/").content.decode()


def test_objections_from_one_address_are_limited(cast: Any, settings: Any) -> None:
    settings.MINSHENG_TRACK_FAILURES = 2
    a = to_state(cast, "on_notice")
    c = Client()
    url = reverse("notice_objection", args=[a.code])
    assert c.post(url, {"text": "一"}).status_code == 302
    assert c.post(url, {"text": "二"}).status_code == 302
    r = c.post(url, {"text": "三"})
    assert r.status_code == 429 and Objection.objects.count() == 2


def test_personal_data_is_shown_to_the_units_staff_only_and_each_view_is_audited(
    cast: Any,
) -> None:
    from audit.models import AuditRecord

    h = household(cast, head_name="张晓明", id_number="110101199001015678")
    listing = _client(cast.handler).get(reverse("assistance:households")).content.decode()
    assert "张*明" in listing and "张晓明" not in listing
    page = _client(cast.handler).get(reverse("assistance:household", args=[h.code]))
    assert "张晓明" in page.content.decode() and "110101199001015678" in page.content.decode()
    assert AuditRecord.objects.filter(action="household.personal_view", actor=cast.handler).exists()
    seen = _client(cast.auditor).get(reverse("assistance:household", args=[h.code]))
    assert seen.status_code == 200
    assert (
        "张晓明" not in seen.content.decode() and "110101199001015678" not in seen.content.decode()
    )
    assert not AuditRecord.objects.filter(
        action="household.personal_view", actor=cast.auditor
    ).exists()


def test_staff_change_a_household_with_a_reason_and_add_a_member(cast: Any) -> None:
    h = household(cast)
    c = _client(cast.handler)
    url = reverse("assistance:household_act", args=[h.code, "change"])
    data = {
        "head_name": h.head_name,
        "phone": "13900009999",
        "address": h.address,
        "hardship_types": ["illness", "unemployment"],
        "version": 1,
    }
    assert c.post(url, data).status_code == 400  # no reason
    assert c.post(url, {**data, "reason": "户主失业"}).status_code == 302
    h.refresh_from_db()
    assert h.phone == "13900009999" and h.hardship_types == ["illness", "unemployment"]
    assert h.events.get(kind="changed").text == "户主失业"
    stale = c.post(url, {**data, "phone": "1", "reason": "x"})
    assert stale.status_code == 409
    member = reverse("assistance:household_act", args=[h.code, "member"])
    r = c.post(
        member,
        {
            "relation": "parent",
            "birth_year": 1950,
            "health": "chronic",
            "employment": "retired",
            "pension": "1200",
        },
    )
    assert r.status_code == 302
    assert h.members.get(relation="parent").income == {"pension": "1200.00"}


def test_the_programme_page_previews_who_would_be_eligible_among_the_users_households(
    cast: Any,
) -> None:
    poor = household(cast)  # 800 a month for two people
    rich = household(cast, members=[])
    p = programme(cast, eligibility="members >= 2 and income_per_head < 1000")
    page = _client(cast.handler).get(reverse("assistance:programme", args=[p.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and poor.code in html and rich.code not in html
    assert "1 open household" in html and poor.head_name not in html
    outsider = _client(cast.outsider).get(reverse("assistance:programme", args=[p.pk]))
    assert poor.code not in outsider.content.decode()
    assert "0 open households" in outsider.content.decode()


def test_the_public_notice_escapes_what_it_shows(cast: Any) -> None:
    p = programme(cast, name='<script>alert("x")</script>救助')
    to_state(cast, "on_notice", p=p)
    html = Client().get("/notices/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)" in html
