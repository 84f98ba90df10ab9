from __future__ import annotations

from orgs.models import Role, Unit
from orgs.scoping import forget_scope, scope_for


def test_units_know_their_place_in_the_tree(cast):
    assert cast.workshop.level == 2
    assert cast.workshop.ancestor_ids() == [cast.hq.pk, cast.branch_a.pk]
    assert cast.workshop.is_within(cast.branch_a) and not cast.workshop.is_within(cast.branch_b)


def test_moving_a_unit_moves_its_path(cast):
    cast.branch_b.parent = cast.branch_a
    cast.branch_b.save()
    b = Unit.objects.get(pk=cast.branch_b.pk)
    assert (b.level, b.path) == (2, f"{cast.branch_a.path}{b.pk}/")


def test_a_workshop_member_sees_only_the_workshop(cast):
    scope = scope_for(cast.handler)
    assert scope.unit_ids == {cast.workshop.pk}
    assert scope.roles_at(cast.workshop) == {Role.HANDLER}
    assert scope.roles_at(cast.branch_a) == frozenset()
    assert not scope.read_only


def test_a_head_sees_and_heads_the_whole_subtree(cast):
    scope = scope_for(cast.head)
    assert scope.unit_ids == {cast.branch_a.pk, cast.workshop.pk}
    assert Role.HEAD in scope.roles_at(cast.workshop)
    assert scope.roles_at(cast.branch_b) == frozenset()
    assert scope_for(cast.chief).unit_ids == {u.pk for u in Unit.objects.all()}


def test_the_auditor_sees_everything_and_holds_no_role_to_act(cast):
    scope = scope_for(cast.auditor)
    assert scope.everything and scope.read_only and scope.is_staff_member
    for unit in Unit.objects.all():
        assert scope.roles_at(unit) == frozenset()


def test_a_user_without_membership_is_not_staff(cast, django_user_model):
    nobody = django_user_model.objects.create_user("nobody")
    scope = scope_for(nobody)
    assert not scope.is_staff_member and scope.unit_ids == frozenset()


def test_the_scope_is_computed_once_per_user_object(cast, django_assert_num_queries):
    forget_scope(cast.head)
    with django_assert_num_queries(3):  # memberships, the subtree, the number of units
        scope_for(cast.head)
        scope_for(cast.head)


def test_only_a_head_over_every_unit_is_marked_as_covering_all_units(cast):
    assert scope_for(cast.chief).all_units
    assert not scope_for(cast.head).all_units
    assert not scope_for(cast.handler).all_units


def test_the_head_over_every_unit_sees_cases_anywhere_without_a_filter(cast):
    from grievances.scoping import visible_grievances

    g, _ = cast.submit(unit=cast.branch_b)
    qs = visible_grievances(cast.chief)
    assert "WHERE" not in str(qs.query)
    assert g in qs
