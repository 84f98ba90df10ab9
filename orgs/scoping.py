"""Who may see and act where. Every query of protected rows starts from `scope_for(user)`.

A clerk, handler or leader sees the cases of the units they belong to; a unit head sees the
whole subtree below their unit; an auditor sees everything and changes nothing; an
administrator sees everything and acts as a head of every unit.

This module is the one place that knows how the tree and the roles decide visibility:
`subtree`/`subtree_ids` (a unit and everything below it), `visible_units` (the units a user
sees), `Scope.holds` and `members` (who holds which role where), `headed_chains` (the nearest
heads above a unit). Each module builds its own
door (`grievances/scoping.py`, …) on these, and computes none of them itself.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from orgs.models import Membership, Role, Unit

_CACHE_ATTR = "_minsheng_scope"


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    everything: bool = False
    # A head whose subtrees hold every unit: sees every case, and needs no filter at all
    # (an OR of unit, owner and handler clauses keeps SQLite off the received-at index).
    all_units: bool = False
    read_only: bool = True
    unit_ids: frozenset[int] = frozenset()
    direct_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    head_paths: tuple[str, ...] = ()

    @property
    def is_staff_member(self) -> bool:
        return self.everything or bool(self.direct_roles)

    def sees_unit(self, unit_id: int) -> bool:
        return self.everything or unit_id in self.unit_ids

    def roles_at(self, unit: Unit) -> frozenset[str]:
        """The roles this user holds for acting on `unit`: those held there directly, plus
        `head` where the user heads the unit or one of its ancestors."""
        if self.read_only and not self.direct_roles:
            return frozenset()
        roles = set(self.direct_roles.get(unit.pk, frozenset()))
        roles.discard(Role.AUDITOR)
        if Role.ADMIN in self._all_roles() or any(unit.path.startswith(p) for p in self.head_paths):
            roles.add(Role.HEAD)
        return frozenset(roles)

    def holds(self, unit: Unit, roles: Collection[str], *, above: bool = False) -> bool:
        """Whether the user holds one of `roles` by membership of `unit` itself or, with
        `above`, of a unit above it. Only memberships count: an administrator or the head of
        an ancestor is not thereby a leader of the unit (see `roles_at` for acting)."""
        ids = [unit.pk, *unit.ancestor_ids()] if above else [unit.pk]
        return any(self.direct_roles.get(i, frozenset()) & set(roles) for i in ids)

    @property
    def is_administrator(self) -> bool:
        """A superuser, or a holder of the administrator role."""
        return Role.ADMIN in self._all_roles()

    def _all_roles(self) -> set[str]:
        out: set[str] = set()
        for roles in self.direct_roles.values():
            out |= roles
        return out

    def unit_filter(self, prefix: str = "unit") -> Q:
        """A Q selecting rows whose `prefix` unit is visible. Q() for everything."""
        if self.everything:
            return Q()
        return Q(**{f"{prefix}_id__in": sorted(self.unit_ids)})


def scope_for(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's scope, computed once per user object (three queries at most)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        scope = Scope(user_id=None)
    else:
        rows = list(
            Membership.objects.filter(user_id=user.pk).values_list("unit_id", "unit__path", "role")
        )
        direct: dict[int, set[str]] = {}
        for unit_id, _path, role in rows:
            direct.setdefault(unit_id, set()).add(role)
        all_roles = {role for _u, _p, role in rows}
        everything = bool(
            getattr(user, "is_superuser", False) or all_roles & {Role.AUDITOR, Role.ADMIN}
        )
        read_only = not (all_roles - {Role.AUDITOR}) and not getattr(user, "is_superuser", False)
        head_paths = tuple(sorted({path for _u, path, role in rows if role == Role.HEAD}))
        unit_ids: set[int] = set(direct)
        if head_paths and not everything:
            q = Q()
            for p in head_paths:
                q |= Q(path__startswith=p)
            unit_ids |= set(Unit.objects.filter(q).values_list("id", flat=True))
        all_units = bool(head_paths) and len(unit_ids) == Unit.objects.count()
        if getattr(user, "is_superuser", False):
            direct.setdefault(0, set()).add(Role.ADMIN)
        scope = Scope(
            user_id=user.pk,
            everything=everything,
            all_units=all_units,
            read_only=read_only,
            unit_ids=frozenset(unit_ids),
            direct_roles={k: frozenset(v) for k, v in direct.items()},
            head_paths=head_paths,
        )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: AbstractBaseUser | AnonymousUser) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def subtree(unit: Unit) -> QuerySet[Unit]:
    """`unit` and every unit below it (the path is a prefix of theirs)."""
    return Unit.objects.filter(path__startswith=unit.path)


def subtree_ids(unit: Unit) -> list[int]:
    """The ids of `unit` and every unit below it."""
    return list(subtree(unit).values_list("id", flat=True))


def visible_units(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Unit]:
    """The units whose rows the user sees: every unit for auditors and administrators,
    the subtree for a head, the units of their memberships otherwise; none for the public."""
    scope = scope_for(user)
    if scope.everything or scope.all_units:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=sorted(scope.unit_ids))


def headed_chains(units: Collection[Unit]) -> dict[int, list[Unit]]:
    """For each unit, the units from it up to the root that have an active head, nearest
    first: where a decision, a reminder or an escalation about that unit goes (a unit with no
    head of its own answers to the nearest one above). Two queries, however many units."""

    def path(unit: Unit) -> list[int]:
        return [int(p) for p in unit.path.strip("/").split("/") if p]

    ids = {i for u in units for i in path(u)}
    headed = Membership.objects.filter(unit_id__in=ids, role=Role.HEAD, user__is_active=True)
    by_id = Unit.objects.in_bulk(list(headed.values_list("unit_id", flat=True).distinct()))
    return {u.pk: [by_id[i] for i in reversed(path(u)) if i in by_id] for u in units}


def members(unit: Unit, roles: Collection[str], *, above: bool = False) -> QuerySet[Any]:
    """The users holding one of `roles` by membership of `unit` or, with `above`, of a unit
    above it: the list that `Scope.holds` checks one user against."""
    ids = [unit.pk, *unit.ancestor_ids()] if above else [unit.pk]
    holders = Membership.objects.filter(unit_id__in=ids, role__in=list(roles)).values("user_id")
    return get_user_model().objects.filter(pk__in=holders)
