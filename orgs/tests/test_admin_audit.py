"""Every change made in the Django admin appears in the audit record, without secrets."""

from __future__ import annotations

import pytest

from api.models import ApiToken
from audit.models import AuditRecord
from audit.verify import verify_chain
from grievances.models import Category, DeadlinePolicy
from orgs.models import Membership, Role, Unit


@pytest.fixture
def root(cast, django_user_model, client):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return user


def records_since(mark: int) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(id__gt=mark).order_by("id"))


def mark() -> int:
    last = AuditRecord.objects.order_by("-id").first()
    return last.pk if last else 0


def no_inline(prefix: str = "memberships") -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_unit_added_in_the_admin_is_created_by_the_action_and_audited(client, root, cast):
    m = mark()
    response = client.post(
        "/admin/orgs/unit/add/",
        {
            "name": "二车间",
            "name_en": "Workshop A2",
            "code": "A2",
            "parent": cast.branch_a.pk,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": cast.outsider.pk,
            "memberships-0-role": Role.HANDLER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="A2")
    assert unit.path == f"{cast.branch_a.path}{unit.pk}/"
    assert Membership.objects.filter(user=cast.outsider, unit=unit, role=Role.HANDLER).exists()
    assert [(r.action, r.actor_id) for r in records_since(m)] == [
        ("unit.created", root.pk),
        ("role.granted", root.pk),
    ]


def test_a_unit_moved_in_the_admin_takes_its_subtree_and_is_audited(client, root, cast):
    m = mark()
    data = {"name": "一分公司", "name_en": "Branch A", "code": "A", "parent": cast.branch_b.pk}
    response = client.post(f"/admin/orgs/unit/{cast.branch_a.pk}/change/", data | no_inline())
    assert response.status_code == 302
    workshop = Unit.objects.get(pk=cast.workshop.pk)
    assert workshop.path == f"{cast.branch_b.path}{cast.branch_a.pk}/{workshop.pk}/"
    assert [r.action for r in records_since(m)] == ["unit.moved"]


def test_moving_a_unit_under_its_own_subtree_in_the_admin_shows_an_error(client, root, cast):
    m, before = mark(), list(Unit.objects.values_list("pk", "path"))
    data = {"name": "一分公司", "name_en": "Branch A", "code": "A", "parent": cast.workshop.pk}
    response = client.post(f"/admin/orgs/unit/{cast.branch_a.pk}/change/", data | no_inline())
    assert response.status_code == 200
    assert "cannot be placed under itself" in response.content.decode()
    assert list(Unit.objects.values_list("pk", "path")) == before
    assert records_since(m) == []


def test_roles_granted_and_revoked_in_the_membership_admin_are_audited(client, root, cast):
    m = mark()
    response = client.post(
        "/admin/orgs/membership/add/",
        {"user": cast.outsider.pk, "unit": cast.workshop.pk, "role": Role.LEADER},
    )
    assert response.status_code == 302
    granted = Membership.objects.get(user=cast.outsider, unit=cast.workshop)
    response = client.post(f"/admin/orgs/membership/{granted.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=cast.outsider, unit=cast.workshop).exists()
    recs = records_since(m)
    assert [r.action for r in recs] == ["role.granted", "role.revoked"]
    assert recs[1].data == {"user": "outsider", "unit": "A1", "role": "leader"}


def test_an_api_token_created_in_the_admin_is_audited_without_its_key(client, root, cast):
    m = mark()
    response = client.post(
        "/admin/api/apitoken/add/",
        {
            "name": "12345 热线",
            "user": cast.clerk.pk,
            "unit": cast.workshop.pk,
            "scopes": ["grievances:read"],
        },
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    [rec] = records_since(m)
    assert (rec.action, rec.object_type, rec.object_id) == (
        "admin.added",
        "api.apitoken",
        str(token.pk),
    )
    assert rec.data["fields"]["name"] == "12345 热线" and rec.data["fields"]["scopes"] == [
        "grievances:read"
    ]
    assert token.key_hash not in str(rec.data)
    assert set(rec.data["fields"]) == {"name", "user", "unit", "scopes", "revoked"}

    m = mark()
    response = client.post(
        f"/admin/api/apitoken/{token.pk}/change/",
        {
            "name": "12345 热线",
            "user": cast.clerk.pk,
            "unit": cast.workshop.pk,
            "scopes": ["grievances:read"],
            "revoked": "on",
        },
    )
    assert response.status_code == 302
    [rec] = records_since(m)
    assert rec.action == "admin.changed" and rec.data["changed"] == {"revoked": [False, True]}


def test_deadline_policies_and_categories_changed_in_the_admin_are_audited(client, root, cast):
    m = mark()
    policy = {
        "kind": "",
        "category": cast.category.pk,
        "day_type": DeadlinePolicy._meta.get_field("day_type").default,
        "accept_days": 10,
        "resolve_days": 45,
        "max_extension_days": 30,
        "feedback_days": 30,
        "review_window_days": 30,
        "review_decide_days": 30,
        "max_returns": 2,
        "escalation_days": 2,
    }
    assert client.post("/admin/grievances/deadlinepolicy/add/", policy).status_code == 302
    p = DeadlinePolicy.objects.get(category=cast.category)
    response = client.post(
        f"/admin/grievances/deadlinepolicy/{p.pk}/change/", policy | {"resolve_days": 30}
    )
    assert response.status_code == 302
    c = Category.objects.create(code="housing", name="住房")
    assert (
        client.post(f"/admin/grievances/category/{c.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    recs = records_since(m)
    assert [(r.action, r.object_type) for r in recs] == [
        ("admin.added", "grievances.deadlinepolicy"),
        ("admin.changed", "grievances.deadlinepolicy"),
        ("admin.deleted", "grievances.category"),
    ]
    assert recs[1].data["changed"] == {"resolve_days": [45, 30]}
    assert all(r.actor_id == root.pk for r in recs)
    assert verify_chain()[1] == []


def test_the_unit_and_membership_pages_open_and_a_membership_is_read_only(client, root, cast):
    for url in (
        "/admin/orgs/unit/add/",
        f"/admin/orgs/unit/{cast.workshop.pk}/change/",
        "/admin/orgs/membership/add/",
    ):
        assert client.get(url).status_code == 200, url
    m = Membership.objects.get(user=cast.handler)
    page = client.get(f"/admin/orgs/membership/{m.pk}/change/").content.decode()
    assert 'name="role"' not in page
    before = list(Membership.objects.values())
    client.post(
        f"/admin/orgs/membership/{m.pk}/change/",
        {"user": cast.chief.pk, "unit": cast.hq.pk, "role": Role.ADMIN},
    )
    assert list(Membership.objects.values()) == before


def test_roles_revoked_and_changed_in_the_unit_inline_go_through_the_actions(client, root, cast):
    rows = list(Membership.objects.filter(unit=cast.workshop).order_by("pk"))
    data = {
        "name": "一车间",
        "name_en": "Workshop A1",
        "code": "A1",
        "parent": cast.branch_a.pk,
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(len(rows)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {
            f"memberships-{i}-id": row.pk,
            f"memberships-{i}-unit": cast.workshop.pk,
            f"memberships-{i}-user": row.user_id,
            f"memberships-{i}-role": row.role,
        }
    clerk = next(i for i, r in enumerate(rows) if r.user_id == cast.clerk.pk)
    handler = next(i for i, r in enumerate(rows) if r.user_id == cast.handler.pk)
    data[f"memberships-{clerk}-DELETE"] = "on"
    data[f"memberships-{handler}-role"] = Role.LEADER
    m = mark()
    response = client.post(f"/admin/orgs/unit/{cast.workshop.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    held = set(Membership.objects.filter(unit=cast.workshop).values_list("user__username", "role"))
    assert held == {("handler", "leader"), ("leader", "leader")}
    assert [(r.action, r.data["user"], r.data["role"]) for r in records_since(m)] == [
        ("role.revoked", "clerk", "clerk"),
        ("role.revoked", "handler", "handler"),
        ("role.granted", "handler", "leader"),
    ]
