"""A menu offers only what the role can do: for every persona, every link of the console's
menu answers 200 (no refusal, no redirect to a message)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

PERSONAS = ["clerk", "handler", "leader", "head", "chief", "outsider", "auditor", "superuser"]


def menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="main">(.*?)</nav>', html, re.S)
    assert nav, "the console page has its menu"
    return re.findall(r'href="([^"]+)"', nav.group(1))


@pytest.mark.parametrize("who", PERSONAS)
def test_every_menu_link_answers_200_for_the_persona(client, cast, who):
    if who == "superuser":
        user = get_user_model().objects.create_superuser("root", password="x")
    else:
        user = getattr(cast, who)
    client.force_login(user)
    home = client.get(reverse("console_home"))
    assert home.status_code == 200
    links = menu_links(home.content.decode())
    assert reverse("grievances:queue") in links
    for link in links:
        r = client.get(link)
        assert r.status_code == 200, (who, link, r.status_code)


def test_the_auditor_and_a_superuser_without_a_unit_are_not_offered_registering(client, cast):
    root = get_user_model().objects.create_superuser("root", password="x")
    for user in (cast.auditor, root):
        client.force_login(user)
        links = menu_links(client.get(reverse("console_home")).content.decode())
        assert reverse("grievances:register") not in links
    client.force_login(cast.clerk)
    links = menu_links(client.get(reverse("console_home")).content.decode())
    assert reverse("grievances:register") in links


def test_the_wide_menu_folds_each_further_module_under_its_name(client, cast):
    import html as htmllib

    client.force_login(cast.chief)
    page = client.get(reverse("console_home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    wide = re.search(r'<span class="menu-wide">(.*?)</span>\s*<form', page, re.S)
    assert wide
    groups = re.findall(r'<details class="menu-group"><summary>(.*?)</summary>', wide.group(1))
    assert [htmllib.unescape(g) for g in groups] == ["Duty", "Hardship assistance"]
    before_groups = wide.group(1).split('<details class="menu-group">')[0]
    assert reverse("grievances:queue") in before_groups  # the first module stays in the row
    assert reverse("duty:roster") not in before_groups
    # The compact menu (a phone) still lists every entry, flat.
    compact = re.search(r'<div class="menu-links">(.*?)</div>', page, re.S)
    assert compact and reverse("duty:roster") in compact.group(1)
    assert reverse("assistance:programmes") in compact.group(1)
