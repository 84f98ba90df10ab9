from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path_factory):
    # WhiteNoise warns (an error under our warning filters) when STATIC_ROOT does not exist,
    # as on a fresh checkout before collectstatic. Redundant once minsheng/test_settings.py
    # points STATIC_ROOT at a temporary directory.
    if not os.path.isdir(settings.STATIC_ROOT):
        path = tmp_path_factory.getbasetemp() / "static"
        path.mkdir(exist_ok=True)
        settings.STATIC_ROOT = str(path)
