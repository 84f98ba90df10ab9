"""The one place a grievance change is recorded: its timeline event and its audit record.
Grievances use the shared versioned-row machinery (`minsheng.records`); this module adds what
is particular to a case: the audit record carries the state, and a new deadline starts the
escalation afresh."""

from __future__ import annotations

from typing import Any

from grievances.models import Grievance, TimelineEvent
from minsheng import records
from minsheng.records import Actor

__all__ = ["Actor", "lock", "record", "save"]

# Saved with next_due: a deadline that changed is a step taken, so escalation starts again.
ESCALATION_FIELDS = ["escalation_level", "escalate_at", "escalated_to", "warned_due"]


def lock(g: Grievance, version: int | None) -> Grievance:
    return records.lock(g, version)


def save(g: Grievance, fields: list[str]) -> None:
    if "next_due" in fields:
        fields = [*fields, *ESCALATION_FIELDS]
    records.save(g, fields)


def record(
    g: Grievance,
    kind: str,
    by: Actor,
    *,
    text: str = "",
    public: bool = True,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> TimelineEvent:
    ev = records.record(g, kind, by, text=text, public=public, data=data, actor_label=actor_label)
    assert isinstance(ev, TimelineEvent)
    return ev
