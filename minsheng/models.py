from __future__ import annotations

from django.db import models


class ScheduleSlot(models.Model):
    """When a periodic job next runs. The scheduler claims a slot with a conditional UPDATE,
    so of several workers ticking at once exactly one enqueues the job."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
