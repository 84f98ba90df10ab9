"""Registering a complainant's household from a grievance and referring it, in one step: the
household is registered from what the case holds (the identity read is audited), the
application opened on the grievance channel, the link written on the case's timeline; each
refusal changes nothing, not even the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assistance import links
from assistance.models import Application, Channel, Household
from assistance.tests.helpers import household, programme
from audit.models import AuditRecord
from conftest import PASSWORD
from grievances import lifecycle as glife
from grievances.intake import Person
from grievances.models import IdentityMode
from minsheng.errors import DomainError, NotAllowed
from tests.zh_detector import choice_values, english_runs, raw_values

COMPLAINANT_ID = "110101199001011234"  # the complainant's in cast.submit: born 1990
CONSENT = "投诉人当面同意登记家庭信息用于帮扶"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _client(user: Any, *, zh: bool = False) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    if zh:
        c.cookies["django_language"] = "zh-hans"
    return c


def _case(cast: Any, **kwargs: Any) -> Any:
    g, _secret = cast.submit(**kwargs)
    glife.accept(g, by=cast.leader)
    g.refresh_from_db()
    glife.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    g.refresh_from_db()
    return g


def _form(cast: Any, p: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "programme": p.pk,
        "unit": cast.workshop.pk,
        "hardship_types": ["illness"],
        "consent": CONSENT,
        "employment": "unable",
        "health": "serious",
        "pension": "800",
        "reason": "投诉中反映家庭困难",
    }
    data.update(extra)
    return data


def _state(g: Any) -> tuple[int, ...]:
    return (
        Household.objects.count(),
        Application.objects.count(),
        AuditRecord.objects.count(),
        g.events.count(),
    )


def _identity_views(g: Any) -> list[Any]:
    return list(AuditRecord.objects.filter(action="identity.view", data__grievance=g.code))


def test_the_handler_registers_and_refers_in_one_post(cast: Any) -> None:
    g = _case(cast)
    p = programme(cast)
    c = _client(cast.handler)
    page = c.get(reverse("grievances:case", args=[g.code])).content.decode()
    url = reverse("assistance:refer_register", args=[g.code])
    assert url in page and "Register the household and refer" in page
    assert _identity_views(g) == []  # offering the form reads nobody's identity
    r = c.post(url, _form(cast, p))
    assert r.status_code == 302 and r["Location"].endswith(g.code + "/")

    h = Household.objects.get()
    assert (h.head_name, h.id_number, h.phone) == ("张晓明", COMPLAINANT_ID, "13812345678")
    assert (h.unit, h.hardship_types, h.consent, h.created_by) == (
        cast.workshop,
        ["illness"],
        CONSENT,
        cast.handler,
    )
    head = h.members.get()
    assert (head.relation, head.birth_year, head.employment, head.health) == (
        "head",
        1990,
        "unable",
        "serious",
    )
    assert head.income == {"pension": "800.00"}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT head_name, id_number, phone FROM assistance_household WHERE id = %s", [h.pk]
        )
        raw = cur.fetchone()
    assert "张晓明" not in raw[0] and "19900101" not in raw[1] and "13812345678" not in raw[2]

    a = Application.objects.get()
    assert (a.household, a.programme, a.channel, a.grievance_id) == (
        h,
        p,
        Channel.GRIEVANCE,
        g.pk,
    )
    event = g.events.get(kind="linked")
    assert (event.actor, event.public, event.data["ref"]) == (cast.handler, False, a.code)
    assert a.code in event.text and h.code in event.text
    [view] = _identity_views(g)
    assert view.actor == cast.handler and view.data["purpose"] == "assistance.register"

    # The case page shows the application; the form gives way to nothing more to do.
    page = c.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert a.code in page and "Applied" in page and url not in page
    # Its next referral, to another programme, is the ordinary one.
    assert links.referral_offer(cast.handler, g) == (links.REFER, "")


def test_the_unit_defaults_to_the_cases_unit(cast: Any) -> None:
    g = _case(cast)
    programme(cast)
    assert links.default_unit(cast.handler, g) == cast.workshop
    assert links.default_unit(cast.outsider, g) is not None  # one of the outsider's units
    assert links.default_unit(cast.outsider, g) != cast.workshop
    page = _client(cast.handler).get(reverse("grievances:case", args=[g.code])).content.decode()
    assert f'<option value="{cast.workshop.pk}" selected>' in page


def test_an_anonymous_complainant_cannot_be_referred(cast: Any) -> None:
    g = _case(cast, identity_mode=IdentityMode.ANONYMOUS)
    p = programme(cast)
    c = _client(cast.handler)
    page = c.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert "The complainant is anonymous" in page
    assert reverse("assistance:refer_register", args=[g.code]) not in page
    assert reverse("assistance:refer", args=[g.code]) not in page
    before = _state(g)
    r = c.post(reverse("assistance:refer_register", args=[g.code]), _form(cast, p))
    assert r.status_code == 400 and "The complainant is anonymous" in r.content.decode()
    assert _state(g) == before


def test_a_complainant_without_an_id_number_cannot_be_referred(cast: Any) -> None:
    g = _case(cast, person=Person(name="张晓明", phone="13812345678"))
    p = programme(cast)
    c = _client(cast.handler)
    page = c.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert "The complainant gave no ID number" in page
    assert reverse("assistance:refer_register", args=[g.code]) not in page
    before = _state(g)
    with pytest.raises(DomainError, match="no ID number"):
        links.register_and_refer(g, p, by=cast.handler, **_step(cast))
    r = c.post(reverse("assistance:refer_register", args=[g.code]), _form(cast, p))
    assert r.status_code == 400 and "gave no ID number" in r.content.decode()
    assert _state(g) == before and _identity_views(g) == []


def _step(cast: Any) -> dict[str, Any]:
    return {
        "unit": cast.workshop,
        "hardship_types": ["illness"],
        "consent": CONSENT,
        "employment": "unable",
    }


def test_only_the_owner_or_the_handler_registers_and_refers(cast: Any) -> None:
    g = _case(cast)
    p = programme(cast)
    url = reverse("assistance:refer_register", args=[g.code])
    before = _state(g)
    for user in (cast.clerk, cast.head):
        with pytest.raises(NotAllowed):
            links.register_and_refer(g, p, by=user, **_step(cast))
        c = _client(user)
        assert url not in c.get(reverse("grievances:case", args=[g.code])).content.decode()
        assert c.post(url, _form(cast, p)).status_code == 403
    assert _client(cast.outsider).post(url, _form(cast, p)).status_code == 404
    assert _client(cast.handler).get(url).status_code == 405
    assert _state(g) == before and _identity_views(g) == []


def test_a_household_registered_at_a_unit_the_user_does_not_see_is_refused(cast: Any) -> None:
    g = _case(cast)
    p = programme(cast)
    household(cast, by=cast.outsider, unit=cast.branch_b, id_number=COMPLAINANT_ID)
    c = _client(cast.handler)
    page = c.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert "registered at a unit you do not work in" in page
    assert reverse("assistance:refer_register", args=[g.code]) not in page
    assert cast.branch_b.name not in page and cast.branch_b.name_en not in page
    before = _state(g)
    r = c.post(reverse("assistance:refer_register", args=[g.code]), _form(cast, p))
    html = r.content.decode()
    assert r.status_code == 400 and "registered at a unit you do not work in" in html
    assert cast.branch_b.name_en not in html and cast.branch_b.name not in html
    assert _state(g) == before and _identity_views(g) == []


def test_a_household_registered_at_the_users_units_is_referred_not_registered(cast: Any) -> None:
    g = _case(cast)
    p = programme(cast)
    household(cast, id_number=COMPLAINANT_ID)
    before = _state(g)
    with pytest.raises(DomainError, match="already registered at your units"):
        links.register_and_refer(g, p, by=cast.handler, **_step(cast))
    assert _state(g) == before


def test_bad_input_keeps_what_was_typed_and_changes_nothing(cast: Any) -> None:
    g = _case(cast)
    p = programme(cast)
    c = _client(cast.handler)
    url = reverse("assistance:refer_register", args=[g.code])
    before = _state(g)
    r = c.post(url, _form(cast, p, consent="", pension="-5"))
    html = r.content.decode()
    assert r.status_code == 400 and "投诉中反映家庭困难" in html  # the reason, kept
    # A unit the handler does not act at is not on the form's list.
    r = c.post(url, _form(cast, p, unit=cast.branch_b.pk))
    assert r.status_code == 400
    # A programme not open to the unit: refused after the read, and the read rolled back.
    elsewhere = programme(cast, name="二分公司助学")
    elsewhere.units.set([cast.branch_b])
    r = c.post(url, _form(cast, elsewhere))
    assert r.status_code == 400 and "not open to households of this unit" in r.content.decode()
    assert _state(g) == before and _identity_views(g) == []


def test_the_panel_and_the_step_read_in_chinese(cast: Any) -> None:
    from assistance.models import AppState, HardshipType, ProgrammeKind
    from assistance.models import Channel as AChannel
    from grievances.models import Channel as GChannel
    from grievances.models import EventKind, Kind, State

    raw = choice_values(AppState, AChannel, ProgrammeKind, HardshipType, GChannel, Kind, State)
    raw |= choice_values(EventKind)
    allow = ["Lena Leader", "Hank Handler", "Cleo Clerk"]

    def problems(html: str) -> list[str]:
        return english_runs(html, allow=allow) + raw_values(html, raw)

    g = _case(cast)
    p = programme(cast)
    c = _client(cast.handler, zh=True)
    html = c.get(reverse("grievances:case", args=[g.code]), **ZH).content.decode()
    assert "登记家庭并转介" in html and problems(html) == []
    url = reverse("assistance:refer_register", args=[g.code])
    r = c.post(url, _form(cast, p, consent=""), **ZH)
    assert r.status_code == 400 and problems(r.content.decode()) == []
    r = c.post(url, _form(cast, p), follow=True, **ZH)
    html = r.content.decode()
    assert "已登记家庭并转介困难帮扶" in html and problems(html) == []
    anonymous = _case(cast, identity_mode=IdentityMode.ANONYMOUS)
    html = c.get(reverse("grievances:case", args=[anonymous.code]), **ZH).content.decode()
    assert "投诉人匿名" in html and problems(html) == []
    r = c.post(reverse("assistance:refer_register", args=[anonymous.code]), _form(cast, p), **ZH)
    assert r.status_code == 400 and problems(r.content.decode()) == []
