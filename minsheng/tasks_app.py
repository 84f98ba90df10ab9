"""django-tasks-db's app, with a name the admin can show in Chinese (the library's own
`verbose_name` is a plain English string that no catalogue can translate)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background jobs")  # type: ignore[assignment]
