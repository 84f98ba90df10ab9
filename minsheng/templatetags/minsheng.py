from __future__ import annotations

from typing import Any

from django import template

from minsheng.names import person_name

register = template.Library()


@register.filter(name="person")
def person(user: Any) -> str:
    return person_name(user)
