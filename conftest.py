"""The cast shared by every test: one workshop with a clerk, a handler and a leader; the head
of its branch (the unit above); the chief at the top; an outsider in a sibling branch; an
auditor; and a complainant who comes through the portal.

    Group HQ (chief)
    ├── Branch A (head)
    │   └── Workshop A1 (clerk, handler, leader)
    └── Branch B (outsider)
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from grievances.intake import Person, submit
from grievances.models import Category, Channel, Grievance, Kind
from orgs.models import Membership, Role, Unit

PASSWORD = "correct-horse-battery"


@dataclass
class Cast:
    hq: Unit
    branch_a: Unit
    workshop: Unit
    branch_b: Unit
    clerk: Any
    handler: Any
    leader: Any
    head: Any
    chief: Any
    outsider: Any
    auditor: Any
    category: Category

    def submit(self, **kwargs: Any) -> tuple[Grievance, str]:
        """A grievance from the complainant through the portal, to the workshop."""
        fields: dict[str, Any] = {
            "channel": Channel.WEB,
            "kind": Kind.COMPLAINT,
            "subject": "三车间加班费未按时发放",
            "description": "十月份的加班费到现在还没有发，车间里约四十名工人都受影响。",
            "unit": self.workshop,
            "category": self.category,
            "person": Person(name="张晓明", phone="13812345678", id_number="110101199001011234"),
        }
        fields.update(kwargs)
        return submit(**fields)


def _user(username: str, full_name: str, unit: Unit | None, *roles: str) -> Any:
    User = get_user_model()
    first, _, last = full_name.partition(" ")
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last
    )
    for role in roles:
        assert unit is not None
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def cast(db: Any) -> Cast:
    hq = Unit.objects.create(name="集团总部", name_en="Group HQ", code="HQ")
    branch_a = Unit.objects.create(name="一分公司", name_en="Branch A", code="A", parent=hq)
    workshop = Unit.objects.create(name="一车间", name_en="Workshop A1", code="A1", parent=branch_a)
    branch_b = Unit.objects.create(name="二分公司", name_en="Branch B", code="B", parent=hq)
    category = Category.objects.create(code="wages", name="工资福利", name_en="Wages and benefits")
    auditor = _user("auditor", "Ada Auditor", hq, Role.AUDITOR)
    return Cast(
        hq=hq,
        branch_a=branch_a,
        workshop=workshop,
        branch_b=branch_b,
        clerk=_user("clerk", "Cleo Clerk", workshop, Role.CLERK),
        handler=_user("handler", "Hank Handler", workshop, Role.HANDLER),
        leader=_user("leader", "Lena Leader", workshop, Role.LEADER),
        head=_user("head", "Hugo Head", branch_a, Role.HEAD),
        chief=_user("chief", "Chen Chief", hq, Role.HEAD),
        outsider=_user("outsider", "Otto Outsider", branch_b, Role.HANDLER, Role.LEADER),
        auditor=auditor,
        category=category,
    )


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MINSHENG_CHROMIUM", ""), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _language_back_to_the_default() -> Any:
    """Every test starts in the settings' language (English in the tests). A request with
    Accept-Language, or translation.activate, leaves its language on the thread after it;
    without this, the tests after a Chinese one in the same process read Chinese messages."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
