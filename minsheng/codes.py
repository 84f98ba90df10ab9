"""Readable serial codes, one series per prefix and day: KN-20261206-0001, JZ-20261206-0002,
SJ-20261206-0003. A clerk can read one out over the phone and the date is in it.

The next numbers come from a counter row per head (`CodeCounter`), bumped by one
`UPDATE … RETURNING` (for the day's first code, `INSERT … ON CONFLICT DO UPDATE …
RETURNING`): atomic on PostgreSQL (the row lock is held until the transaction ends, so a
second writer waits and then gets the next number) and on SQLite (one writer at a time).
Counting the highest code already in the table, as the modules did before, gave two
concurrent writers the same number and one of them an IntegrityError. The highest existing
code still seeds a new day's row, so codes made before the counter existed are never given
out again.

Take the code last in a transaction, after every other row lock it needs (the rows the new
one refers to included): the counter's row stays locked until commit, so a transaction that
held it and then waited for another lock could deadlock with one that holds that lock and
wants a code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Max

from minsheng.models import CodeCounter
from minsheng.workdays import local_date


def next_codes(model: Any, prefix: str, now: datetime, count: int = 1) -> list[str]:
    """`count` new codes of `model` (whose `code` field holds them) for the local day of
    `now`, in order. Call it inside the transaction that creates the rows."""
    head = f"{prefix}-{local_date(now):%Y%m%d}-"
    table = connection.ops.quote_name(CodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        # The day's counter exists but for the day's first code: one statement.
        cursor.execute(
            f"UPDATE {table} SET last = last + %s WHERE head = %s RETURNING last",  # noqa: S608
            [count, head],
        )
        row = cursor.fetchone()
        if row is None:
            highest = model.objects.filter(code__startswith=head).aggregate(m=Max("code"))["m"]
            start = int(highest.rsplit("-", 1)[1]) if highest else 0
            cursor.execute(
                f"INSERT INTO {table} (head, last) VALUES (%s, %s)"  # noqa: S608 (a table name)
                f" ON CONFLICT (head) DO UPDATE SET last = {table}.last + %s RETURNING last",
                [head, start + count, count],
            )
            row = cursor.fetchone()
    last = row[0]
    return [f"{head}{n:04d}" for n in range(last - count + 1, last + 1)]


def next_code(model: Any, prefix: str, now: datetime) -> str:
    return next_codes(model, prefix, now)[0]
