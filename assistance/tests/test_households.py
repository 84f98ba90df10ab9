from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from assistance import lifecycle
from assistance.models import Household, HouseholdStatus
from assistance.tests.helpers import household
from audit.models import AuditRecord
from minsheng.errors import DomainError, NotAllowed


def test_it_registers_a_household_encrypted_with_its_members_and_timeline(cast: Any) -> None:
    h = household(cast, id_number="110101 19800101 888x")
    h = Household.objects.get(pk=h.pk)
    assert h.head_name == "王建国"
    assert h.id_number == "11010119800101888X"
    assert h.members.count() == 2
    assert h.status == HouseholdStatus.REGISTERED
    assert [e.kind for e in h.events.all()] == ["registered"]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT head_name, id_number, phone FROM assistance_household WHERE id = %s", [h.pk]
        )
        raw = cur.fetchone()
    assert "王建国" not in raw[0] and "888" not in raw[1] and "13900001111" not in raw[2]
    assert AuditRecord.objects.filter(action="household.registered").count() == 1


def test_it_refuses_an_id_number_registered_twice(cast: Any) -> None:
    household(cast, id_number="110101198001019999")
    with pytest.raises(DomainError, match="already registered"):
        household(cast, id_number="11010119800101 9999", head_name="李四")
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"id_number": "123"}, "18 characters"),
        ({"hardship_types": []}, "hardship type"),
        ({"hardship_types": ["rich"]}, "hardship type"),
        ({"consent": ""}, "consent"),
        ({"head_name": " "}, "head of household"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(cast: Any, kwargs: Any, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        household(cast, **kwargs)
    assert Household.objects.count() == 0


def test_an_outsider_or_auditor_cannot_register(cast: Any) -> None:
    for user in (cast.outsider, cast.auditor):
        with pytest.raises(NotAllowed):
            household(cast, by=user)
    assert Household.objects.count() == 0


def test_a_change_is_a_version_with_who_and_why(cast: Any) -> None:
    h = household(cast)
    lifecycle.change_household(
        h, by=cast.handler, reason="搬家", version=1, address="新地址", phone="13900002222"
    )
    h.refresh_from_db()
    assert h.version == 2 and h.address == "新地址"
    ev = h.events.get(kind="changed")
    assert ev.actor == cast.handler and ev.text == "搬家"
    assert ev.data == {"fields": ["address", "phone"]}
    rec = AuditRecord.objects.get(action="household.changed")
    assert "新地址" not in str(rec.data)


def test_a_stale_change_or_one_without_reason_changes_nothing(cast: Any) -> None:
    h = household(cast)
    with pytest.raises(DomainError):
        lifecycle.change_household(h, by=cast.handler, reason="", address="x")
    lifecycle.change_household(h, by=cast.handler, reason="r", version=1, address="a")
    with pytest.raises(DomainError, match="Someone else"):
        lifecycle.change_household(h, by=cast.handler, reason="r", version=1, address="b")
    h.refresh_from_db()
    assert h.address == "a" and h.version == 2


def test_closing_a_household_keeps_the_reason_and_refuses_new_applications(cast: Any) -> None:
    from assistance.tests.helpers import programme

    h = household(cast)
    lifecycle.close_household(h, by=cast.handler, reason="已再就业，困难解除")
    h.refresh_from_db()
    assert h.status == HouseholdStatus.CLOSED and h.closed_reason == "已再就业，困难解除"
    with pytest.raises(DomainError, match="closed"):
        lifecycle.apply(h, programme(cast), by=cast.clerk)
    with pytest.raises(DomainError, match="already closed"):
        lifecycle.close_household(h, by=cast.handler, reason="again")


def test_a_programme_whose_rule_does_not_parse_is_refused_in_the_admin(cast: Any) -> None:
    from django.core.exceptions import ValidationError

    from assistance.tests.helpers import programme

    p = programme(cast)
    p.eligibility = "__import__('os').system('true')"
    with pytest.raises(ValidationError) as err:
        p.full_clean()
    assert "eligibility" in err.value.message_dict
    p.eligibility = "income_per_head <"
    with pytest.raises(ValidationError):
        p.full_clean()
    p.eligibility = 'income_per_head < 1200 and "illness" in hardship'
    p.full_clean()
    p.benefit = "income_per_head < 1200"  # a condition where an amount belongs
    with pytest.raises(ValidationError) as err:
        p.full_clean()
    assert "benefit" in err.value.message_dict
