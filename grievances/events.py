"""The one place a grievance change is recorded: its timeline event and its audit record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from audit import log as audit
from grievances.models import Grievance, TimelineEvent
from minsheng.errors import StaleVersion

Actor = User | AnonymousUser | None


def lock(g: Grievance, version: int | None) -> Grievance:
    """Re-read the row under a lock inside the current transaction. If the caller saw an
    older version, someone else changed the case meanwhile: refuse rather than overwrite."""
    assert transaction.get_connection().in_atomic_block, "lock() needs a transaction"
    fresh = Grievance.objects.select_for_update().get(pk=g.pk)
    if version is not None and fresh.version != version:
        raise StaleVersion(_stale_message())
    return fresh


def _stale_message() -> str:
    from django.utils.translation import gettext as _

    return _(
        "Someone else changed this case after you opened it. Nothing was saved; reload the"
        " page to see the change and try again."
    )


def save(g: Grievance, fields: list[str]) -> None:
    g.version += 1
    g.save(update_fields=[*fields, "version"])


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
    user = by if isinstance(by, User) else None
    ev = TimelineEvent.objects.create(
        grievance=g,
        kind=kind,
        created=timezone.now(),
        actor=user,
        public=public,
        text=text,
        data=data or {},
    )
    audit.record(
        by,
        f"grievance.{kind}",
        g,
        {"state": g.state, "version": g.version, **(data or {})},
        actor_label=actor_label,
    )
    return ev
