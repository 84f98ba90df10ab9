from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "duty"
    verbose_name = _("Duty")

    def ready(self) -> None:
        from minsheng import console

        # ---- roster: pages, to-do, notices ----
        console.register_page(console.Page("duty", _("On duty now"), "duty:now", 60))
        # ---- incidents: pages, to-do, notices, sweeps ----
