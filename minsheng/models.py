from __future__ import annotations

from axes.models import AccessAttempt
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleSlot(models.Model):
    """When a periodic job next runs. The scheduler claims a slot with a conditional UPDATE,
    so of several workers ticking at once exactly one enqueues the job."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class FailedLogin(AccessAttempt):
    """Failed staff logins as django-axes counts them (one row per account name, address and
    browser), shown to administrators under this name; see minsheng/logins.py."""

    class Meta:
        proxy = True
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")


class CodeCounter(models.Model):
    """The last serial number given out under a code's head ("JZ-20261206-"): see
    minsheng/codes.py. One row per head and day, taken with an atomic upsert, so two people
    registering at the same moment never get the same code."""

    head = models.CharField(max_length=40, primary_key=True)
    last = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.head}{self.last:04d}"
