from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    name = "grievances"
    verbose_name = _("Grievances")

    def ready(self) -> None:
        # The declared list of actions fills lifecycle.RULES: every action checks against it.
        from grievances import (
            actions,  # noqa: F401
            notify,
            tasks,
            todo,
        )
        from grievances.scoping import may_register
        from minsheng import console, schedule
        from minsheng import todo as todo_list

        for page in (
            console.Page("grievances", _("My cases"), "grievances:home", 10),
            console.Page("grievances", _("Unit queue"), "grievances:queue", 20),
            console.Page("grievances", _("Supervised"), "grievances:supervised", 30),
            console.Page(
                "grievances",
                _("Register a grievance"),
                "grievances:register",
                40,
                shown=may_register,
            ),
            console.Page("grievances", _("Scorecard"), "grievances:scorecard", 50),
            console.Page("search", _("Search"), "search:results", 55),
        ):
            console.register_page(page)
        todo_list.register("grievances", todo.items)
        notify.register_kinds()
        schedule.register(
            tasks.sweep_deadlines, every=timedelta(minutes=5), name="grievances.sweep"
        )
        schedule.register(
            tasks.refresh_scorecard, every=timedelta(minutes=1), name="grievances.scorecard"
        )
