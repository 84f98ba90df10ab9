from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinshengConfig(AppConfig):
    name = "minsheng"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from minsheng import logins  # noqa: F401  (audits login locks through its receiver)
