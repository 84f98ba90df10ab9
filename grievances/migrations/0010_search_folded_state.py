"""PostgreSQL: the search document carries its text lower-cased once (`folded`) and the case's
state, so that a search reads neither ILIKE's case folding nor the case row for the state
filter every search has (docs/decisions.md, "Search"; docs/benchmarks.md, issue #7).

- `folded` is a stored generated column, lower(subject || ' ' || body): terms are lower-cased
  when the query is read (grievances.search.parse), so every term is matched with LIKE (or
  strpos) on it, and the trigram index is built on it instead of on subject || ' ' || body
  (that index is dropped). ILIKE and lower() per row read were most of an English word's cost
  at 1,000,000 cases.
- `state` is the case's state. The queue's filters (which the search applies) always test the
  state (closed cases are left out unless asked for), so the candidates are narrowed on the
  document before any case row is read; the exact scope and filters are still applied on the
  case row afterwards. The case trigger writes it: a change of state alone updates that one
  column instead of rebuilding the document.

SQLite: nothing to do (FTS5's trigram tokenizer folds case itself; the case row is read in
the same B-tree walk), so no SQLite trigger changes.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

_0004 = importlib.import_module("grievances.migrations.0004_search_index")
_0008 = importlib.import_module("grievances.migrations.0008_search_scope_columns")
CONTACT_KINDS = _0004.CONTACT_KINDS
SCOPE_COLUMNS = _0008.SCOPE_COLUMNS

PG_DOC = f"""
    INSERT INTO grievances_searchdoc
        (grievance_id, subject, body, unit_id, review_unit_id, owner_id, handler_id,
         created_by_id, state)
    SELECT g.id, g.subject,
           concat_ws(E'\\n', g.description,
               (SELECT string_agg(concat_ws(E'\\n', r.facts, r.decision, r.reasons,
                                            nullif(r.policy, '')), E'\\n' ORDER BY r.id)
                FROM grievances_reply r
                WHERE r.grievance_id IN (g.id, g.merged_into_id)),
               (SELECT string_agg(e.text, E'\\n' ORDER BY e.id)
                FROM grievances_timelineevent e
                WHERE e.grievance_id = g.id AND e.kind IN {CONTACT_KINDS} AND e.text <> '')),
           g.unit_id, g.review_unit_id, g.owner_id, g.handler_id, g.created_by_id, g.state
    FROM grievances_grievance g WHERE {{where}}"""

PG_FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION grievances_search_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    {PG_DOC.format(where="g.id = ANY(ids)")}
    ON CONFLICT (grievance_id) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
        unit_id = EXCLUDED.unit_id, review_unit_id = EXCLUDED.review_unit_id,
        owner_id = EXCLUDED.owner_id, handler_id = EXCLUDED.handler_id,
        created_by_id = EXCLUDED.created_by_id, state = EXCLUDED.state;
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
    ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
        UPDATE grievances_searchdoc SET state = NEW.state WHERE grievance_id = NEW.id;
    END IF;
    RETURN NULL;
END $$""",
]

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS grievances_searchdoc_folded ON grievances_searchdoc"
    " USING gin (folded gin_trgm_ops)"
)

# The scope's indexes (0008's, the unit's one with the state after it: a unit's cases in the
# states asked for are read from the index alone, a fifth of a branch's for one state).
PG_SCOPE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS grievances_searchdoc_unit_state ON grievances_searchdoc"
    " (unit_id, state)",
    *(sql for sql in _0008.PG_SCOPE_INDEXES if "searchdoc_unit_id " not in sql),
]

# Every case's document, in one statement (existing data; bench/search_bench.py), then the
# indexes (PG_INDEX and PG_SCOPE_INDEXES).
PG_REBUILD = ["TRUNCATE grievances_searchdoc", PG_DOC.format(where="true")]


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # The documents are written again from the cases (one statement, 23 s at 1,000,000
        # cases) rather than rewritten in place (an ALTER's rewrite, then an UPDATE of every
        # row, which left the table at 3.5 times its size): empty, then altered, filled, and
        # indexed once at the end.
        cur.execute("DROP INDEX IF EXISTS grievances_searchdoc_trgm")
        for column in SCOPE_COLUMNS:
            cur.execute(f"DROP INDEX IF EXISTS grievances_searchdoc_{column}")
        cur.execute("TRUNCATE grievances_searchdoc")
        cur.execute(
            "ALTER TABLE grievances_searchdoc ADD COLUMN IF NOT EXISTS state varchar(24),"
            " ADD COLUMN IF NOT EXISTS folded text"
            " GENERATED ALWAYS AS (lower(subject || ' ' || body)) STORED"
        )
        # A word's share of the documents is estimated from the column's histogram: 1,000
        # entries instead of 100 put 'overtime' at 22,667 matches (23,696 counted) where 100
        # gave 12,240 to 37,860 from one ANALYZE to the next, and the choice between walking
        # the documents and reading the matches rests on it.
        cur.execute("ALTER TABLE grievances_searchdoc ALTER COLUMN folded SET STATISTICS 1000")
        for sql in PG_FUNCTIONS:
            cur.execute(sql)
        cur.execute(PG_DOC.format(where="true"))
        cur.execute(PG_INDEX)
        for sql in PG_SCOPE_INDEXES:
            cur.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for sql in _0008.PG_FUNCTIONS:
            cur.execute(sql)
        cur.execute("DROP INDEX IF EXISTS grievances_searchdoc_folded")
        cur.execute("DROP INDEX IF EXISTS grievances_searchdoc_unit_state")
        cur.execute(
            "ALTER TABLE grievances_searchdoc DROP COLUMN IF EXISTS folded,"
            " DROP COLUMN IF EXISTS state"
        )
        cur.execute(_0004.PG_INDEX)
        for sql in _0008.PG_SCOPE_INDEXES:
            cur.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("grievances", "0009_triggers_after_table_rebuilds")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
