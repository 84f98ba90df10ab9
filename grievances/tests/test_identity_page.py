"""A complainant's identity is seen only by the staff handling the case, and every viewing
is in the audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from grievances.models import IdentityMode
from grievances.tests.helpers import footprint, in_progress, received
from orgs.models import Membership, Role

NAME, PHONE = "张晓明", "13812345678"


def identity(client, user, g):
    client.force_login(user)
    return client.get(reverse("grievances:identity", args=[g.code]))


def test_the_handler_sees_the_name_and_the_viewing_is_audited(client, cast):
    g = in_progress(cast)
    response = identity(client, cast.handler, g)
    assert response.status_code == 200
    text = response.content.decode()
    assert NAME in text and PHONE in text and "110101199001011234" in text
    rec = AuditRecord.objects.latest("id")
    assert rec.action == "identity.view" and rec.actor == cast.handler
    assert (rec.object_type, rec.object_id) == ("grievances.complainant", str(g.complainant_id))
    assert rec.data == {"grievance": g.code}


def test_each_viewing_is_a_new_audit_record(client, cast):
    g = in_progress(cast)
    identity(client, cast.handler, g)
    identity(client, cast.leader, g)
    views = AuditRecord.objects.filter(action="identity.view").order_by("id")
    assert [r.actor for r in views] == [cast.handler, cast.leader]


@pytest.fixture
def workshop_head(cast, django_user_model):
    user = django_user_model.objects.create_user("a1head")
    Membership.objects.create(user=user, unit=cast.workshop, role=Role.HEAD)
    return user


def test_a_named_complainant_is_seen_by_the_leaders_of_the_unit(client, cast, workshop_head):
    g = received(cast)
    assert identity(client, cast.leader, g).status_code == 200
    assert identity(client, workshop_head, g).status_code == 200


def test_a_confidential_complainant_is_hidden_from_the_unit_head(client, cast, workshop_head):
    g = in_progress(cast, identity_mode=IdentityMode.CONFIDENTIAL)
    before = footprint()
    for user in (workshop_head, cast.head, cast.chief, cast.auditor):
        assert identity(client, user, g).status_code == 404, user
    assert footprint() == before  # a refused look is not a viewing
    # the owner (the leader) and the handler do see it
    assert NAME in identity(client, cast.leader, g).content.decode()
    assert NAME in identity(client, cast.handler, g).content.decode()


def test_heads_above_and_handlers_not_on_the_case_do_not_see_a_named_complainant(client, cast):
    g = received(cast)
    assert identity(client, cast.head, g).status_code == 404
    assert identity(client, cast.handler, g).status_code == 404  # not assigned yet
    assert identity(client, cast.clerk, g).status_code == 404  # did not register it


def test_the_clerk_who_registered_a_named_complaint_sees_it(client, cast):
    g = received(cast, by=cast.clerk)
    assert identity(client, cast.clerk, g).status_code == 200


def test_an_anonymous_complaint_has_no_identity_page(client, cast):
    g = in_progress(cast, identity_mode=IdentityMode.ANONYMOUS)
    assert g.complainant_id is None
    assert identity(client, cast.handler, g).status_code == 404


@pytest.mark.parametrize("who", ["handler", "leader", "head", "auditor", "chief"])
def test_the_case_page_never_shows_the_name_or_phone(client, cast, who):
    g = in_progress(cast)
    client.force_login(getattr(cast, who))
    for url in (reverse("grievances:case", args=[g.code]), reverse("grievances:queue"),
                reverse("grievances:home")):  # fmt: skip
        text = client.get(url).content.decode()
        assert NAME not in text and PHONE not in text, url


def test_the_case_page_links_to_the_identity_only_for_those_who_may_see_it(client, cast):
    g = in_progress(cast)
    link = reverse("grievances:identity", args=[g.code])
    client.force_login(cast.handler)
    assert link in client.get(reverse("grievances:case", args=[g.code])).content.decode()
    client.force_login(cast.head)
    page = client.get(reverse("grievances:case", args=[g.code])).content.decode()
    assert link not in page
    assert "Identity visible only to the staff handling this case." in page


def test_the_identity_page_is_kept_by_no_cache(client, cast):
    response = identity(client, cast.handler, in_progress(cast))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
