"""The one door to the duty module's rows: every page, export and API answer starts here.

Staff see the roster and incidents of the units they see (`orgs.scoping.visible_units`: their
own units, a head's subtree, everything for auditors and administrators)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from duty.models import Shift
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
