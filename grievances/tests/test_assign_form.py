"""The assign form names each person with their role and unit, so that a leader of the
workshop and a head of the branch above (or two people of one name) can be told apart."""

from __future__ import annotations

from django.urls import reverse

from grievances.tests.helpers import accepted


def test_the_assign_form_shows_role_and_unit_of_each_person(client, cast):
    g = accepted(cast)
    client.force_login(cast.leader)
    html = client.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert "Lena Leader · Leader, Workshop A1" in html
    assert "Hugo Head · Unit head, Branch A" in html
    assert "Chen Chief · Unit head, Group HQ" in html
    assert "Hank Handler · Handler, Workshop A1" in html
