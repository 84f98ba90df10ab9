"""Tidy and compile the zh-Hans catalogue after appending entries by hand.

Parallel branches append to locale/zh_Hans/LC_MESSAGES/django.po (union-merged by git), so
the same msgid can appear twice: keep the first translated one, then write django.mo.
Run: .venv/bin/python scripts/compile_mo.py"""

from __future__ import annotations

from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> None:
    po = polib.pofile(str(PO), wrapwidth=0)
    seen: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in list(po):
        key = (entry.msgctxt, entry.msgid)
        kept = seen.get(key)
        if kept is None:
            seen[key] = entry
            continue
        if not (kept.msgstr or kept.msgstr_plural) and (entry.msgstr or entry.msgstr_plural):
            kept.msgstr, kept.msgstr_plural = entry.msgstr, entry.msgstr_plural
        po.remove(entry)
    empty = [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values()))]
    po.save(str(PO))
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{len(po)} entries, {len(empty)} untranslated")
    for msgid in empty[:20]:
        print("  untranslated:", msgid)


if __name__ == "__main__":
    main()
