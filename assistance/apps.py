from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("Hardship assistance")

    def ready(self) -> None:
        from assistance import notify, reminders, reports, tasks
        from assistance import todo as assistance_todo
        from minsheng import console, schedule, scorecard, todo

        for page in (
            console.Page("assistance", _("Households"), "assistance:households", 80),
            console.Page(
                "assistance",
                _("Register a household"),
                "assistance:register",
                81,
                shown=console.acts_somewhere,
            ),
            console.Page("assistance", _("Applications"), "assistance:applications", 82),
            console.Page("assistance", _("Programmes"), "assistance:programmes", 83),
            console.Page("assistance", _("Re-verification due"), "assistance:reverification", 84),
            console.Page("assistance", _("Assistance reports"), "assistance:reports", 85),
        ):
            console.register_page(page)
        todo.register("assistance", assistance_todo.items)
        scorecard.register_section("assistance", reports.scorecard_section, order=20)
        reminders.register_kinds()
        notify.register_kinds()
        schedule.register(
            tasks.remind_reverification,
            every=timedelta(hours=6),
            name="assistance.reverification.reminders",
        )
