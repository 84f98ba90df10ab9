from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from api import tasks
        from minsheng import schedule

        schedule.register(
            tasks.expire_idempotency, every=timedelta(hours=1), name="api.expire_idempotency"
        )
