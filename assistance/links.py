"""Links between grievances and assistance (issue #9): from a grievance, the case's owner or
handler refers the complainant's household to a programme in one step, and the grievance's
page shows the applications referred from it with their state and outcome.

Assistance imports only `grievances.scoping` from grievances; the grievance reaches this
module from there (`get_grievance_for`) and is read through its own fields. The household is
found by the keyed hash of the complainant's ID number among the households the user sees;
no personal data of the complainant is read or shown here. A complainant whose household is
not registered is not registered from the grievance: the referral is refused with "register
the household first" (docs/decisions.md, branch assistlinks)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from assistance import lifecycle
from assistance.models import Application, Channel, Household, Programme
from assistance.scoping import visible_applications, visible_households
from grievances.links import record_link
from minsheng.errors import DomainError, NotAllowed


def may_refer(user: Any, grievance: Any) -> bool:
    """The case's owner and handler: they may see the complainant's identity, so finding the
    complainant's household tells them nothing new."""
    pk = getattr(user, "pk", None)
    return bool(pk and getattr(user, "is_authenticated", False)) and pk in (
        grievance.owner_id,
        grievance.handler_id,
    )


def household_of(user: Any, grievance: Any) -> Household | None:
    """The household, among those the user sees, whose ID number is the complainant's."""
    complainant = grievance.complainant if grievance.complainant_id else None
    id_hash = getattr(complainant, "id_hash", "") or ""
    if not id_hash:
        return None
    return visible_households(user).filter(id_hash=id_hash).select_related("unit").first()


def refer(grievance: Any, programme: Programme, *, by: Any, reason: str = "") -> Application:
    """Refer the complainant's household to the programme: an application on the grievance
    channel, naming the grievance. Refused (nothing written) if the user is not the case's
    owner or handler, or the household is not registered at a unit the user sees."""
    if not may_refer(by, grievance):
        raise NotAllowed(_("Only the owner or the handler of the case may refer it."))
    h = household_of(by, grievance)
    if h is None:
        raise DomainError(
            _(
                "No household with the complainant's ID number is registered at your units:"
                " register the household first, then refer it."
            )
        )
    with transaction.atomic():
        a = lifecycle.apply(
            h, programme, by=by, channel=Channel.GRIEVANCE, grievance=grievance, reason=reason
        )
        # The case's timeline shows the referral too (staff only).
        record_link(
            grievance,
            by=by,
            module="assistance",
            ref=a.code,
            text=f"{a.code} · {programme.name}",
            url=reverse("assistance:application", args=[a.code]),
        )
    return a


def linked_applications(grievance: Any, user: Any) -> QuerySet[Application]:
    """The applications referred from the grievance that the user may see."""
    return (
        visible_applications(user)
        .filter(grievance_id=grievance.pk)
        .select_related("programme")
        .order_by("created", "id")
    )
