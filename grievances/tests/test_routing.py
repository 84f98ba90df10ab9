"""Where a grievance goes when the person leaves the unit at the top: the routing rules an
administrator keeps (category, optionally place, to the unit responsible), else the intake
desk; and skip-level only when the person chose to bring the matter above its unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from api.open311.testing import as_json, make_token
from api.tests.rest_helpers import NEW, Api
from audit.models import AuditRecord
from grievances import lifecycle
from grievances.intake import submit
from grievances.models import (
    Category,
    Channel,
    EventKind,
    Grievance,
    Kind,
    RoutingRule,
    State,
)
from grievances.routing import matching_rule
from grievances.scoping import visible_grievances
from grievances.tests.helpers import fresh
from minsheng.errors import NotAllowed
from orgs import actions as org_actions
from orgs.models import Role, Unit, intake_desk

PORTAL = {
    "kind": "complaint",
    "subject": "加班费未按时发放",
    "description": "十月份的加班费到现在还没有发。",
    "headcount": "1",
    "identity_mode": "anonymous",
}


@pytest.fixture
def desk(cast: Any, django_user_model: Any) -> Unit:
    """The group's letters and visits office, marked as the intake desk, with a leader."""
    unit = Unit.objects.create(
        name="信访办公室", name_en="Intake Desk", code="HQ-LV", parent=cast.hq
    )
    org_actions.set_intake_desk(unit, on=True, by=None)
    sorter = django_user_model.objects.create_user(username="sorter", password="x")
    org_actions.grant_role(sorter, unit, Role.LEADER, by=None)
    return unit


def from_portal(client: Any, cast: Any, **fields: Any) -> Grievance:
    """A grievance sent through the portal with the unit left at the top."""
    data = {**PORTAL, "unit": str(cast.hq.pk), **fields}
    response = client.post(reverse("portal:submit"), data)
    assert response.status_code == 302, response.content
    return Grievance.objects.latest("id")


def at_the_top(cast: Any, **kwargs: Any) -> Grievance:
    fields: dict[str, Any] = {
        "channel": Channel.WEB,
        "kind": Kind.COMPLAINT,
        "subject": "加班费未按时发放",
        "description": "十月份的加班费到现在还没有发。",
        "unit": cast.hq,
        "category": cast.category,
        "identity_mode": "anonymous",
        "route": True,
    }
    fields.update(kwargs)
    return submit(**fields)[0]


# ---- by rule ------------------------------------------------------------------------------


def test_a_portal_grievance_left_at_the_top_goes_to_the_unit_of_its_categorys_rule(
    client: Any, cast: Any
) -> None:
    rule = RoutingRule.objects.create(category=cast.category, unit=cast.workshop)
    g = from_portal(client, cast, category=str(cast.category.pk))
    assert g.unit == cast.workshop and g.arrival_unit == cast.hq
    assert g.routed and not g.is_skip_level
    assert g.state == State.RECEIVED
    routed = g.events.get(kind=EventKind.ROUTED)
    assert routed.public and routed.actor is None
    assert routed.data == {"from": "HQ", "to": "A1", "rule": rule.pk, "intake_desk": False}
    # It waits in the workshop's queue, for the workshop's own staff.
    assert visible_grievances(cast.handler).filter(pk=g.pk).exists()
    assert AuditRecord.objects.filter(action="grievance.routed").count() == 1


def test_a_rule_with_a_place_wins_over_the_categorys_rule_where_the_place_is_named(
    cast: Any,
) -> None:
    RoutingRule.objects.create(category=cast.category, unit=cast.branch_b)
    RoutingRule.objects.create(
        category=cast.category, place="一车间，Workshop A1", unit=cast.workshop
    )
    assert at_the_top(cast, location="一车间甲班").unit == cast.workshop
    # case, width and spaces do not matter
    assert at_the_top(cast, location="ＷＯＲＫＳＨＯＰ a1 canteen").unit == cast.workshop
    # elsewhere, the category's rule
    assert at_the_top(cast, location="职工食堂").unit == cast.branch_b
    assert at_the_top(cast, location="").unit == cast.branch_b


def test_the_longest_named_place_and_then_the_nearest_category_decide(cast: Any) -> None:
    arrears = Category.objects.create(code="wages-arrears", name="工资拖欠", parent=cast.category)
    RoutingRule.objects.create(category=cast.category, place="一车间", unit=cast.branch_a)
    RoutingRule.objects.create(category=cast.category, place="一车间宿舍", unit=cast.branch_b)
    assert matching_rule(arrears, "一车间宿舍3号楼").unit == cast.branch_b  # type: ignore[union-attr]
    # A rule on the category itself beats its parent's for the same place.
    RoutingRule.objects.create(category=arrears, place="一车间", unit=cast.workshop)
    assert matching_rule(arrears, "一车间甲班").unit == cast.workshop  # type: ignore[union-attr]
    # A parent's rule covers the categories under it.
    assert at_the_top(cast, category=arrears, location="一车间甲班").unit == cast.workshop


def test_an_inactive_rule_is_not_applied(cast: Any, desk: Unit) -> None:
    RoutingRule.objects.create(category=cast.category, unit=cast.workshop, active=False)
    assert at_the_top(cast).unit == desk


def test_the_api_and_open311_route_what_comes_in_at_the_top(client: Any, cast: Any) -> None:
    RoutingRule.objects.create(category=cast.category, unit=cast.workshop)
    r = Api().post("/api/v1/grievances/", {**NEW, "category": "wages"})
    assert r.status_code == 201
    assert r.json()["unit"] == "A1"
    assert Grievance.objects.get(code=r.json()["code"]).unit == cast.workshop
    key = make_token(cast.chief, cast.hq, ["grievances:intake"])
    data = {"api_key": key, "service_code": "wages", "description": "加班费", "lat": "31.2"}
    r = client.post("/open311/v2/requests.json", {**data, "long": "121.4"})
    assert r.status_code == 200, r.content
    g = Grievance.objects.get(code=as_json(r)[0]["service_request_id"])
    assert (g.channel, g.unit, g.routed) == (Channel.OPEN311, cast.workshop, True)


def test_a_unit_the_person_chose_below_the_top_is_kept(client: Any, cast: Any) -> None:
    RoutingRule.objects.create(category=cast.category, unit=cast.workshop)
    g = from_portal(client, cast, category=str(cast.category.pk), unit=str(cast.branch_b.pk))
    assert g.unit == cast.branch_b and not g.routed
    assert not g.events.filter(kind=EventKind.ROUTED).exists()


def test_a_grievance_registered_by_staff_is_not_routed(cast: Any) -> None:
    RoutingRule.objects.create(category=cast.category, unit=cast.workshop)
    g, _secret = submit(
        channel=Channel.WALK_IN,
        kind=Kind.COMPLAINT,
        subject="加班费",
        description="加班费未发",
        unit=cast.hq,
        category=cast.category,
        identity_mode="anonymous",
        by=cast.chief,
    )
    assert g.unit == cast.hq and not g.routed


# ---- no rule: the intake desk -------------------------------------------------------------


def test_with_no_matching_rule_it_goes_to_the_intake_desk(client: Any, cast: Any, desk: Unit):
    RoutingRule.objects.create(category=cast.category, place="二车间", unit=cast.workshop)
    g = from_portal(client, cast, category=str(cast.category.pk), location="职工食堂")
    assert g.unit == desk and g.routed and not g.is_skip_level
    assert g.events.get(kind=EventKind.ROUTED).data["intake_desk"] is True
    # without a category too
    assert from_portal(client, cast).unit == desk


def test_with_no_rule_and_no_intake_desk_it_stays_at_the_top(client: Any, cast: Any) -> None:
    g = from_portal(client, cast, category=str(cast.category.pk))
    assert g.unit == cast.hq and g.routed and not g.is_skip_level
    assert not g.events.filter(kind=EventKind.ROUTED).exists()


def test_one_unit_at_most_is_the_intake_desk(cast: Any, desk: Unit) -> None:
    org_actions.set_intake_desk(cast.branch_a, on=True, by=None)
    assert intake_desk() == cast.branch_a
    desk.refresh_from_db()
    assert not desk.is_intake_desk
    record = AuditRecord.objects.filter(action="unit.intake_desk").latest("id")
    assert record.data == {"on": True, "previous": "HQ-LV"}
    with pytest.raises(NotAllowed):
        org_actions.set_intake_desk(cast.branch_b, on=True, by=cast.chief)
    assert intake_desk() == cast.branch_a


# ---- skip-level only when the person chose it ---------------------------------------------


def test_a_walk_in_at_headquarters_about_a_workshop_is_skip_level(cast: Any) -> None:
    # The person came to the group's window about their workshop: two levels above it.
    g = at_the_top(cast, unit=cast.workshop, arrival_unit=cast.hq, route=False)
    assert g.is_skip_level and not g.routed


def test_a_transfer_by_staff_after_routing_never_makes_it_skip_level(cast: Any, desk: Unit) -> None:
    g = at_the_top(cast)
    assert g.unit == desk
    sorter = desk.memberships.get().user
    g = lifecycle.transfer(g, by=sorter, to_unit=cast.workshop, reasons="属于一车间")
    g = fresh(g)
    assert g.unit == cast.workshop and g.arrival_unit == cast.hq
    assert g.is_skip_level is False
    # nor any later move
    g = lifecycle.transfer(g, by=cast.chief, to_unit=cast.branch_b, reasons="属于二分公司")
    g = lifecycle.transfer(g, by=cast.chief, to_unit=cast.workshop, reasons="仍属一车间")
    assert fresh(g).is_skip_level is False


def test_a_workshop_returns_a_wrongly_routed_case_to_the_intake_desk(cast: Any, desk: Unit) -> None:
    RoutingRule.objects.create(category=cast.category, unit=cast.workshop)
    g = at_the_top(cast)
    assert g.dispatched_from == desk
    g = lifecycle.return_case(g, by=cast.handler, reasons="不属于本车间")
    g = fresh(g)
    assert g.unit == desk and not g.is_skip_level


def test_the_skip_level_filter_counts_no_routed_case(cast: Any) -> None:
    RoutingRule.objects.create(category=cast.category, unit=cast.workshop)
    at_the_top(cast)
    at_the_top(cast, unit=cast.workshop, arrival_unit=cast.hq, route=False)
    assert Grievance.objects.filter(is_skip_level=True).count() == 1


# ---- the administrator keeps the rules ----------------------------------------------------


def test_an_administrator_adds_a_rule_in_the_admin_and_it_is_audited(
    client: Any, cast: Any, django_user_model: Any
) -> None:
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = reverse("admin:grievances_routingrule_add")
    data = {"category": cast.category.pk, "place": " 一车间，一车间 ; Workshop A1 ", "active": "on"}
    response = client.post(url, {**data, "unit": cast.workshop.pk})
    assert response.status_code == 302, response.content
    rule = RoutingRule.objects.get()
    assert rule.place == "一车间, Workshop A1"
    assert AuditRecord.objects.filter(action="admin.added", object_id=str(rule.pk)).exists()
    # the same category and place twice is refused with a message, nothing saved
    again = client.post(url, {**data, "place": "一车间, Workshop A1", "unit": cast.branch_b.pk})
    assert again.status_code == 200
    assert "already a rule for this category and place" in again.content.decode()
    assert RoutingRule.objects.count() == 1


def test_the_admin_marks_a_unit_as_the_intake_desk(
    client: Any, cast: Any, django_user_model: Any
) -> None:
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = reverse("admin:orgs_unit_change", args=[cast.branch_a.pk])
    data = {
        "name": cast.branch_a.name,
        "name_en": cast.branch_a.name_en,
        "code": cast.branch_a.code,
        "parent": cast.hq.pk,
        "is_intake_desk": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content
    assert intake_desk() == cast.branch_a
    assert AuditRecord.objects.filter(action="unit.intake_desk").exists()
