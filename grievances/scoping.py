"""The one door to grievances: every page, export and search starts here."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from grievances.models import ExtensionRequest, Grievance
from orgs.models import Unit
from orgs.scoping import scope_for


def visible_grievances(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Grievance]:
    """Cases of the user's units (and subtrees for heads), those they own, handle or
    registered, and those under review at one of their units. Nothing for users without a
    role."""
    scope = scope_for(user)
    if scope.everything or scope.all_units:
        return Grievance.objects.all()
    if not scope.is_staff_member:
        return Grievance.objects.none()
    units = sorted(scope.unit_ids)
    return Grievance.objects.filter(
        Q(unit_id__in=units)
        | Q(owner_id=user.pk)
        | Q(handler_id=user.pk)
        | Q(review_unit_id__in=units)
        | Q(created_by_id=user.pk)
    )


def get_grievance_for(user: AbstractBaseUser | AnonymousUser, code: str) -> Grievance:
    """The case with this receipt code if the user may see it; 404 otherwise, so a case
    outside one's scope is indistinguishable from one that does not exist."""
    try:
        return (
            visible_grievances(user)
            .select_related(
                "unit",
                "category",
                "owner",
                "handler",
                "arrival_unit",
                "review_unit",
                "dispatched_from",
                "merged_into",
                "repeat_of",
            )
            .get(code=code)
        )
    except Grievance.DoesNotExist as exc:
        raise Http404 from exc


def visible_extensions(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ExtensionRequest]:
    """Extension requests of the cases the user may see."""
    return ExtensionRequest.objects.filter(grievance__in=visible_grievances(user))


def intake_unit(user: AbstractBaseUser | AnonymousUser) -> Unit | None:
    """Where the user registers grievances brought to them: their first unit (top down) in
    which they hold a role that takes grievances in, or None (an auditor, a superuser with no
    unit): the console offers registering only to those who have one."""
    from orgs.models import Role

    takes_in = {Role.CLERK, Role.HANDLER, Role.LEADER, Role.HEAD, Role.ADMIN}
    scope = scope_for(user)
    if scope.read_only:
        return None
    ids = [uid for uid, roles in scope.direct_roles.items() if roles & takes_in and uid]
    return Unit.objects.filter(pk__in=ids).order_by("level", "pk").first() if ids else None


def may_register(user: AbstractBaseUser | AnonymousUser) -> bool:
    return intake_unit(user) is not None
