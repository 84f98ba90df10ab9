"""Shared steps for the roster tests: Shanghai moments, frozen time, a shift, and what the
roster holds (to check that a refused step changed nothing)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from audit.models import AuditRecord
from duty.models import Handover, Shift, SwapRequest
from duty.roster import save_shift

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 30) -> datetime:
    """A moment in Shanghai time (default: the 08:30 handover)."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def frozen(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> Any:
    return time_machine.travel(at(year, month, day, hour, minute), tick=False)


def shift(
    cast: Any, start: datetime, end: datetime, officer: Any = None, leader: Any = None
) -> Shift:
    """A shift at the workshop, arranged by its leader."""
    return save_shift(
        cast.workshop,
        by=cast.leader,
        starts=start,
        ends=end,
        officer=officer or cast.handler,
        leader=leader,
    )


def footprint() -> dict[str, Any]:
    return {
        "shifts": list(
            Shift.objects.order_by("pk").values("pk", "starts", "ends", "officer", "leader")
        ),
        "swaps": list(SwapRequest.objects.order_by("pk").values()),
        "handovers": list(Handover.objects.order_by("pk").values()),
        "audit": AuditRecord.objects.count(),
    }
