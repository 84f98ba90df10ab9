"""Shared steps for the incident tests: frozen Shanghai moments, a shift at the workshop,
an initial report, and `refused`, which checks that a refused step changed nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from audit.models import AuditRecord
from duty import incidents
from duty.models import Alert, AlertPage, Incident, IncidentEvent, IncidentLink, Report, Shift
from minsheng.errors import DomainError
from notices.models import Notice

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def frozen(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def shift(cast: Any, starts: datetime, hours: int = 24, **kw: Any) -> Shift:
    """A shift at the workshop: the handler on duty, the leader leading."""
    return Shift.objects.create(
        unit=kw.pop("unit", cast.workshop),
        starts=starts,
        ends=starts + timedelta(hours=hours),
        officer=kw.pop("officer", cast.handler),
        leader=kw.pop("leader", cast.leader),
    )


def initial(cast: Any, known_at: datetime, **kw: Any) -> Incident:
    fields: dict[str, Any] = {
        "by": cast.clerk,  # not the officer on duty: the report reaches them
        "unit": cast.workshop,
        "title": "三号仓库屋顶漏水",
        "kind": "safety",
        "severity": 4,
        "place": "三号仓库",
        "occurred_at": known_at - timedelta(minutes=10),
        "known_at": known_at,
        "people_affected": 3,
        "what_happened": "暴雨导致三号仓库屋顶漏水，部分货物受潮。",
        "actions_taken": "已转移货物，拉起警戒线。",
    }
    fields.update(kw)
    return incidents.file_initial(**fields)


def footprint() -> dict[str, Any]:
    return {
        "incidents": list(Incident.objects.order_by("pk").values()),
        "reports": Report.objects.count(),
        "events": IncidentEvent.objects.count(),
        "audit": AuditRecord.objects.count(),
        "alerts": list(Alert.objects.order_by("pk").values()),
        "pages": AlertPage.objects.count(),
        "links": IncidentLink.objects.count(),
        "notices": Notice.objects.count(),
    }


@contextmanager
def refused(match: str | None = None) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    before = footprint()
    with pytest.raises(DomainError, match=match) as info:
        yield info
    assert footprint() == before, "a refused step changed something"
