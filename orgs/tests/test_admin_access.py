"""The Django admin is for administrators; everyone else works in the console."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from orgs.models import Membership, Role


def test_a_unit_head_marked_as_staff_still_cannot_use_the_admin(client, cast):
    cast.head.is_staff = True
    cast.head.save()
    client.force_login(cast.head)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/orgs/membership/").status_code == 302


@pytest.mark.parametrize("who", ["handler", "auditor", "chief"])
def test_staff_without_the_administrator_role_are_refused(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get("/admin/").status_code == 302


def test_logging_in_with_the_right_password_does_not_open_the_admin(client, cast):
    cast.head.is_staff = True
    cast.head.save()
    assert client.login(username="head", password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/grievances/deadlinepolicy/").status_code == 302


def test_a_superuser_uses_the_admin(client, cast, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/orgs/unit/").status_code == 200


def test_staff_with_the_administrator_role_use_the_admin(client, cast, django_user_model):
    admin = django_user_model.objects.create_user("admin", is_staff=True)
    Membership.objects.create(user=admin, unit=cast.hq, role=Role.ADMIN)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
