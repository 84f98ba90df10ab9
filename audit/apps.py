from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

VERIFY_EVERY = timedelta(hours=6)


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from audit import scoping, tasks
        from minsheng import console, schedule

        schedule.register(tasks.checkpoints, every=timedelta(minutes=10), name="audit.checkpoints")
        # The whole chain is walked a few times a day: at millions of records a walk takes
        # minutes, too long for a page request (see docs/decisions.md).
        schedule.register(tasks.verify, every=VERIFY_EVERY, name="audit.verify")
        console.register_page(
            console.Page("audit", _("Audit log"), "audit:log", 90, shown=scoping.may_read_audit)
        )
