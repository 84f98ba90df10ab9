"""What every module's records share: the versioned row and its timeline.

A module's main row (a grievance, an incident report, an application for assistance)
inherits `Versioned` and names its timeline model; the timeline model inherits `TimelineBase`.
Actions then change a row in one way everywhere:

    with transaction.atomic():
        row = records.lock(row, version)        # re-read under a lock; 409 if stale
        ...                                     # check, change
        records.save(row, ["state", ...])       # version + 1
        records.record(row, "accepted", by)     # timeline event + audit record

`lock` refuses a stale version with StaleVersion (a 409 in the API, a message in the console),
having changed nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AppendOnlyModel
from minsheng.errors import StaleVersion

Actor = User | AnonymousUser | None


class Versioned(models.Model):
    """A row changed only by its module's actions, each bumping `version`."""

    version = models.PositiveIntegerField(default=1)

    # Set by each subclass: the timeline model, the name of its foreign key to this row, and
    # the prefix of the audit actions ("grievance" → "grievance.accepted").
    timeline_model: ClassVar[type[TimelineBase]]
    timeline_fk: ClassVar[str]
    audit_prefix: ClassVar[str]

    class Meta:
        abstract = True

    def stale_message(self) -> str:
        return _(
            "Someone else changed this record after you opened it. Nothing was saved; reload"
            " the page to see the change and try again."
        )

    def audit_data(self) -> dict[str, Any]:
        """What every audit record of this row carries besides the action's own data."""
        return {"version": self.version}


class TimelineBase(AppendOnlyModel):
    """One event in a row's history, shown to staff (and to the public when `public`)."""

    kind = models.CharField(max_length=24)
    created = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    public = models.BooleanField(default=True)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["created", "id"]


V = TypeVar("V", bound=Versioned)


def lock(row: V, version: int | None) -> V:
    """Re-read the row under a lock inside the current transaction. If the caller saw an
    older version, someone else changed it meanwhile: refuse rather than overwrite."""
    assert transaction.get_connection().in_atomic_block, "lock() needs a transaction"
    fresh = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if version is not None and fresh.version != version:
        raise StaleVersion(fresh.stale_message())
    return fresh


def save(row: Versioned, fields: list[str]) -> None:
    """Save the named fields and one more version."""
    row.version += 1
    row.save(update_fields=[*fields, "version"])


def record(
    row: Versioned,
    kind: str,
    by: Actor,
    *,
    text: str = "",
    public: bool = True,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> TimelineBase:
    """The timeline event and the audit record of one change, in the caller's transaction."""
    user = by if isinstance(by, User) else None
    ev = row.timeline_model.objects.create(
        **{row.timeline_fk: row},
        kind=kind,
        created=timezone.now(),
        actor=user,
        public=public,
        text=text,
        data=data or {},
    )
    audit.record(
        by,
        f"{row.audit_prefix}.{kind}",
        row,
        {**row.audit_data(), **(data or {})},
        actor_label=actor_label,
    )
    return ev
