"""Finds what a Chinese reader should never see on a zh-Hans page: a run of English words
(an untranslated string) or a raw choice value (`dissatisfied` where 不满意 belongs).

Only what a person sees or hears is read: text nodes outside <script>/<style> and outside
`<code class="data">` (a signed audit record's data, shown to the auditor verbatim as it was
hashed) and `<code class="rule">` (a rule in the assistance rule language: its keywords and
fact names are the same in both languages), and the
attributes a browser shows or a screen reader speaks (title, placeholder, aria-label, alt,
the value of a button). Codes, names and addresses are allowed: a receipt code or a unit
code has digits, a URL or an e-mail address is taken out before looking, and the caller
names the people and the few words that are the same in both languages (`allow`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from django.db import models

SPOKEN_ATTRS = {"title", "placeholder", "aria-label", "alt"}
# Two or more ASCII words of letters in a row, separated by spaces: "Last used", "reply due".
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ \t]+[A-Za-z][A-Za-z'’]*)+")
ADDRESS = re.compile(r"(?:https?://|/)[^\s<>\"]*|[\w.+-]+@[\w-]+\.[\w.-]+")
# Words that read the same in Chinese text (brand and protocol names, acronyms).
ALWAYS_ALLOWED = {"REST API", "Open311 API", "WeCom", "DingTalk", "OpenAPI", "GeoReport v"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.texts: list[str] = []
        self.codes: list[bool] = []  # for each open <code>: is it verbatim record data?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.skip += 1
        a = dict(attrs)
        if tag == "code":
            verbatim = bool({"data", "rule"} & set((a.get("class") or "").split()))
            self.codes.append(verbatim)
            self.skip += verbatim
        for name in SPOKEN_ATTRS:
            if a.get(name):
                self.texts.append(str(a[name]))
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.texts.append(str(a["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1
        if tag == "code" and self.codes and self.codes.pop():
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]


def english_runs(html: str, allow: Iterable[str] = ()) -> list[str]:
    """Each run of 2+ English words in the visible text that is not allowed."""
    allowed = sorted({*ALWAYS_ALLOWED, *(a for a in allow if a)}, key=len, reverse=True)
    found = []
    for text in visible_texts(html):
        text = ADDRESS.sub(" ", text)
        for name in allowed:
            text = text.replace(name, " ")
        found += [m.group(0) for m in ENGLISH_RUN.finditer(text)]
    return found


def choice_values(*choice_classes: type[models.TextChoices]) -> set[str]:
    """Every value of the given TextChoices that is a word (letters and underscores)."""
    return {
        str(v)
        for cls in choice_classes
        for v in cls.values
        if re.fullmatch(r"[a-z][a-z_]*", str(v))
    }


def raw_values(html: str, values: Iterable[str]) -> list[str]:
    """Each choice value that appears as a visible word of its own."""
    words = set()
    for text in visible_texts(html):
        words |= set(re.findall(r"[A-Za-z_]+", ADDRESS.sub(" ", text)))
    return sorted(words & set(values))
