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
        console.register_page(console.Page("duty", _("Roster"), "duty:roster", 61))
        console.register_page(console.Page("duty", _("Coverage"), "duty:coverage", 62))
        console.register_page(console.Page("duty", _("My duty"), "duty:mine", 63))
        console.register_page(console.Page("duty", _("Heightened periods"), "duty:heightened", 64))
        # The to-do provider, duty.roster.todo_items, is registered with the incidents' one
        # when the branches are merged (one "duty" provider), not here.
        from duty.notify import register_roster_kinds

        register_roster_kinds()
        # ---- incidents: pages, to-do, notices, sweeps ----
