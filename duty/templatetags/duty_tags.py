from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter(name="get_item")
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """`phones|get_item:shift.officer_id`: a value of a dict, or ''."""
    return mapping.get(key, "") if mapping else ""
