"""A start without collected static files (the demo, development) gives no warning, and the
stylesheet is still served."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from minsheng.staticfiles import StaticFilesMiddleware


def test_a_missing_static_root_gives_no_warning_and_files_are_still_served(
    settings: Any, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"  # never collected
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        StaticFilesMiddleware(lambda request: None)
    response = Client().get("/static/css/minsheng.css")
    assert response.status_code == 200
    assert b"{" in b"".join(response.streaming_content)


def test_collected_files_are_served_from_static_root(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    (tmp_path / "collected.txt").write_text("collected", encoding="utf-8")
    middleware = StaticFilesMiddleware(lambda request: None)
    assert "/static/collected.txt" in middleware.files


def test_without_finders_a_missing_static_root_is_still_reported(
    settings: Any, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    with pytest.warns(UserWarning, match="No directory at"):
        StaticFilesMiddleware(lambda request: None)


def test_the_server_starts_without_the_warning(tmp_path: Path) -> None:
    """The WSGI application loads its middleware as runserver and gunicorn do, on a fresh
    var directory with no var/static."""
    script = (
        "import os, django, warnings;"
        "warnings.simplefilter('always');"
        "django.setup();"
        "from django.core.wsgi import get_wsgi_application;"
        "get_wsgi_application()"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "minsheng.settings",
        "MINSHENG_VAR_DIR": str(tmp_path),
        "MINSHENG_SECRET_KEY": "x",
        "MINSHENG_ENCRYPTION_KEY": "dGVzdC1rZXktZm9yLW1pbnNoZW5nLXRlc3RzLW9ubHk=",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "No directory at" not in done.stderr
    assert not (tmp_path / "static").exists()
