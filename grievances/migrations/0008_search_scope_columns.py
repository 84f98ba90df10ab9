"""PostgreSQL: the search document carries the columns that scope a case, so that a narrow
scope is answered by indexes on the document table (docs/decisions.md, "Search").

grievances/0004_search_index made `grievances_searchdoc` (subject, body) with a trigram GIN
index. A user who sees one case in 25 (a workshop leader) searching a common word made the
database either walk the documents newest first until it had 500 of theirs (hundreds of
thousands of rows) or read every matching document to learn whose it is. Here the document
also holds the case's unit, review unit, owner, handler and registrar (the columns of
grievances.scoping.visible_grievances), each with a btree index, so the database combines the
trigram index with the scope's indexes (BitmapAnd) and reads only the user's matching
documents. The scope is still applied exactly on the case row afterwards; these columns only
narrow what is read.

The triggers' refresh function writes the new columns; the case trigger also refreshes when
one of them changes. SQLite: nothing to do (FTS5 returns matches newest first from its index).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

_0004 = importlib.import_module("grievances.migrations.0004_search_index")
CONTACT_KINDS = _0004.CONTACT_KINDS

# The column and its type on the case table (units are bigint, users integer).
SCOPE_TYPES = {
    "unit_id": "bigint",
    "review_unit_id": "bigint",
    "owner_id": "integer",
    "handler_id": "integer",
    "created_by_id": "integer",
}
SCOPE_COLUMNS = tuple(SCOPE_TYPES)

PG_DOC = f"""
    INSERT INTO grievances_searchdoc
        (grievance_id, subject, body, unit_id, review_unit_id, owner_id, handler_id,
         created_by_id)
    SELECT g.id, g.subject,
           concat_ws(E'\\n', g.description,
               (SELECT string_agg(concat_ws(E'\\n', r.facts, r.decision, r.reasons,
                                            nullif(r.policy, '')), E'\\n' ORDER BY r.id)
                FROM grievances_reply r
                WHERE r.grievance_id IN (g.id, g.merged_into_id)),
               (SELECT string_agg(e.text, E'\\n' ORDER BY e.id)
                FROM grievances_timelineevent e
                WHERE e.grievance_id = g.id AND e.kind IN {CONTACT_KINDS} AND e.text <> '')),
           g.unit_id, g.review_unit_id, g.owner_id, g.handler_id, g.created_by_id
    FROM grievances_grievance g WHERE {{where}}"""

PG_FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION grievances_search_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    {PG_DOC.format(where="g.id = ANY(ids)")}
    ON CONFLICT (grievance_id) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
        unit_id = EXCLUDED.unit_id, review_unit_id = EXCLUDED.review_unit_id,
        owner_id = EXCLUDED.owner_id, handler_id = EXCLUDED.handler_id,
        created_by_id = EXCLUDED.created_by_id;
    DELETE FROM grievances_searchdoc d WHERE d.grievance_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM grievances_grievance g WHERE g.id = d.grievance_id);
$$""",
    """CREATE OR REPLACE FUNCTION grievances_search_on_case() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM grievances_searchdoc WHERE grievance_id = OLD.id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.subject IS DISTINCT FROM OLD.subject
       OR NEW.description IS DISTINCT FROM OLD.description
       OR NEW.merged_into_id IS DISTINCT FROM OLD.merged_into_id
       OR NEW.unit_id IS DISTINCT FROM OLD.unit_id
       OR NEW.review_unit_id IS DISTINCT FROM OLD.review_unit_id
       OR NEW.owner_id IS DISTINCT FROM OLD.owner_id
       OR NEW.handler_id IS DISTINCT FROM OLD.handler_id
       OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id THEN
        PERFORM grievances_search_refresh(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END $$""",
]

PG_SCOPE_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS grievances_searchdoc_{c} ON grievances_searchdoc ({c})"
    for c in SCOPE_COLUMNS
]

# Every case's document, in one statement (existing data; bench/search_bench.py), then the
# indexes (the trigram one is _0004.PG_INDEX).
PG_REBUILD = ["TRUNCATE grievances_searchdoc", PG_DOC.format(where="true")]


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # Rewriting every document is far cheaper without the trigram index; rebuilt after.
        cur.execute("DROP INDEX IF EXISTS grievances_searchdoc_trgm")
        cur.execute(
            "ALTER TABLE grievances_searchdoc "
            + ", ".join(
                f"ADD COLUMN IF NOT EXISTS {c} {t}" for c, t in SCOPE_TYPES.items()
            )
        )
        cur.execute(
            "UPDATE grievances_searchdoc d SET "
            + ", ".join(f"{c} = g.{c}" for c in SCOPE_COLUMNS)
            + " FROM grievances_grievance g WHERE g.id = d.grievance_id"
        )
        for sql in PG_FUNCTIONS:
            cur.execute(sql)
        cur.execute(_0004.PG_INDEX)
        for sql in PG_SCOPE_INDEXES:
            cur.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        # 0004's own functions (the refresh and the case trigger) come back first.
        for sql in _0004.PG_SETUP[2:4]:
            cur.execute(sql)
        cur.execute(
            "ALTER TABLE grievances_searchdoc "
            + ", ".join(f"DROP COLUMN IF EXISTS {c}" for c in SCOPE_COLUMNS)
        )


class Migration(migrations.Migration):
    dependencies = [("grievances", "0004_search_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
