"""The console's fields built from declared inputs (`minsheng.forms.form_field`)."""

from __future__ import annotations

from django import forms

from minsheng.actions import Field
from minsheng.forms import form_field


def _form(spec: Field) -> type[forms.Form]:
    return type("F", (forms.Form,), {spec.name: form_field(spec)})


def test_a_required_decision_starts_unchosen_and_must_be_made() -> None:
    spec = Field("upheld", "Outcome", "yesno", choices=(("1", "Upheld"), ("0", "Not upheld")))
    form = _form(spec)()
    html = str(form["upheld"])
    assert html.index('value=""') < html.index('value="1"')  # the blank comes first
    assert 'value="" selected' in html
    assert not _form(spec)({"upheld": ""}).is_valid()
    chosen = _form(spec)({"upheld": "0"})
    assert chosen.is_valid() and chosen.cleaned_data["upheld"] is False


def test_an_optional_yes_or_no_keeps_its_two_choices() -> None:
    spec = Field("preview", "Preview", "yesno", required=False, choices=(("1", "Yes"), ("0", "No")))
    assert [v for v, _label in form_field(spec).choices] == ["1", "0"]  # type: ignore[attr-defined]
