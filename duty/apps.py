from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "duty"
    verbose_name = _("Duty")

    def ready(self) -> None:
        from duty import compliance, incidents, notify, tasks
        from duty import todo as duty_todo
        from minsheng import console, schedule, scorecard, todo

        for page in (
            console.Page("duty", _("On duty now"), "duty:now", 60),
            console.Page("duty", _("Roster"), "duty:roster", 61),
            console.Page("duty", _("Coverage"), "duty:coverage", 62),
            console.Page("duty", _("My duty"), "duty:mine", 63),
            console.Page("duty", _("Heightened periods"), "duty:heightened", 64),
            console.Page("duty", _("Incident reports"), "duty:incidents", 70),
            console.Page(
                "duty",
                _("File an incident report"),
                "duty:incident_new",
                71,
                shown=incidents.may_report_somewhere,
            ),
        ):
            console.register_page(page)
        todo.register("duty", duty_todo.items)
        notify.register_roster_kinds()
        notify.register_incident_kinds()
        scorecard.register_section("duty", compliance.section, order=10)
        schedule.register(
            tasks.sweep_incidents, every=timedelta(minutes=5), name="duty.incidents.missing"
        )
        schedule.register(
            tasks.advance_alerts, every=timedelta(minutes=1), name="duty.incidents.alerts"
        )
