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
        from datetime import timedelta

        from duty import incidents, notify, tasks
        from minsheng import schedule

        console.register_page(console.Page("duty", _("Incident reports"), "duty:incidents", 70))
        console.register_page(
            console.Page(
                "duty",
                _("File an incident report"),
                "duty:incident_new",
                71,
                shown=incidents.may_report_somewhere,
            )
        )
        notify.register_incident_kinds()
        schedule.register(
            tasks.sweep_incidents, every=timedelta(minutes=5), name="duty.incidents.missing"
        )
        schedule.register(
            tasks.advance_alerts, every=timedelta(minutes=1), name="duty.incidents.alerts"
        )
