from __future__ import annotations

import contextlib
import string
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from audit.log import verify_chain
from grievances import demo_text as txt
from grievances import lifecycle
from grievances.deadlines import refresh_next_due
from grievances.demo import DEMO_PASSWORD, seed_demo
from grievances.intake import submit
from grievances.models import (
    OPEN_STATES,
    Channel,
    Complainant,
    EventKind,
    Grievance,
    State,
    TimelineEvent,
)
from minsheng import crypto
from orgs.models import Membership, Role, Unit

N = 300
CONTACTS = {EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE, EventKind.NOTE}


@pytest.fixture
def seeded(db):
    return seed_demo(grievances=N, seed=1)


def test_the_demo_logins_exist_with_their_roles(seeded):
    expected = {
        "admin": ("HQ", Role.ADMIN),
        "chief": ("HQ", Role.HEAD),
        "head": (txt.DEMO_BRANCH, Role.HEAD),
        "leader": (txt.DEMO_WORKSHOP, Role.LEADER),
        "handler": (txt.DEMO_WORKSHOP, Role.HANDLER),
        "clerk": (txt.DEMO_WORKSHOP, Role.CLERK),
        "auditor": ("HQ", Role.AUDITOR),
    }
    User = get_user_model()
    for username, (unit_code, role) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        assert user.last_name and user.first_name, username
        held = set(Membership.objects.filter(user=user).values_list("unit__code", "role"))
        assert held == {(unit_code, role)}, username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.filter(username="chief", is_superuser=True).exists()
    assert User.objects.filter(username__startswith="staff").count() >= 40
    workshop = Unit.objects.get(code=txt.DEMO_WORKSHOP)
    assert workshop.parent == Unit.objects.get(code=txt.DEMO_BRANCH)
    assert Unit.objects.filter(path__startswith=Unit.objects.get(code="HQ").path).count() == 30
    assert set(Unit.objects.values_list("level", flat=True)) == {0, 1, 2, 3}


def test_every_state_and_channel_appears(seeded):
    assert Grievance.objects.count() == N
    assert set(Grievance.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Grievance.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert Grievance.objects.filter(is_skip_level=True).exists()
    assert Grievance.objects.filter(is_collective=True, headcount__gte=10).exists()
    assert Grievance.objects.exclude(repeat_of=None).exists()
    assert Grievance.objects.filter(review_level=1, reopened=True).exists()
    assert Grievance.objects.filter(supervised=True, supervisions__active=True).exists()
    assert Grievance.objects.filter(rating_by_callback=True).exists()


def test_litigation_cases_are_declined_with_the_court_pointer(seeded):
    declined = Grievance.objects.filter(kind="litigation", state=State.DECLINED)
    assert declined.exists()
    assert not Grievance.objects.filter(kind="litigation").exclude(
        state__in=[State.DECLINED, State.RECEIVED]
    )
    for g in declined:
        event = g.events.get(kind=EventKind.DECLINED)
        assert txt.COURT_POINTER_ZH in event.text or "court" in event.text


def test_the_demo_leader_and_handler_have_open_cases_in_every_working_state(seeded):
    User = get_user_model()
    for username in ("leader", "handler"):
        user = User.objects.get(username=username)
        mine = Grievance.objects.filter(Q(owner=user) | Q(handler=user), state__in=OPEN_STATES)
        states = set(mine.values_list("state", flat=True))
        assert {State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW} <= states, username
        assert mine.count() >= 8
        assert mine.filter(next_due__lt=timezone.localdate()).exists(), "some are overdue"
    queue = Grievance.objects.filter(unit__code=txt.DEMO_WORKSHOP, state__in=OPEN_STATES)
    assert {State.RECEIVED, State.ACCEPTED} <= set(queue.values_list("state", flat=True))


def test_the_audit_chain_verifies_after_seeding(seeded):
    checked, problems = verify_chain()
    assert problems == []
    assert checked >= N


def test_personal_data_is_encrypted_and_looked_up_by_keyed_hash(seeded):
    person = Complainant.objects.exclude(phone="").exclude(name="").first()
    assert person is not None and person.name
    with connection.cursor() as cur:
        cur.execute(f"SELECT name FROM {Complainant._meta.db_table} WHERE id = %s", [person.pk])
        (stored,) = cur.fetchone()
    assert person.name not in stored
    assert person.phone_hash == crypto.lookup_hash("phone", person.phone)
    assert Grievance.objects.filter(identity_mode="anonymous", complainant=None).exists()


def test_histories_follow_the_lifecycle(seeded):
    """What a reader of the case page would trust: the timeline starts with receipt and
    never reaches the future, work comes after assignment, owners and handlers hold the
    roles lifecycle.assign requires, and the deadline shown is the one the state implies."""
    now = timezone.now()
    roles = defaultdict(set)
    for user_id, unit_id, role in Membership.objects.values_list("user_id", "unit_id", "role"):
        roles[user_id].add((unit_id, role))
    events = defaultdict(list)
    for e in TimelineEvent.objects.order_by("created", "id"):
        events[e.grievance_id].append(e)
    for g in Grievance.objects.select_related("unit"):
        kinds = [e.kind for e in events[g.pk]]
        assert kinds[0] == EventKind.RECEIVED, g.code
        assert events[g.pk][0].created == g.received_at
        assert max(e.created for e in events[g.pk]) <= now
        if EventKind.ASSIGNED in kinds:
            assert not CONTACTS & set(kinds[: kinds.index(EventKind.ASSIGNED)]), g.code
        if g.owner_id:
            above = [g.unit_id, *g.unit.ancestor_ids()]
            assert any((u, r) in roles[g.owner_id] for u in above for r in ("leader", "head"))
            assert roles[g.handler_id] & {(g.unit_id, "handler"), (g.unit_id, "leader")}
        if g.state == State.IN_PROGRESS:
            assert CONTACTS & set(kinds) or EventKind.REVIEW_DECIDED in kinds, g.code
        expected = Grievance(
            state=g.state,
            accept_due=g.accept_due,
            resolve_due=g.resolve_due,
            feedback_due=g.feedback_due,
            review_due=g.review_due,
        )
        supervision = g.supervisions.filter(active=True).first()
        refresh_next_due(expected, supervision.due if supervision and g.supervised else None)
        assert (g.next_due, g.next_due_kind) == (expected.next_due, expected.next_due_kind)
        upheld = sum(1 for e in events[g.pk] if e.kind == "review_decided" and e.data["upheld"])
        assert g.version == len(kinds) - upheld, g.code


def test_if_empty_does_not_seed_twice(seeded):
    assert seed_demo(grievances=50, if_empty=True).skipped
    call_command("seed_demo", "--if-empty", "--grievances", "50", verbosity=0)
    assert Grievance.objects.count() == N


def test_seeding_again_adds_to_the_same_organisation(seeded):
    call_command("seed_demo", "--grievances", "60", verbosity=0)
    assert Grievance.objects.count() == N + 60
    assert Unit.objects.count() == 30
    assert get_user_model().objects.filter(username="leader").count() == 1
    assert verify_chain()[1] == []


def test_the_app_goes_on_creating_cases_and_replies_after_seeding(seeded):
    """The seeder gives primary keys explicitly; the database's own counters must follow."""
    leader = get_user_model().objects.get(username="leader")
    g, _secret = submit(
        channel=Channel.WEB,
        kind="complaint",
        subject="三车间更衣室热水器坏了",
        description="热水器坏了一周，没人来修。",
        unit=Unit.objects.get(code=txt.DEMO_WORKSHOP),
        identity_mode="anonymous",
    )
    assert g.pk > max(Grievance.objects.exclude(pk=g.pk).values_list("pk", flat=True))
    case = Grievance.objects.filter(owner=leader, state=State.IN_PROGRESS).first()
    reply = lifecycle.reply(case, by=leader, facts="查明", decision="维修", reasons="依规")
    assert reply.pk and Grievance.objects.get(pk=case.pk).state == State.REPLIED


class _Undo(Exception):
    pass


def _subjects_of_a_run(seed: int) -> list[tuple[str, str, str]]:
    """Seed, read what a user would compare, and roll it all back."""
    with contextlib.suppress(_Undo), transaction.atomic():
        seed_demo(grievances=120, seed=seed)
        rows = list(
            Grievance.objects.order_by("received_at", "code").values_list(
                "code", "subject", "state"
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
    assert len(first) == 120
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
