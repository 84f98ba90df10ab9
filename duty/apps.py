from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "duty"
    verbose_name = _("Duty")

    def ready(self) -> None:
        # ---- roster: pages, to-do, notices ----
        from duty import notify as duty_notify
        from duty import roster as duty_roster
        from minsheng import console, todo

        console.register_page(console.Page("duty", _("On duty now"), "duty:now", 60))
        console.register_page(console.Page("duty", _("Roster"), "duty:roster", 61))
        console.register_page(console.Page("duty", _("Coverage"), "duty:coverage", 62))
        console.register_page(console.Page("duty", _("My duty"), "duty:mine", 63))
        console.register_page(console.Page("duty", _("Heightened periods"), "duty:heightened", 64))
        todo.register("duty-roster", duty_roster.todo_items)
        duty_notify.register_roster_kinds()
        # ---- incidents: pages, to-do, notices, sweeps ----
