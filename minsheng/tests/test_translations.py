"""Both languages are complete: every string the code and templates use has a Chinese
translation, and the compiled catalogue matches its source."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _catalogue() -> polib.POFile:
    assert PO.exists(), "locale/zh_Hans/LC_MESSAGES/django.po is missing: run `make messages`"
    return polib.pofile(str(PO))


def test_every_chinese_entry_is_translated_and_not_fuzzy():
    po = _catalogue()
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert missing == [], f"untranslated: {missing[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"


def test_the_compiled_catalogue_matches_the_source():
    po = _catalogue()
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(MO)) if e.msgid}
    source = {e.msgid: e.msgstr for e in po if e.translated() and not e.msgid_plural}
    assert {k: v for k, v in source.items() if compiled.get(k) != v} == {}, (
        "django.mo is stale: run `make messages`"
    )


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (Debian package gettext) is needed to check the catalogue")
    work = tmp_path / "tree"
    for name in (
        "minsheng",
        "orgs",
        "grievances",
        "portal",
        "audit",
        "api",
        "notices",
        "duty",
        "assistance",
        "templates",
    ):
        shutil.copytree(BASE / name, work / name, ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(BASE / "locale", work / "locale")
    # Settings that point makemessages at the copy, never at the real catalogue.
    (work / "check_settings.py").write_text(
        f"from minsheng.test_settings import *  # noqa\nLOCALE_PATHS = [{str(work / 'locale')!r}]\n"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=work,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "check_settings",
            "PYTHONPATH": str(work),
            "PATH": "/usr/bin:/bin",
        },
    )
    fresh = polib.pofile(str(work / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {e.msgid for e in _catalogue() if e.translated()}
    new = sorted(e.msgid for e in fresh if e.msgid not in known)
    assert new == [], f"strings without a Chinese translation: {new[:15]}"
