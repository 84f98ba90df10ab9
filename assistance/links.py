"""Links between grievances and assistance (issue #9): from a grievance, the case's owner or
handler refers the complainant's household to a programme in one step, and the grievance's
page shows the applications referred from it with their state and outcome.

Assistance imports only `grievances.scoping` and `grievances.links` from grievances. The
household is found by the keyed hash of the complainant's ID number among the households the
user sees (`refer`). A complainant with an ID number whose household is registered nowhere is
registered from the grievance in the same step (`register_and_refer`): the complainant's
identity is read through `grievances.links.complainant_identity` (an audited identity view),
the household registered with the head as its only member, the application opened on the
grievance channel and the link written on the case's timeline, in one transaction. Nothing
else here reads or shows the complainant's personal data."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance import checks, lifecycle
from assistance.checks import MemberInput
from assistance.models import Application, Channel, Health, Household, Programme, Relation
from assistance.scoping import visible_applications, visible_households
from grievances import links as glinks
from grievances.links import record_link
from minsheng.console import acts_somewhere
from minsheng.errors import DomainError, NotAllowed
from minsheng.workdays import local_date
from orgs.models import Unit
from orgs.scoping import scope_for


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
        _link(grievance, a, by)
    return a


def _link(grievance: Any, a: Application, by: Any, *extra: str) -> None:
    """The case's timeline shows the referral too (staff only)."""
    record_link(
        grievance,
        by=by,
        module="assistance",
        ref=a.code,
        text=" · ".join([a.code, a.programme.name, *extra]),
        url=reverse("assistance:application", args=[a.code]),
    )


def linked_applications(grievance: Any, user: Any) -> QuerySet[Application]:
    """The applications referred from the grievance that the user may see."""
    return (
        visible_applications(user)
        .filter(grievance_id=grievance.pk)
        .select_related("programme")
        .order_by("created", "id")
    )


# ---- registering the complainant's household from the grievance ----------------------------

REFER = "refer"  # the household is registered at the user's units: refer it
REGISTER = "register"  # registered nowhere: register it and refer it in one step


def acting_units(user: Any) -> QuerySet[Unit]:
    """The units where the user may register households."""
    scope = scope_for(user)
    if not acts_somewhere(user):
        return Unit.objects.none()
    if scope.everything or scope.all_units:
        return Unit.objects.all()
    units = Unit.objects.filter(pk__in=sorted(scope.unit_ids))
    return units.filter(pk__in=[u.pk for u in units if scope.roles_at(u)])


def default_unit(user: Any, grievance: Any) -> Unit | None:
    """Where a household registered from the case goes unless the user chooses: the case's
    unit if the user acts there, else the first (top down) of the units they act at."""
    if lifecycle.may_act(user, grievance.unit):
        unit: Unit = grievance.unit
        return unit
    return acting_units(user).order_by("level", "pk").first()


def _why_not_register(user: Any, grievance: Any) -> str:
    """Why the complainant's household cannot be registered from the case, or "" if it can.
    Reads the keyed hash only: no personal data, no audit record."""
    status = glinks.complainant_status(grievance)
    if status == glinks.ANONYMOUS:
        return _(
            "The complainant is anonymous: there is no household to refer to assistance"
            " from this case."
        )
    if status == glinks.NO_ID_NUMBER:
        return _(
            "The complainant gave no ID number: the household can be neither found on the"
            " register nor registered from this case."
        )
    id_hash = grievance.complainant.id_hash
    if visible_households(user).filter(id_hash=id_hash).exists():
        return _("The complainant's household is already registered at your units: refer it.")
    # Which unit is never said: the user does not see it.
    if Household.objects.filter(id_hash=id_hash).exists():
        return _(
            "The complainant's household is already registered at a unit you do not work in:"
            " it cannot be registered again, nor referred from this case."
        )
    if not acting_units(user).exists():
        return _("You do not work at a unit where households may be registered.")
    return ""


def referral_offer(user: Any, grievance: Any) -> tuple[str, str]:
    """What the grievance page's panel offers the user: (`REFER`, "") when the complainant's
    household is registered at the user's units, (`REGISTER`, "") when it can be registered
    and referred in one step, ("", why) when neither (the reason for people), ("", "") to
    someone who may not refer at all."""
    if not may_refer(user, grievance):
        return "", ""
    if household_of(user, grievance) is not None:
        return REFER, ""
    why = _why_not_register(user, grievance)
    return ("", why) if why else (REGISTER, "")


def _birth_year(id_number: str) -> int:
    """The year of birth in an 18-character ID number (characters 7 to 10)."""
    year = int(id_number[6:10])
    if not 1900 <= year <= local_date(timezone.now()).year:
        raise DomainError(
            _(
                "The complainant's ID number does not hold a valid year of birth: register the"
                " household with the register form."
            )
        )
    return year


def register_and_refer(
    grievance: Any,
    programme: Programme,
    *,
    by: Any,
    unit: Unit,
    hardship_types: list[str],
    consent: str,
    employment: str,
    health: str = Health.GOOD,
    disability: bool = False,
    income: dict[str, Any] | None = None,
    reason: str = "",
) -> Application:
    """Register the complainant's household at `unit` from what the case holds (name, ID
    number, phone, address), with the head as its only member (birth year from the ID
    number), and refer it to the programme: one transaction, with the `identity.view` audit
    record of the read, the household's registration, the application on the grievance
    channel and the link on the case's timeline. Returns the application.

    Refused, with nothing written (no audit record either), if the user is not the case's
    owner or handler, the complainant is anonymous or gave no ID number, the household is
    already registered (at the user's units: refer it; elsewhere: the unit is not named),
    the user does not act at `unit`, or any check of the registration or the application
    fails (a programme not open to the unit, a consent left empty, …)."""
    if not may_refer(by, grievance):
        raise NotAllowed(_("Only the owner or the handler of the case may refer it."))
    why = _why_not_register(by, grievance)
    if why:
        raise DomainError(why)
    if not lifecycle.may_act(by, unit):
        raise NotAllowed(_("You may act only on households of a unit you work in."))
    # Checked before anything is read, so a slip in the form reads no personal data.
    consent = checks.text(consent, _("the consent the household gave for its data"), limit=500)
    checks.hardships(hardship_types)
    head = MemberInput(
        relation=Relation.HEAD,
        birth_year=local_date(timezone.now()).year,  # a stand-in until the ID number is read
        employment=employment,
        health=health,
        disability=disability,
        income=income,
    )
    checks.member(head, local_date(timezone.now()))
    with transaction.atomic():
        person = glinks.complainant_identity(grievance, by=by, purpose="assistance.register")
        if person is None:  # may_refer implies may see the identity; kept as a guard
            raise NotAllowed(_("Only the owner or the handler of the case may refer it."))
        try:
            id_number = checks.id_number(person.id_number)
        except DomainError:
            raise DomainError(
                _(
                    "The complainant's ID number is not an 18-character ID number: register"
                    " the household with the register form."
                )
            ) from None
        h = lifecycle.register_household(
            by=by,
            unit=unit,
            head_name=person.name,
            id_number=id_number,
            phone=person.phone,
            address=person.address,
            hardship_types=hardship_types,
            consent=consent,
            members=[
                MemberInput(
                    relation=Relation.HEAD,
                    birth_year=_birth_year(id_number),
                    employment=employment,
                    health=health,
                    disability=disability,
                    income=income,
                )
            ],
        )
        a = lifecycle.apply(
            h, programme, by=by, channel=Channel.GRIEVANCE, grievance=grievance, reason=reason
        )
        _link(grievance, a, by, h.code)
    return a
