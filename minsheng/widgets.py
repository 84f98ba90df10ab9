"""Form widgets shared by the console and the portal."""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    """A browser date picker (`<input type="date">`). Its value is always ISO 8601
    (2025-12-07), whatever the language: a date input rejects the localised forms
    (2025/12/07 in Chinese) and shows nothing, so the date could not be changed."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
