"""The one door to the assistance module's rows: staff see the households (and their
applications) of the units they see (`orgs.scoping`: their own units, a head's subtree,
everything for auditors and administrators); the public sees none of them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from assistance.models import Application, Household
from orgs.scoping import scope_for

AnyUser = AbstractBaseUser | AnonymousUser


def visible_households(user: AnyUser) -> QuerySet[Household]:
    scope = scope_for(user)
    if not scope.is_staff_member:
        return Household.objects.none()
    if scope.everything or scope.all_units:
        return Household.objects.all()
    return Household.objects.filter(unit_id__in=sorted(scope.unit_ids))


def get_household_for(user: AnyUser, code: str) -> Household:
    """The household with this code if the user may see it; 404 otherwise."""
    try:
        return visible_households(user).select_related("unit").get(code=(code or "").upper())
    except Household.DoesNotExist:
        raise Http404 from None


def visible_applications(user: AnyUser) -> QuerySet[Application]:
    return Application.objects.filter(household__in=visible_households(user))


def get_application_for(user: AnyUser, code: str) -> Application:
    try:
        return (
            visible_applications(user)
            .select_related("household__unit", "programme")
            .get(code=(code or "").upper())
        )
    except Application.DoesNotExist:
        raise Http404 from None
