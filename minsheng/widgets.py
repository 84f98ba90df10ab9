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


class IsoDateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker (`<input type="datetime-local">`): its value is
    2025-12-07T21:30 in every language, in the local time zone, for the same reason."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
