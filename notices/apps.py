from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from minsheng import schedule
        from notices import tasks

        schedule.register(tasks.deliver, every=timedelta(seconds=30), name="notices.deliver")
        schedule.register(tasks.digests, every=timedelta(minutes=10), name="notices.digests")
