"""The assistance module's door into the grievance page: `{% linked_assistance g %}` shows the
applications referred from the case that the reader sees, and to the case's owner or
handler the form that refers the complainant's household to a programme."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("assistance/_linked.html", takes_context=True)
def linked_assistance(context: Any, grievance: Any) -> dict[str, Any]:
    from assistance.forms import ReferForm
    from assistance.links import linked_applications, may_refer

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {"applications": [], "form": None}
    return {
        "g": grievance,
        "applications": list(linked_applications(grievance, user)),
        "form": context.get("refer_form") or (ReferForm() if may_refer(user, grievance) else None),
        "csrf_token": context.get("csrf_token"),
    }
