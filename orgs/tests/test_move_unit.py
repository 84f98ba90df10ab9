"""Moving a unit takes its whole subtree along, so the heads above keep sight of every case."""

from __future__ import annotations

import pytest

from audit.models import AuditRecord
from audit.verify import verify_chain
from grievances.scoping import get_grievance_for, visible_grievances
from minsheng.errors import DomainError, NotAllowed
from orgs.actions import create_unit, grant_role, move_unit
from orgs.models import Unit
from orgs.scoping import forget_scope, scope_for


@pytest.fixture
def admin_user(cast, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


def tree() -> list[tuple[str, str, int]]:
    return list(Unit.objects.order_by("pk").values_list("code", "path", "level"))


def fresh_scope(user):
    forget_scope(user)
    return scope_for(user)


def test_moving_a_branch_rewrites_the_path_of_every_unit_below_it(cast, admin_user):
    team = create_unit(name="一班", code="A1-1", parent=cast.workshop, by=admin_user)
    move_unit(cast.branch_a, new_parent=cast.branch_b, by=admin_user)
    a, w, t = (Unit.objects.get(pk=u.pk) for u in (cast.branch_a, cast.workshop, team))
    b = cast.branch_b
    assert (a.path, a.level) == (f"{b.path}{a.pk}/", 2)
    assert (w.path, w.level) == (f"{b.path}{a.pk}/{w.pk}/", 3)
    assert (t.path, t.level) == (f"{b.path}{a.pk}/{w.pk}/{t.pk}/", 4)
    assert a.parent_id == b.pk and w.parent_id == a.pk


def test_after_a_move_the_head_above_the_new_place_sees_every_case_below_it(cast, admin_user):
    g, _ = cast.submit()  # a case of the workshop, two levels under the branch moved
    outsider_head = cast.outsider
    grant_role(outsider_head, cast.branch_b, "head", by=admin_user)
    assert g not in visible_grievances(outsider_head)

    move_unit(cast.branch_a, new_parent=cast.branch_b, by=admin_user)

    for head in (outsider_head, cast.chief):
        scope = fresh_scope(head)
        assert cast.workshop.pk in scope.unit_ids
        assert "head" in scope.roles_at(Unit.objects.get(pk=cast.workshop.pk))
        assert g in visible_grievances(head)
        assert get_grievance_for(head, g.code) == g
    # The branch's own head still heads what it brought along.
    assert g in visible_grievances(cast.head)


def test_after_a_move_the_head_above_the_old_place_no_longer_sees_it(cast, admin_user):
    g, _ = cast.submit()
    move_unit(cast.workshop, new_parent=cast.branch_b, by=admin_user)
    assert cast.workshop.pk not in fresh_scope(cast.head).unit_ids
    assert g not in visible_grievances(cast.head)
    assert g in visible_grievances(cast.chief)


def test_a_move_is_audited_with_where_from_and_where_to(cast, admin_user):
    move_unit(cast.branch_a, new_parent=cast.branch_b, by=admin_user)
    rec = AuditRecord.objects.latest("id")
    assert (rec.action, rec.object_id, rec.actor_id) == (
        "unit.moved",
        str(cast.branch_a.pk),
        admin_user.pk,
    )
    assert rec.data["from"] == "HQ" and rec.data["to"] == "B" and rec.data["units"] == 2
    assert verify_chain()[1] == []


def test_a_unit_cannot_be_moved_under_a_unit_below_it_and_nothing_changes(cast, admin_user):
    before, records = tree(), AuditRecord.objects.count()
    with pytest.raises(DomainError, match="cannot be moved under itself or a unit below it"):
        move_unit(cast.branch_a, new_parent=cast.workshop, by=admin_user)
    with pytest.raises(DomainError, match="cannot be moved under itself"):
        move_unit(cast.branch_a, new_parent=cast.branch_a, by=admin_user)
    assert tree() == before
    assert AuditRecord.objects.count() == records


def test_saving_a_unit_under_its_own_subtree_is_refused_too(cast):
    before = tree()
    cast.hq.parent = cast.workshop
    with pytest.raises(DomainError, match="cannot be placed under itself"):
        cast.hq.save()
    assert tree() == before


def test_moving_a_unit_where_it_already_is_records_nothing(cast, admin_user):
    records = AuditRecord.objects.count()
    move_unit(cast.workshop, new_parent=cast.branch_a, by=admin_user)
    assert AuditRecord.objects.count() == records


@pytest.mark.parametrize("who", ["head", "chief", "outsider", "auditor"])
def test_only_an_administrator_moves_units(cast, who):
    before, records = tree(), AuditRecord.objects.count()
    with pytest.raises(NotAllowed):
        move_unit(cast.workshop, new_parent=cast.branch_b, by=getattr(cast, who))
    assert tree() == before
    assert AuditRecord.objects.count() == records


def test_a_unit_saved_with_a_new_parent_outside_the_action_still_keeps_its_subtree(cast):
    # Whoever saves (a shell, a data fix), the paths below stay true.
    cast.branch_a.parent = cast.branch_b
    cast.branch_a.save()
    w = Unit.objects.get(pk=cast.workshop.pk)
    assert w.path == f"{cast.branch_b.path}{cast.branch_a.pk}/{w.pk}/" and w.level == 3
