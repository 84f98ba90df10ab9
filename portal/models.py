"""What the portal keeps: failed tracking attempts per client, for the throttle."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrackingFailures(models.Model):
    """Failed tracking attempts from one client address in the current window.

    The address is stored only as a keyed hash (see `minsheng.throttle.client_key`): the
    portal needs to recognise a returning address, never to know who it was."""

    client = models.CharField(_("client (keyed hash)"), max_length=64, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_start = models.DateTimeField(_("window start"), db_index=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracking failures")
        verbose_name_plural = _("tracking failures")

    def __str__(self) -> str:
        return f"{self.client[:12]}… ×{self.failures}"
