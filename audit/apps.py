from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from audit import tasks
        from minsheng import schedule

        schedule.register(tasks.checkpoints, every=timedelta(minutes=10), name="audit.checkpoints")
