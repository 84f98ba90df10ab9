"""Creating and renaming units, granting and revoking roles: administrators only, audited."""

from __future__ import annotations

import pytest

from audit.models import AuditRecord
from minsheng.errors import DomainError, NotAllowed
from orgs.actions import create_unit, grant_role, rename_unit, revoke_role
from orgs.models import Membership, Role, Unit
from orgs.scoping import forget_scope, scope_for


@pytest.fixture
def admin_user(cast, django_user_model):
    user = django_user_model.objects.create_user("admin", is_staff=True)
    Membership.objects.create(user=user, unit=cast.hq, role=Role.ADMIN)
    return user


def last_record() -> AuditRecord:
    return AuditRecord.objects.latest("id")


def state() -> tuple[list, list, int]:
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        AuditRecord.objects.count(),
    )


def test_an_administrator_creates_a_unit_under_another(cast, admin_user):
    unit = create_unit(
        name="二车间", name_en="Workshop A2", code="A2", parent=cast.branch_a, by=admin_user
    )
    assert (unit.path, unit.level) == (f"{cast.branch_a.path}{unit.pk}/", 2)
    rec = last_record()
    assert (rec.action, rec.object_id) == ("unit.created", str(unit.pk))
    assert rec.data == {"name": "二车间", "code": "A2", "parent": "A"}
    # The head of the branch sees the new workshop at once.
    assert unit.pk in _fresh(cast.head)


def _fresh(user):
    forget_scope(user)
    return scope_for(user).unit_ids


def test_a_code_already_used_is_refused_and_nothing_changes(cast, admin_user):
    before = state()
    with pytest.raises(DomainError, match="already used"):
        create_unit(name="重复", code="A1", parent=cast.hq, by=admin_user)
    with pytest.raises(DomainError, match="already used"):
        rename_unit(cast.branch_b, code="A", by=admin_user)
    with pytest.raises(DomainError, match="needs a name and a code"):
        rename_unit(cast.branch_b, name="  ", by=admin_user)
    assert state() == before


def test_renaming_records_the_old_and_new_values(cast, admin_user):
    rename_unit(cast.branch_b, name="三分公司", code="C", by=admin_user)
    b = Unit.objects.get(pk=cast.branch_b.pk)
    assert (b.name, b.code) == ("三分公司", "C")
    assert last_record().data == {"name": ["二分公司", "三分公司"], "code": ["B", "C"]}


def test_granting_a_role_lets_the_user_act_and_is_audited(cast, admin_user):
    grant_role(cast.outsider, cast.workshop, Role.HANDLER, by=admin_user)
    assert scope_for(cast.outsider).holds(cast.workshop, [Role.HANDLER])
    rec = last_record()
    assert rec.action == "role.granted"
    assert rec.data == {"user": "outsider", "unit": "A1", "role": "handler"}


def test_revoking_a_role_takes_it_away_and_is_audited(cast, admin_user):
    revoke_role(cast.handler, cast.workshop, Role.HANDLER, by=admin_user)
    assert not scope_for(cast.handler).holds(cast.workshop, [Role.HANDLER])
    assert not Membership.objects.filter(user=cast.handler).exists()
    rec = last_record()
    assert (rec.action, rec.object_type) == ("role.revoked", "orgs.membership")
    assert rec.data == {"user": "handler", "unit": "A1", "role": "handler"}


def test_a_role_held_twice_or_not_held_or_unknown_is_refused_and_nothing_changes(cast, admin_user):
    before = state()
    with pytest.raises(DomainError, match="already holds"):
        grant_role(cast.handler, cast.workshop, Role.HANDLER, by=admin_user)
    with pytest.raises(DomainError, match="does not hold"):
        revoke_role(cast.handler, cast.branch_b, Role.HANDLER, by=admin_user)
    with pytest.raises(DomainError, match="no role"):
        grant_role(cast.handler, cast.workshop, "king", by=admin_user)
    assert state() == before


@pytest.mark.parametrize("who", ["chief", "head", "outsider", "auditor"])
def test_only_an_administrator_changes_units_and_roles(cast, who):
    by = getattr(cast, who)
    before = state()
    with pytest.raises(NotAllowed):
        create_unit(name="新", code="N", parent=cast.hq, by=by)
    with pytest.raises(NotAllowed):
        rename_unit(cast.branch_b, name="新", by=by)
    with pytest.raises(NotAllowed):
        grant_role(by, cast.hq, Role.ADMIN, by=by)
    with pytest.raises(NotAllowed):
        revoke_role(cast.handler, cast.workshop, Role.HANDLER, by=by)
    assert state() == before
