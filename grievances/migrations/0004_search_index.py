"""The full-text search index of grievances (grievances/search.py), kept by the database.

One document per case: its subject, and a body made of its description, the text of every
reply that answers it (its own, and those of the collective case it was merged into) and its
contact notes (visits, appointments, dialogues, internal notes). Triggers rebuild a case's
document whenever one of these changes, whatever made the change (an action, the admin, a
bulk import), so the index never lags behind the case.

- SQLite: an FTS5 table with the trigram tokenizer, `grievances_search` (rowid = case id).
- PostgreSQL: a table `grievances_searchdoc` with a GIN trigram index (pg_trgm) on
  subject || body, which serves LIKE/ILIKE '%term%' for terms of three characters or more.

The SQL lives here, in the migration, so that later changes to the code cannot change what
this migration did; bench/search_bench.py reuses it (REBUILD_*, *_TRIGGERS) to load a large
dataset without the triggers and index it in one set-based statement.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CONTACT_KINDS = "('visit', 'appointment', 'dialogue', 'note')"

# ---- SQLite -------------------------------------------------------------------------------

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS grievances_search"
    " USING fts5(subject, body, tokenize = 'trigram')"
)

# The document of the cases chosen by {where} (a condition on g, the grievance row).
SQLITE_DOC = f"""
INSERT INTO grievances_search (rowid, subject, body)
SELECT g.id, g.subject,
       g.description
       || coalesce((SELECT char(10) || group_concat(
                           r.facts || char(10) || r.decision || char(10) || r.reasons
                           || char(10) || r.policy, char(10))
                    FROM grievances_reply r
                    WHERE r.grievance_id IN (g.id, g.merged_into_id)), '')
       || coalesce((SELECT char(10) || group_concat(e.text, char(10))
                    FROM grievances_timelineevent e
                    WHERE e.grievance_id = g.id AND e.kind IN {CONTACT_KINDS}
                      AND e.text <> ''), '')
FROM grievances_grievance g WHERE {{where}};
"""


def _sqlite_refresh(where: str, ids: str) -> str:
    """Delete and re-insert the documents of the cases `ids` (a condition on rowid)."""
    return f"DELETE FROM grievances_search WHERE {ids};\n" + SQLITE_DOC.format(where=where)


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER grievances_search_g_insert AFTER INSERT ON grievances_grievance
BEGIN {SQLITE_DOC.format(where="g.id = NEW.id")} END""",
    f"""CREATE TRIGGER grievances_search_g_update
AFTER UPDATE OF subject, description, merged_into_id ON grievances_grievance
BEGIN {_sqlite_refresh("g.id = NEW.id", "rowid = NEW.id")} END""",
    """CREATE TRIGGER grievances_search_g_delete AFTER DELETE ON grievances_grievance
BEGIN DELETE FROM grievances_search WHERE rowid = OLD.id; END""",
    # A reply answers its case and every case merged into it.
    f"""CREATE TRIGGER grievances_search_reply_insert AFTER INSERT ON grievances_reply
BEGIN {
        _sqlite_refresh(
            "g.id = NEW.grievance_id OR g.merged_into_id = NEW.grievance_id",
            "rowid IN (SELECT id FROM grievances_grievance"
            " WHERE id = NEW.grievance_id OR merged_into_id = NEW.grievance_id)",
        )
    } END""",
    f"""CREATE TRIGGER grievances_search_reply_update AFTER UPDATE ON grievances_reply
BEGIN {
        _sqlite_refresh(
            "g.id = NEW.grievance_id OR g.merged_into_id = NEW.grievance_id",
            "rowid IN (SELECT id FROM grievances_grievance"
            " WHERE id = NEW.grievance_id OR merged_into_id = NEW.grievance_id)",
        )
    } END""",
    f"""CREATE TRIGGER grievances_search_reply_delete AFTER DELETE ON grievances_reply
BEGIN {
        _sqlite_refresh(
            "g.id = OLD.grievance_id OR g.merged_into_id = OLD.grievance_id",
            "rowid IN (SELECT id FROM grievances_grievance"
            " WHERE id = OLD.grievance_id OR merged_into_id = OLD.grievance_id)",
        )
    } END""",
    f"""CREATE TRIGGER grievances_search_event_insert AFTER INSERT ON grievances_timelineevent
WHEN NEW.kind IN {CONTACT_KINDS}
BEGIN {_sqlite_refresh("g.id = NEW.grievance_id", "rowid = NEW.grievance_id")} END""",
    f"""CREATE TRIGGER grievances_search_event_update AFTER UPDATE ON grievances_timelineevent
BEGIN {_sqlite_refresh("g.id = NEW.grievance_id", "rowid = NEW.grievance_id")} END""",
    f"""CREATE TRIGGER grievances_search_event_delete AFTER DELETE ON grievances_timelineevent
WHEN OLD.kind IN {CONTACT_KINDS}
BEGIN {_sqlite_refresh("g.id = OLD.grievance_id", "rowid = OLD.grievance_id")} END""",
]

SQLITE_TRIGGER_NAMES = [
    "grievances_search_g_insert",
    "grievances_search_g_update",
    "grievances_search_g_delete",
    "grievances_search_reply_insert",
    "grievances_search_reply_update",
    "grievances_search_reply_delete",
    "grievances_search_event_insert",
    "grievances_search_event_update",
    "grievances_search_event_delete",
]

# Every case's document, in one statement (existing data; bench/search_bench.py).
SQLITE_REBUILD = ["DELETE FROM grievances_search", SQLITE_DOC.format(where="1")]

# ---- PostgreSQL ---------------------------------------------------------------------------

PG_DOC = f"""
    INSERT INTO grievances_searchdoc (grievance_id, subject, body)
    SELECT g.id, g.subject,
           concat_ws(E'\\n', g.description,
               (SELECT string_agg(concat_ws(E'\\n', r.facts, r.decision, r.reasons,
                                            nullif(r.policy, '')), E'\\n' ORDER BY r.id)
                FROM grievances_reply r
                WHERE r.grievance_id IN (g.id, g.merged_into_id)),
               (SELECT string_agg(e.text, E'\\n' ORDER BY e.id)
                FROM grievances_timelineevent e
                WHERE e.grievance_id = g.id AND e.kind IN {CONTACT_KINDS} AND e.text <> ''))
    FROM grievances_grievance g WHERE {{where}}"""

PG_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # No foreign key: Django's test flush TRUNCATEs the case table, and a document of a case
    # that is gone joins to nothing.
    """CREATE TABLE IF NOT EXISTS grievances_searchdoc (
        grievance_id bigint PRIMARY KEY,
        subject text NOT NULL,
        body text NOT NULL
    )""",
    f"""CREATE OR REPLACE FUNCTION grievances_search_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    {PG_DOC.format(where="g.id = ANY(ids)")}
    ON CONFLICT (grievance_id) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body;
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
       OR NEW.merged_into_id IS DISTINCT FROM OLD.merged_into_id THEN
        PERFORM grievances_search_refresh(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END $$""",
    """CREATE OR REPLACE FUNCTION grievances_search_on_reply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN target := OLD.grievance_id; ELSE target := NEW.grievance_id; END IF;
    PERFORM grievances_search_refresh(ARRAY(
        SELECT id FROM grievances_grievance WHERE id = target OR merged_into_id = target));
    RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION grievances_search_on_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN {CONTACT_KINDS} THEN
            PERFORM grievances_search_refresh(ARRAY[OLD.grievance_id]);
        END IF;
        RETURN NULL;
    END IF;
    IF NEW.kind IN {CONTACT_KINDS} THEN
        PERFORM grievances_search_refresh(ARRAY[NEW.grievance_id]);
    END IF;
    RETURN NULL;
END $$""",
]

PG_TRIGGERS = [
    """CREATE TRIGGER grievances_search_case
AFTER INSERT OR UPDATE OR DELETE ON grievances_grievance
FOR EACH ROW EXECUTE FUNCTION grievances_search_on_case()""",
    """CREATE TRIGGER grievances_search_reply
AFTER INSERT OR UPDATE OR DELETE ON grievances_reply
FOR EACH ROW EXECUTE FUNCTION grievances_search_on_reply()""",
    """CREATE TRIGGER grievances_search_event
AFTER INSERT OR UPDATE OR DELETE ON grievances_timelineevent
FOR EACH ROW EXECUTE FUNCTION grievances_search_on_event()""",
]

PG_TRIGGER_TABLES = {
    "grievances_search_case": "grievances_grievance",
    "grievances_search_reply": "grievances_reply",
    "grievances_search_event": "grievances_timelineevent",
}

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS grievances_searchdoc_trgm ON grievances_searchdoc"
    " USING gin ((subject || ' ' || body) gin_trgm_ops)"
)

PG_REBUILD = ["TRUNCATE grievances_searchdoc", PG_DOC.format(where="true")]


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [SQLITE_TABLE, *SQLITE_TRIGGERS, *SQLITE_REBUILD]
    elif vendor == "postgresql":
        statements = [*PG_SETUP, *PG_TRIGGERS, *PG_REBUILD, PG_INDEX]
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"grievance search does not support {vendor}")
    with schema_editor.connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cur:
        if vendor == "sqlite":
            for name in SQLITE_TRIGGER_NAMES:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
            cur.execute("DROP TABLE IF EXISTS grievances_search")
        elif vendor == "postgresql":
            for name, table in PG_TRIGGER_TABLES.items():
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cur.execute("DROP TABLE IF EXISTS grievances_searchdoc")
            for fn in ("on_case()", "on_reply()", "on_event()", "refresh(bigint[])"):
                cur.execute(f"DROP FUNCTION IF EXISTS grievances_search_{fn}")


class Migration(migrations.Migration):
    # After the migrations that rebuild the case and reply tables on SQLite (a rebuild with a
    # trigger naming another table being rebuilt fails there; 0009 says more).
    dependencies = [("grievances", "0006_merge_parallel_branches")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
