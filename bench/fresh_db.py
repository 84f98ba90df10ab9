"""A database made afresh for one benchmark run, Django set up on it and migrated: the
PostgreSQL database `name` on 127.0.0.1 (dropped and created again), or
var/bench/<name>.sqlite3 (deleted first)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def fresh_database(kind: str, name: str, sqlite_file: str) -> None:
    sys.path.insert(0, str(ROOT))
    if kind == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    else:
        path = ROOT / "var" / "bench" / sqlite_file
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ.update(
        {
            "MINSHENG_DATABASE_URL": url,
            "MINSHENG_SECRET_KEY": "bench-secret",
            "MINSHENG_ENCRYPTION_KEY": "dGVzdC1rZXktZm9yLW1pbnNoZW5nLXRlc3RzLW9ubHk=",
            "MINSHENG_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "minsheng.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
