from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path_factory):
    # WhiteNoise warns (an error here) when STATIC_ROOT does not exist, as in a fresh
    # checkout where collectstatic never ran. See the report: minsheng/test_settings.py
    # should point STATIC_ROOT at a temporary directory like MEDIA_ROOT.
    settings.STATIC_ROOT = str(tmp_path_factory.getbasetemp() / "static")
    (tmp_path_factory.getbasetemp() / "static").mkdir(exist_ok=True)
