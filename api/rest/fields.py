"""Input fields that take JSON types as they are: a number is not a string, "1" is not a
number, "yes" is not a boolean. And serializers that refuse fields they do not know, so a
misspelt field is an error rather than silently ignored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        """Unknown fields are reported together with every other field's errors."""
        unknown: dict[str, list[Any]] = {}
        if isinstance(data, Mapping):
            unknown = {str(k): [_("Unknown field.")] for k in data if k not in self.fields}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": _("Not a string.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": _("Not a whole number.")}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": _("Not true or false.")}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictChoicesField(serializers.ListField):
    """Several of the choices, as a JSON list of strings, each at most once."""

    def __init__(self, *, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty", not kwargs.get("required", True))
        super().__init__(child=StrictChoiceField(choices=choices), **kwargs)

    def to_internal_value(self, data: Any) -> list[Any]:
        return list(dict.fromkeys(super().to_internal_value(data)))


class StrictAmountField(serializers.DecimalField):
    """Yuan as a string ("1200.00"): a JSON number would lose cents."""

    default_error_messages = {"invalid": _('Not an amount of yuan in a string, such as "1200.00".')}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=12, decimal_places=2, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class StrictDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time as a string (2026-12-06T21:30:00+08:00); without an offset
    it is read in the configured time zone."""

    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss][+HH:MM]")
        return super().to_internal_value(value)
