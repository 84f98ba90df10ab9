"""Runs of the seeder on an empty database (the module's tests in test_seed_demo.py share
one seeded database)."""

from __future__ import annotations

import contextlib
import string
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from demo import grievance_texts as txt
from demo.registry import Context, discover, seed_all
from grievances.models import Grievance


@pytest.mark.django_db
def test_the_command_rejects_bad_sizes():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--grievances", "-1", verbosity=0)
    with pytest.raises(CommandError):
        call_command("seed_demo", "--full-histories", "0", verbosity=0)
    assert not Grievance.objects.exists()


class _Undo(Exception):
    pass


def _subjects_of_a_run(seed: int) -> list[tuple[datetime, str, str]]:
    """Seed, read what a user would compare, and roll it all back."""
    with contextlib.suppress(_Undo), transaction.atomic():
        ctx = Context(seed=seed, volumes={"grievances": 60}, options={"full_histories": 30})
        seed_all(ctx)
        rows = list(
            Grievance.objects.order_by("received_at", "subject").values_list(
                "received_at", "subject", "state"
            )
        )
        raise _Undo
    return rows


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    with time_machine.travel(
        datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        first, again, other = _subjects_of_a_run(5), _subjects_of_a_run(5), _subjects_of_a_run(6)
    assert len(first) == 60
    assert first == again
    assert first != other


def test_every_template_fills_from_the_slots_the_generator_provides():
    slots = {
        name: "x"
        for name in (
            "place",
            "unit",
            "n",
            "n2",
            "amount",
            "month",
            "months",
            "year",
            "date",
            "years",
            "building",
            "village",
            "dept",
            "topic",
            "who",
        )
    }
    formatter = string.Formatter()
    tables = [
        *(part for themes in txt.THEMES.values() for theme in themes for part in theme),
        *(s for pool in txt.POOLS.values() for items in pool.values() for s in items),
        *txt.EXTRAS,
        *txt.DECLINE_REASONS,
        *txt.TRANSFER_REASONS,
        *txt.EXTENSION_REASONS,
        *txt.REVIEW_REASONS,
        *txt.REVIEW_UPHELD,
        *txt.REVIEW_REDO,
        *(s for items in txt.CONTACTS.values() for s in items),
        *(s for items in txt.PLACES.values() for s in items),
    ]
    for template in tables:
        used = {name for _lit, name, _spec, _conv in formatter.parse(template) if name}
        assert used <= set(slots), template
        template.format_map(slots)
    leaves = {leaf for _c, _z, _e, children in txt.CATEGORIES for leaf, _a, _b in children}
    assert leaves == set(txt.THEMES) == set(txt.POOLS)


def test_every_module_part_is_registered_in_order():
    names = [part.name for part in discover()]
    assert names[:2] == ["orgs", "grievances"]
