"""The duty module's door into other modules' pages: `{% linked_incidents g %}` shows, on a
grievance's page, the incidents linked to it that the reader can see."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("duty/_linked_incidents.html", takes_context=True)
def linked_incidents(context: Any, grievance: Any) -> dict[str, Any]:
    from duty.incidents import incidents_linked_to

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"incidents": incidents_linked_to(grievance, user) if user is not None else []}
