from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def _static_root() -> Iterator[None]:
    # WhiteNoise warns (an error under our warning filters) when STATIC_ROOT does not exist,
    # as on a fresh checkout; the live server builds its middleware once per session, so any
    # override must be in place before it starts. Redundant once minsheng/test_settings.py
    # points STATIC_ROOT at a temporary directory.
    if os.path.isdir(settings.STATIC_ROOT):
        yield
        return
    path = tempfile.mkdtemp(prefix="minsheng-browser-static-")
    with override_settings(STATIC_ROOT=path):
        yield
    os.rmdir(path)
