"""Settings for the test suite: fixed keys, fast password hashing, uploads in a temp dir.
The database is SQLite in memory unless MINSHENG_DATABASE_URL names another."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MINSHENG_SECRET_KEY", "test-secret-key-not-for-production")
# A fixed Fernet key, for tests only.
os.environ.setdefault("MINSHENG_ENCRYPTION_KEY", "dGVzdC1rZXktZm9yLW1pbnNoZW5nLXRlc3RzLW9ubHk=")
os.environ.setdefault("MINSHENG_DATABASE_URL", "sqlite://:memory:")

from minsheng.settings import *  # noqa: F403
from minsheng.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="minsheng-test-media-"))
# STATIC_ROOT may be missing, as on a fresh checkout before collectstatic: the finders serve
# the files (minsheng/staticfiles.py), and no warning (an error here) is given.
STATIC_ROOT = Path(tempfile.gettempdir()) / "minsheng-test-static-never-collected"
LANGUAGE_CODE = "en"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}
