"""Benchmark variant: minsheng.settings with persistent SQLite connections (one per gunicorn
worker) instead of a new connection, PRAGMAs and a cold page cache on every request.
Used by `bench/run.py --settings bench.settings_persistent` to measure that change."""

from __future__ import annotations

from minsheng.settings import *  # noqa: F403
from minsheng.settings import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = None
