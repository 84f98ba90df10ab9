"""The markup the portal's accessibility rests on, checked without a browser (the browser
test, tests/browser/test_accessibility.py, runs axe-core over the same pages): every error
is tied to its field, the form's errors are summarised with links to the fields, required
fields and groups are marked, and every page starts with a skip link to its content."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_each_error_is_tied_to_its_field_and_listed_in_a_summary(cast: Any) -> None:
    r = Client().post(
        "/submit/",
        {"kind": "rumour", "subject": "   ", "description": "x", "identity_mode": "named"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    ids = _ids(html)
    # The subject's input names its help and its error, and both exist.
    subject = re.search(r"<input[^>]*id=\"id_subject\"[^>]*>", html)
    assert subject is not None
    assert 'aria-invalid="true"' in subject.group(0)
    described = re.search(r'aria-describedby="([^"]+)"', subject.group(0))
    assert described is not None and "id_subject_error" in described.group(1).split()
    assert set(described.group(1).split()) <= ids
    # A radio group's error is tied to its fieldset (kind is a select; name a text field).
    assert "id_kind_error" in ids and "id_name_error" in ids
    # The summary links to each field in error, and the page title says there is an error.
    summary = html[html.index('class="error-summary"') :]
    for target in ("#id_kind", "#id_subject", "#id_name"):
        assert f'href="{target}"' in summary
    assert "<title>Error:" in html or "<title>错误:" in html


def test_a_radio_groups_error_is_tied_to_the_group(cast: Any) -> None:
    r = Client().post("/submit/", {"kind": "complaint", "subject": "a", "description": "b"})
    html = r.content.decode()
    fieldset = re.search(r'<fieldset class="required-group"[^>]*>', html)
    assert fieldset is not None
    assert "id_identity_mode_error" in fieldset.group(0)
    assert 'id="id_identity_mode_error"' in html


@pytest.mark.parametrize("path", ["/", "/submit/", "/track/"])
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_page_starts_with_a_skip_link_to_its_content(cast: Any, path: str, lang: str) -> None:
    html = Client().get(path, headers={"Accept-Language": lang}).content.decode()
    body = html[html.index("<body") :]
    first_link = re.search(r"<a [^>]*>", body)
    assert first_link is not None and 'class="skip-link"' in first_link.group(0)
    assert 'href="#content"' in first_link.group(0)
    assert '<main id="content"' in html
    assert f'<html lang="{"zh-Hans" if lang == "zh-hans" else "en"}">' in html


def test_required_fields_carry_the_required_attribute(cast: Any) -> None:
    html = Client().get("/submit/").content.decode()
    for name in ("kind", "subject", "description", "headcount"):
        tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html)
        assert tag is not None, name
        assert " required" in tag.group(0) or 'aria-required="true"' in tag.group(0), name
    radios = re.findall(r'<input type="radio" name="identity_mode"[^>]*>', html)
    assert radios and all(" required" in r for r in radios)
