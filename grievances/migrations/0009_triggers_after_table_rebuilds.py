"""SQLite rebuilds a table (create, copy, drop, rename) for many schema changes, and the
triggers on the old table go with it. The scorecard's and the search's triggers were created
on branches that ran beside others which change the case, reply and timeline tables, so on
SQLite some of those triggers were lost depending on the order the migrations ran in. This
creates them all again (and the search documents from the data), after every such change.

A later migration that changes one of these tables on SQLite must do the same: call
`reinstall` from its own RunPython (docs/modules.md, "Triggers")."""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

scorecard = importlib.import_module("grievances.migrations.0004_scorecard_rollups")
search = importlib.import_module("grievances.migrations.0004_search_index")


def reinstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL alters tables in place: its triggers stay
    with schema_editor.connection.cursor() as cur:
        for sql in scorecard.SQLITE_DROP:
            cur.execute(sql)
        for name in search.SQLITE_TRIGGER_NAMES:
            cur.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in [*scorecard.SQLITE_CREATE, *search.SQLITE_TRIGGERS, *search.SQLITE_REBUILD]:
            cur.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("grievances", "0007_merge_search_index"),
        ("grievances", "0008_search_scope_columns"),
    ]

    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
