from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Bulk changes bypass Model.save() and Model.delete(), so they are refused here too."""

    def _refuse(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")

    def update(self, **kwargs: Any) -> int:
        self._refuse()

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        self._refuse()

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse()


class AppendOnlyModel(models.Model):
    """Rows that are evidence: created once, never updated or deleted through the ORM."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only")


class AuditRecord(AppendOnlyModel):
    """One link of the hash chain: who did what to which object, and when."""

    created = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The chain this record belongs to, and its place in it (1, 2, 3, … without gaps).
    stream = models.PositiveSmallIntegerField(default=0)
    seq = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="audit_stream_seq"),
        ]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class AuditCheckpoint(models.Model):
    """The head of one stream as last seen by the worker. A stream that now ends before its
    checkpoint has lost its newest records, which its own links cannot show."""

    stream = models.PositiveSmallIntegerField(primary_key=True)
    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        ordering = ["stream"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self) -> str:
        return f"stream {self.stream} at {self.seq}"


class AuditVerification(AppendOnlyModel):
    """The result of one run of the chain check (`verify-audit`), as the worker recorded it:
    the audit browser shows the newest, so an auditor sees the chain's state without walking
    a large log on a page request. Evidence like the records it checks: never changed."""

    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"))
    records = models.PositiveBigIntegerField(_("records checked"))
    streams = models.PositiveIntegerField(_("streams"))
    broken_streams = models.PositiveIntegerField(_("broken streams"))
    problem_count = models.PositiveIntegerField(_("problems"))
    # The first problems found (stream, record, reason), at most PROBLEMS_KEPT of them.
    problems = models.JSONField(default=list)

    PROBLEMS_KEPT = 100

    class Meta:
        ordering = ["-finished", "-id"]
        verbose_name = _("audit verification")
        verbose_name_plural = _("audit verifications")

    def __str__(self) -> str:
        return f"verification at {self.finished:%Y-%m-%d %H:%M}: {self.problem_count} problem(s)"

    @property
    def intact(self) -> bool:
        return self.problem_count == 0
