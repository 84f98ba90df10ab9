"""The one door to the duty module's rows: every page, export and API answer starts here.

Staff see the roster and incidents of the units they see (`orgs.scoping.visible_units`: their
own units, a head's subtree, everything for auditors and administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from duty.models import Handover, Incident, IncidentLink, Shift, SwapRequest
from orgs.models import Unit
from orgs.scoping import scope_for, visible_units

AnyUser = AbstractBaseUser | AnonymousUser


def duty_units(user: AnyUser) -> QuerySet[Unit]:
    """The units whose roster and incidents the user sees; none for the public."""
    if not scope_for(user).is_staff_member:
        return Unit.objects.none()
    return visible_units(user)


def visible_shifts(user: AnyUser) -> QuerySet[Shift]:
    scope = scope_for(user)
    if not scope.is_staff_member:
        return Shift.objects.none()
    if scope.everything or scope.all_units:
        return Shift.objects.all()
    return Shift.objects.filter(unit_id__in=sorted(scope.unit_ids))


def get_shift_for(user: AnyUser, pk: int) -> Shift:
    """The shift if the user may see it; 404 otherwise."""
    try:
        return visible_shifts(user).select_related("unit", "officer", "leader").get(pk=pk)
    except Shift.DoesNotExist:
        raise Http404 from None


# ---- incidents ----


def visible_incidents(user: AnyUser) -> QuerySet[Incident]:
    """Incidents of the units the user sees, of the units where they stand on duty now, and
    those whose alerts reached them (a duty officer from a workshop guarding its branch is
    alerted about the branch's incidents and must be able to open and acknowledge them);
    none for the public."""
    from django.utils import timezone

    from duty.models import AlertPage

    scope = scope_for(user)
    if not scope.is_staff_member:
        return Incident.objects.none()
    if scope.everything or scope.all_units:
        return Incident.objects.all()
    now = timezone.now()
    me = scope.user_id or 0  # a staff member: never None here
    guarding = Shift.objects.filter(starts__lte=now, ends__gt=now).filter(
        Q(officer_id=me) | Q(leader_id=me)
    )
    alerted = AlertPage.objects.filter(user_id=me).values("alert__incident_id")
    return Incident.objects.filter(
        Q(unit_id__in=sorted(scope.unit_ids))
        | Q(unit_id__in=guarding.values("unit_id"))
        | Q(pk__in=alerted)
    )


def get_incident_for(user: AnyUser, code: str) -> Incident:
    """The incident with this code if the user may see it; 404 otherwise."""
    try:
        return visible_incidents(user).select_related("unit").get(code=(code or "").upper())
    except Incident.DoesNotExist:
        raise Http404 from None


# ---- roster ----


def swaps_among(shifts: QuerySet[Shift]) -> QuerySet[SwapRequest]:
    """Swap requests of the given (already scoped) shifts."""
    return SwapRequest.objects.filter(shift__in=shifts).select_related("shift__unit")


def handovers_among(shifts: QuerySet[Shift]) -> QuerySet[Handover]:
    """Handover notes written on, or handed to, the given (already scoped) shifts."""
    return Handover.objects.filter(Q(shift__in=shifts) | Q(next_shift__in=shifts)).select_related(
        "shift__unit", "next_shift"
    )


def get_in(rows: QuerySet[Any], pk: int | None) -> Any:
    """The row `pk` of a scoped queryset; 404 otherwise."""
    found = rows.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise Http404
    return found


# ---- review ----


def visible_links(user: AnyUser, incident: Incident) -> QuerySet[IncidentLink]:
    """The incident's links to grievances the user may see (`grievances.scoping`): seeing an
    incident is no licence to read the subject or receipt code of a grievance of another
    unit, or of a confidential case, that somebody linked to it."""
    from grievances.scoping import visible_grievances

    return (
        IncidentLink.objects.filter(incident=incident, grievance__in=visible_grievances(user))
        .select_related("grievance")
        .order_by("created", "pk")
    )
