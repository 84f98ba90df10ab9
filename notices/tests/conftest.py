from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from notices.kinds import Mode, register_kind
from notices.outbox import Msg, notify

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A kind only these tests send, so a module's defaults do not change what they prove.
TEST_KIND = register_kind("test.ping", _("A deadline has passed"), Mode.IMMEDIATE).key


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def frozen(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def ping(users: Any, *, key: str = "", kind: str = TEST_KIND, **kwargs: Any) -> int:
    """One notice, written as an action writes it: inside a transaction."""
    fields: dict[str, Any] = {
        "title": Msg(
            _("%(what)s: %(code)s"), what=_("A deadline has passed"), code="AB12-CD34-EF56"
        ),
        "body": "",
        "url": "/console/grievances/case/AB12-CD34-EF56/",
        "subject": "grievance:AB12-CD34-EF56",
        "dedupe_key": key,
    }
    fields.update(kwargs)
    with transaction.atomic():
        return notify(users, kind, **fields)


@pytest.fixture
def staff(cast: Any) -> Any:
    """The cast, with e-mail addresses for the handler and the leader (not the head)."""
    for user, email in ((cast.handler, "hank@example.org"), (cast.leader, "lena@example.org")):
        user.email = email
        user.save(update_fields=["email"])
    return cast
