from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    name = "grievances"
    verbose_name = _("Grievances")

    def ready(self) -> None:
        # The declared list of actions fills lifecycle.RULES: every action checks against it.
        from grievances import actions  # noqa: F401
