"""The assistance module's door into the grievance page: `{% linked_assistance g %}` shows the
applications referred from the case that the reader sees, and to the case's owner or
handler the form that refers the complainant's household to a programme: the short form when
the household is registered at their units, the form that registers it and refers it when it
is registered nowhere, and otherwise why neither is possible."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("assistance/_linked.html", takes_context=True)
def linked_assistance(context: Any, grievance: Any) -> dict[str, Any]:
    from assistance.forms import ReferForm, RegisterReferForm
    from assistance.links import (
        REFER,
        REGISTER,
        acting_units,
        default_unit,
        linked_applications,
        referral_offer,
    )

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {"applications": [], "form": None}
    offer, why = referral_offer(user, grievance)
    form = register_form = None
    if offer == REFER:
        form = context.get("refer_form") or ReferForm()
    elif offer == REGISTER:
        unit = default_unit(user, grievance)
        register_form = RegisterReferForm(
            units=acting_units(user), initial={"unit": unit.pk if unit else None}
        )
    return {
        "g": grievance,
        "applications": list(linked_applications(grievance, user)),
        "form": form,
        "register_form": register_form,
        "why_not": why,
        "csrf_token": context.get("csrf_token"),
    }
