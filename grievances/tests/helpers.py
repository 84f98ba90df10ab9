"""Shared steps for the grievance tests: cases brought to a given stage, frozen moments in
Shanghai time, and `refused`, which checks that a refused action changed nothing at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from audit.models import AuditRecord
from grievances import lifecycle
from grievances.models import (
    Attachment,
    EventKind,
    ExtensionRequest,
    Grievance,
    Reply,
    Supervision,
    TimelineEvent,
)
from minsheng.errors import DomainError

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Shanghai time."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def frozen(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> Any:
    return time_machine.travel(at(year, month, day, hour, minute), tick=False)


def footprint() -> dict[str, Any]:
    """Everything an action may change: every case row and every record kept about cases."""
    return {
        "cases": list(Grievance.objects.order_by("pk").values()),
        "events": TimelineEvent.objects.count(),
        "audit": AuditRecord.objects.count(),
        "replies": Reply.objects.count(),
        "extensions": list(ExtensionRequest.objects.order_by("pk").values()),
        "supervisions": list(Supervision.objects.order_by("pk").values()),
        "attachments": Attachment.objects.count(),
    }


@contextmanager
def refused(
    match: str | None = None, error: type[DomainError] = DomainError
) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """The action inside must raise `error` (with `match` in its message) and leave the
    database exactly as it was: no state or version change, no timeline event, no audit."""
    before = footprint()
    with pytest.raises(error, match=match) as info:
        yield info
    assert footprint() == before, "a refused action changed something"


def received(cast: Any, **kwargs: Any) -> Grievance:
    return cast.submit(**kwargs)[0]


def accepted(cast: Any, **kwargs: Any) -> Grievance:
    return lifecycle.accept(received(cast, **kwargs), by=cast.handler)


def assigned(cast: Any, **kwargs: Any) -> Grievance:
    return lifecycle.assign(
        accepted(cast, **kwargs), by=cast.leader, owner=cast.leader, handler=cast.handler
    )


def in_progress(cast: Any, **kwargs: Any) -> Grievance:
    return lifecycle.log_contact(
        assigned(cast, **kwargs), by=cast.handler, kind=EventKind.VISIT, summary="到车间走访"
    )


def replied(cast: Any, **kwargs: Any) -> Grievance:
    g = in_progress(cast, **kwargs)
    lifecycle.reply(
        g,
        by=cast.leader,
        facts="查明十月份加班费未发放。",
        decision="十一月十日前补发。",
        reasons="依照公司薪酬制度第十二条。",
    )
    g.refresh_from_db()
    return g


def kinds(g: Grievance) -> list[str]:
    """The timeline of a case, oldest first, as event kinds."""
    return list(g.events.order_by("created", "id").values_list("kind", flat=True))


def audit_actions(g: Grievance) -> list[str]:
    return list(
        AuditRecord.objects.filter(object_type="grievances.grievance", object_id=str(g.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def fresh(g: Grievance) -> Grievance:
    return Grievance.objects.get(pk=g.pk)
