"""The organisation's actions: creating, moving and renaming units, granting and revoking
roles. Each checks that an administrator acts, runs in one transaction and leaves an audit
record. The Django admin, commands and tests call these; nothing else changes the tree.

`by=None` is the system itself (a command, the demo seeding), named by `actor_label`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit import log as audit
from minsheng.errors import DomainError, NotAllowed
from orgs.models import Membership, Role, Unit, lock_tree
from orgs.scoping import forget_scope, scope_for

Actor = AbstractBaseUser | AnonymousUser | None


def _require_administrator(by: Actor) -> None:
    if by is not None and not scope_for(by).is_administrator:
        raise NotAllowed(_("Only an administrator may change units and roles."))


def _code_taken(code: str, but: int | None = None) -> bool:
    units = Unit.objects.filter(code=code)
    return (units.exclude(pk=but) if but is not None else units).exists()


def create_unit(
    *,
    name: str,
    code: str,
    parent: Unit | None,
    by: Actor,
    name_en: str = "",
    actor_label: str = "",
) -> Unit:
    """A new unit under `parent` (None: a top unit). Raises DomainError for an empty name or
    code, or a code already in use; NotAllowed unless an administrator acts."""
    _require_administrator(by)
    name, code = name.strip(), code.strip()
    if not name or not code:
        raise DomainError(_("A unit needs a name and a code."))
    with transaction.atomic():
        lock_tree()
        if _code_taken(code):
            raise DomainError(
                _("The code %(code)s is already used by another unit.") % {"code": code}
            )
        unit = Unit(name=name, name_en=name_en.strip(), code=code, parent=parent)
        unit.save()
        audit.record(
            by,
            "unit.created",
            unit,
            {"name": name, "code": code, "parent": parent.code if parent else None},
            actor_label=actor_label,
        )
    return unit


def move_unit(unit: Unit, *, new_parent: Unit | None, by: Actor, actor_label: str = "") -> Unit:
    """Put `unit`, with everything below it, under `new_parent`: every path in the subtree is
    rewritten in one statement, so the heads above the new place see its cases and those
    above the old place no longer do. Returns the unit as it now is; moving it where it
    already is changes nothing and records nothing.

    Raises DomainError, changing nothing, when `new_parent` is the unit itself or below it."""
    _require_administrator(by)
    with transaction.atomic():
        lock_tree()
        fresh = Unit.objects.select_for_update().get(pk=unit.pk)
        target = Unit.objects.get(pk=new_parent.pk) if new_parent is not None else None
        if target is not None and target.path.startswith(fresh.path):
            raise DomainError(
                _("%(unit)s cannot be moved under itself or a unit below it.")
                % {"unit": fresh.display_name}
            )
        if fresh.parent_id == (target.pk if target else None):
            return fresh
        old_parent, old_path = fresh.parent, fresh.path
        fresh.parent = target
        fresh.save()
        moved = Unit.objects.filter(path__startswith=fresh.path).count()
        audit.record(
            by,
            "unit.moved",
            fresh,
            {
                "from": old_parent.code if old_parent else None,
                "to": target.code if target else None,
                "path": [old_path, fresh.path],
                "units": moved,
            },
            actor_label=actor_label,
        )
    return fresh


def rename_unit(
    unit: Unit,
    *,
    by: Actor,
    name: str | None = None,
    name_en: str | None = None,
    code: str | None = None,
    actor_label: str = "",
) -> Unit:
    """Change a unit's names or code (None: keep). Returns the unit; records the old and new
    values of what changed, and nothing when nothing did. Raises DomainError for an empty
    name or code, or a code used by another unit."""
    _require_administrator(by)
    with transaction.atomic():
        lock_tree()  # first, as every change to units does: no lock-order deadlock with a move
        fresh = Unit.objects.select_for_update().get(pk=unit.pk)
        wanted = {"name": name, "name_en": name_en, "code": code}
        changes: dict[str, list[Any]] = {}
        for field, value in wanted.items():
            if value is None:
                continue
            value = value.strip()
            if not value and field != "name_en":
                raise DomainError(_("A unit needs a name and a code."))
            if value != getattr(fresh, field):
                changes[field] = [getattr(fresh, field), value]
                setattr(fresh, field, value)
        if "code" in changes and _code_taken(fresh.code, but=fresh.pk):
            raise DomainError(
                _("The code %(code)s is already used by another unit.") % {"code": fresh.code}
            )
        if not changes:
            return fresh
        fresh.save(update_fields=list(changes))
        audit.record(by, "unit.renamed", fresh, changes, actor_label=actor_label)
    return fresh


def set_intake_desk(unit: Unit, *, on: bool, by: Actor, actor_label: str = "") -> Unit:
    """Make `unit` the intake desk (`on`), taking the mark from the unit that had it, or stop
    it being one. Returns the unit; records the change, and nothing when nothing changed."""
    _require_administrator(by)
    with transaction.atomic():
        lock_tree()
        fresh = Unit.objects.select_for_update().get(pk=unit.pk)
        if fresh.is_intake_desk == on:
            return fresh
        previous = None
        if on:
            previous = Unit.objects.filter(is_intake_desk=True).first()
            if previous is not None:
                Unit.objects.filter(pk=previous.pk).update(is_intake_desk=False)
        fresh.is_intake_desk = on
        Unit.objects.filter(pk=fresh.pk).update(is_intake_desk=on)
        audit.record(
            by,
            "unit.intake_desk",
            fresh,
            {"on": on, "previous": previous.code if previous else None},
            actor_label=actor_label,
        )
    return fresh


def _describe(user: AbstractBaseUser, unit: Unit, role: str) -> dict[str, str]:
    return {"user": user.get_username(), "unit": unit.code, "role": role}


def grant_role(
    user: AbstractBaseUser, unit: Unit, role: str, *, by: Actor, actor_label: str = ""
) -> Membership:
    """Give `user` the role `role` in `unit`. Raises DomainError for an unknown role or a role
    the user already holds there."""
    _require_administrator(by)
    if role not in Role.values:
        raise DomainError(_("There is no role %(role)s.") % {"role": role})
    held = DomainError(
        _("%(user)s already holds this role in %(unit)s.")
        % {"user": user.get_username(), "unit": unit.display_name}
    )
    with transaction.atomic():
        if Membership.objects.filter(user_id=user.pk, unit=unit, role=role).exists():
            raise held
        try:
            with transaction.atomic():  # a concurrent grant of the same role wins the race
                membership = Membership.objects.create(user_id=user.pk, unit=unit, role=role)
        except IntegrityError as exc:
            raise held from exc
        audit.record(
            by, "role.granted", membership, _describe(user, unit, role), actor_label=actor_label
        )
    forget_scope(user)
    return membership


def revoke_role(
    user: AbstractBaseUser, unit: Unit, role: str, *, by: Actor, actor_label: str = ""
) -> None:
    """Take the role `role` in `unit` from `user`. Raises DomainError when they do not hold
    it there. The cases they own or handle stay theirs until reassigned."""
    _require_administrator(by)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(user_id=user.pk, unit=unit, role=role)
            .first()
        )
        if membership is None:
            raise DomainError(
                _("%(user)s does not hold this role in %(unit)s.")
                % {"user": user.get_username(), "unit": unit.display_name}
            )
        pk = membership.pk
        membership.delete()
        audit.record(
            by,
            "role.revoked",
            ("orgs.membership", pk),
            _describe(user, unit, role),
            actor_label=actor_label,
        )
    forget_scope(user)
