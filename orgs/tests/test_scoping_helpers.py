"""The tree and role questions every module asks, answered in one place (orgs/scoping.py)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from orgs.models import Role, Unit
from orgs.scoping import members, scope_for, subtree, subtree_ids, visible_units


def test_a_subtree_is_the_unit_and_everything_below_it(cast):
    assert sorted(subtree_ids(cast.branch_a)) == sorted([cast.branch_a.pk, cast.workshop.pk])
    assert set(subtree(cast.hq)) == set(Unit.objects.all())
    assert subtree_ids(cast.branch_b) == [cast.branch_b.pk]


def test_a_unit_whose_id_shares_a_prefix_is_not_in_the_subtree(cast):
    # /1/2/ must not take in /1/23/: the path ends with a slash for this reason.
    lookalike = Unit.objects.create(
        pk=int(f"{cast.branch_a.pk}0"), name="车间", code="X", parent=cast.hq
    )
    assert lookalike.path.startswith(cast.branch_a.path.rstrip("/"))
    assert set(subtree_ids(cast.branch_a)) == {cast.branch_a.pk, cast.workshop.pk}


def test_each_user_sees_the_units_of_their_scope(cast):
    assert set(visible_units(cast.handler)) == {cast.workshop}
    assert set(visible_units(cast.head)) == {cast.branch_a, cast.workshop}
    assert set(visible_units(cast.outsider)) == {cast.branch_b}
    assert set(visible_units(cast.chief)) == set(Unit.objects.all())
    assert set(visible_units(cast.auditor)) == set(Unit.objects.all())
    assert not visible_units(AnonymousUser()).exists()


def test_holding_a_role_at_a_unit_or_above_it(cast):
    assert scope_for(cast.leader).holds(cast.workshop, [Role.LEADER])
    assert scope_for(cast.head).holds(cast.workshop, [Role.HEAD], above=True)
    assert not scope_for(cast.head).holds(cast.workshop, [Role.HEAD])
    assert not scope_for(cast.outsider).holds(cast.workshop, [Role.LEADER], above=True)
    # The auditor sees everything but holds no leader's role anywhere.
    assert not scope_for(cast.auditor).holds(cast.workshop, [Role.LEADER, Role.HEAD], above=True)


def test_members_lists_exactly_the_users_that_holds_accepts(cast, django_user_model):
    owners = [Role.LEADER, Role.HEAD]
    listed = set(members(cast.workshop, owners, above=True))
    assert listed == {cast.leader, cast.head, cast.chief}
    for user in django_user_model.objects.all():
        assert scope_for(user).holds(cast.workshop, owners, above=True) == (user in listed)
    assert set(members(cast.workshop, [Role.HANDLER, Role.LEADER])) == {cast.handler, cast.leader}


def test_a_superuser_is_an_administrator_and_a_head_is_not(cast, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    assert scope_for(root).is_administrator
    assert not scope_for(cast.chief).is_administrator
