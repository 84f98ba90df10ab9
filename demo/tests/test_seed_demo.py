from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditRecord
from audit.verify import verify_chain
from demo.orgs import DEMO_BRANCH, DEMO_INTAKE_DESK, DEMO_PASSWORD, DEMO_WORKSHOP
from demo.registry import Context, Report, seed_all
from demo.routing import planned_rules
from grievances import lifecycle
from grievances.deadlines import refresh_next_due
from grievances.intake import submit
from grievances.models import (
    OPEN_STATES,
    Category,
    Channel,
    Complainant,
    EventKind,
    ExtensionState,
    Grievance,
    RoutingRule,
    State,
    TimelineEvent,
)
from minsheng import crypto
from orgs.models import Membership, Role, Unit

N = 400
FULL = 200  # of which through the real actions; the rest are copies of their histories
CONTACTS = {EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE, EventKind.NOTE}


def seed_demo(
    *, grievances: int, seed: int = 1, full: int = FULL, if_empty: bool = False
) -> Report:
    ctx = Context(seed=seed, volumes={"grievances": grievances}, options={"full_histories": full})
    return seed_all(ctx, if_empty=if_empty)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded once for the module (a story through the real actions takes seconds), and
    rolled back after it; each test runs inside it and rolls back its own changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = seed_demo(grievances=N)
        yield report.shared["grievances"]
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_demo_logins_exist_with_their_roles(seeded):
    expected = {
        "admin": ("HQ", Role.ADMIN),
        "chief": ("HQ", Role.HEAD),
        "head": (DEMO_BRANCH, Role.HEAD),
        "leader": (DEMO_WORKSHOP, Role.LEADER),
        "handler": (DEMO_WORKSHOP, Role.HANDLER),
        "clerk": (DEMO_WORKSHOP, Role.CLERK),
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
    workshop = Unit.objects.get(code=DEMO_WORKSHOP)
    assert workshop.parent == Unit.objects.get(code=DEMO_BRANCH)
    assert Unit.objects.filter(path__startswith=Unit.objects.get(code="HQ").path).count() == 31
    assert set(Unit.objects.values_list("level", flat=True)) == {0, 1, 2, 3}


def test_every_step_of_the_story_was_one_the_actions_allowed(seeded):
    assert seeded.refused == []
    assert seeded.full >= FULL and seeded.copies > 0
    assert seeded.full + seeded.copies == Grievance.objects.count() == N


def test_every_state_and_channel_appears(seeded):
    assert set(Grievance.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Grievance.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert Grievance.objects.filter(is_skip_level=True).exists()
    assert Grievance.objects.filter(is_collective=True, headcount__gte=10).exists()
    assert Grievance.objects.exclude(repeat_of=None).exists()
    assert Grievance.objects.filter(review_level=1, reopened=True).exists()
    assert Grievance.objects.filter(supervised=True, supervisions__active=True).exists()
    assert Grievance.objects.filter(rating_by_callback=True).exists()
    assert Grievance.objects.exclude(dispatched_from=None).exists()


def test_litigation_cases_are_declined_with_the_court_pointer(seeded):
    declined = Grievance.objects.filter(kind="litigation", state=State.DECLINED)
    assert declined.exists()
    assert not Grievance.objects.filter(kind="litigation").exclude(
        state__in=[State.DECLINED, State.RECEIVED]
    )
    pointer = lifecycle.court_pointer()  # in the language the cases are handled in
    for g in declined:
        assert pointer in g.events.get(kind=EventKind.DECLINED).text


def test_the_demo_leader_and_handler_have_open_cases_in_every_working_state(seeded):
    User = get_user_model()
    today = timezone.localdate()
    for username in ("leader", "handler"):
        user = User.objects.get(username=username)
        mine = Grievance.objects.filter(Q(owner=user) | Q(handler=user), state__in=OPEN_STATES)
        states = set(mine.values_list("state", flat=True))
        assert {State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW} <= states, username
        assert mine.count() >= 8
        assert mine.filter(next_due__lt=today).exists(), "some are overdue"
    queue = Grievance.objects.filter(unit__code=DEMO_WORKSHOP, state__in=OPEN_STATES)
    assert {State.RECEIVED, State.ACCEPTED} <= set(queue.values_list("state", flat=True))
    assert queue.filter(state=State.RECEIVED, accept_due__lt=today).exists()
    assert queue.filter(state=State.IN_PROGRESS, resolve_due__lt=today).exists()


def test_the_heads_have_decisions_waiting(seeded):
    User = get_user_model()
    head, chief = User.objects.get(username="head"), User.objects.get(username="chief")
    workshop = Grievance.objects.filter(unit__code=DEMO_WORKSHOP)
    review = workshop.filter(state=State.UNDER_REVIEW, review_level=1).first()
    assert review.review_unit.code == DEMO_BRANCH
    assert "decide-review" in lifecycle.allowed_actions(head, review)
    rereview = workshop.filter(state=State.UNDER_REVIEW, review_level=2).first()
    assert rereview.review_unit.code == "HQ"
    assert "decide-review" in lifecycle.allowed_actions(chief, rereview)
    assert "decide-review" not in lifecycle.allowed_actions(head, rereview)
    waiting = workshop.filter(extensions__state=ExtensionState.PENDING).first()
    ext = waiting.extensions.get(state=ExtensionState.PENDING)
    lifecycle.decide_extension(ext, by=head, approve=True)  # head may decide it
    today = timezone.localdate()
    supervised = [
        g
        for g in workshop.filter(supervised=True, supervisions__active=True)
        if g.next_due >= today and g.next_due == g.supervisions.get(active=True).due
    ]
    assert supervised, "a supervision whose progress is due next"


def test_the_audit_chain_verifies_after_seeding(seeded):
    checked, problems = verify_chain()
    assert problems == []
    assert checked >= N


def test_copies_are_earlier_retellings_of_finished_histories(seeded):
    copies = AuditRecord.objects.filter(action="grievance.seeded")
    assert copies.count() == seeded.copies
    now = timezone.now()
    for rec in copies[:50]:
        g = Grievance.objects.get(pk=rec.object_id)
        original = Grievance.objects.get(code=rec.data["copy_of"])
        assert original.state in (State.CLOSED, State.DECLINED, State.REPLIED)
        # A copy of a replied case whose feedback window ended is closed by the sweep.
        assert g.state == original.state or (original.state, g.state) == (
            State.REPLIED,
            State.CLOSED,
        )
        assert g.received_at <= original.received_at
        assert g.code != original.code
        assert (g.complainant_id is None) == (original.complainant_id is None)
        assert g.complainant_id is None or g.complainant_id != original.complainant_id
        shift = original.received_at - g.received_at
        assert shift.seconds == 0 and shift.microseconds == 0, "moved by whole days"
        assert g.replied_at == (original.replied_at and original.replied_at - shift)
        kinds = list(g.events.order_by("created", "id").values_list("kind", flat=True))
        told = list(original.events.order_by("created", "id").values_list("kind", flat=True))
        assert kinds == told or kinds == [*told, EventKind.CLOSED]
        for event in g.events.all():
            assert event.created <= now and "{" not in event.text
        for reply in g.replies.all():
            assert "{" not in reply.facts + reply.decision


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


def test_if_empty_does_not_seed_twice(seeded):
    assert seed_demo(grievances=50, if_empty=True).skipped
    call_command("seed_demo", "--if-empty", "--grievances", "50", verbosity=0)
    assert Grievance.objects.count() == N


def test_seeding_again_adds_to_the_same_organisation(seeded):
    call_command("seed_demo", "--grievances", "60", "--full-histories", "30", verbosity=0)
    assert Grievance.objects.count() == N + 60
    assert Unit.objects.count() == 31
    assert RoutingRule.objects.count() == len(planned_rules())
    assert get_user_model().objects.filter(username="leader").count() == 1
    assert verify_chain()[1] == []


def test_the_app_goes_on_creating_cases_and_replies_after_seeding(seeded):
    leader = get_user_model().objects.get(username="leader")
    g, _secret = submit(
        channel=Channel.WEB,
        kind="complaint",
        subject="三车间更衣室热水器坏了",
        description="热水器坏了一周，没人来修。",
        unit=Unit.objects.get(code=DEMO_WORKSHOP),
        identity_mode="anonymous",
    )
    assert g.pk > max(Grievance.objects.exclude(pk=g.pk).values_list("pk", flat=True))
    case = Grievance.objects.filter(owner=leader, state=State.IN_PROGRESS).first()
    reply = lifecycle.reply(case, by=leader, facts="查明", decision="维修", reasons="依规")
    assert reply.pk and Grievance.objects.get(pk=case.pk).state == State.REPLIED


def test_the_worker_started_with_the_demo_escalates_up_the_tree_and_heads_see_their_to_do(
    seeded,
):
    """What `make demo` shows with nobody touching anything: the worker's first run takes
    the overdue cases whose next escalation came due up a level, with notices to the heads,
    and the head's to-do page lists the review waiting for them."""
    from minsheng import schedule, todo
    from notices.models import Notice

    User = get_user_model()
    head = User.objects.get(username="head")
    before = TimelineEvent.objects.filter(kind=EventKind.ESCALATED).count()
    unread = Notice.objects.filter(read_at__isnull=True, kind="grievance.escalated").count()
    # The worker's runs over the next two days (one escalation interval), nobody acting.
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=1), tick=False):
        schedule.run_all_now()
    escalated = TimelineEvent.objects.filter(kind=EventKind.ESCALATED).order_by("id")[before:]
    assert escalated, "the catch-up run escalated nothing"
    assert any(e.data["level"] >= 2 for e in escalated), "nothing went up to a head"
    assert Notice.objects.filter(read_at__isnull=True, kind="grievance.escalated").count() > unread
    waiting = [str(i.what) for i in todo.items_for(head)]
    assert "Decide the review" in waiting


@pytest.mark.parametrize(
    ("category", "where", "unit"),
    [
        ("wages-arrears", "三车间乙班", DEMO_WORKSHOP),
        ("wages-overtime", "Workshop No. 3", DEMO_WORKSHOP),
        ("env-noise", "一号井调度室", "MN-S1"),
        ("wages-bonus", "", "HQ-HR"),
        ("svc-heating", "南区12号楼", "SV-RA-S"),
        ("svc-heating", "", "SV-HT"),
        ("conduct-attitude", "三车间", DEMO_INTAKE_DESK),
    ],
)
def test_the_demo_rules_route_what_comes_in_at_the_top(seeded, category, where, unit):
    g, _secret = submit(
        channel=Channel.WEB,
        kind="complaint",
        subject="反映问题",
        description="请有关部门处理。",
        unit=Unit.objects.get(code="HQ"),
        category=Category.objects.get(code=category),
        location=where,
        identity_mode="anonymous",
        route=True,
    )
    assert g.unit.code == unit and g.routed and not g.is_skip_level


# ---- the duty roster (branch roster) ----


def test_the_demo_roster_has_people_on_duty_now_one_gap_and_one_swap(seeded):
    from duty.coverage import coverage, default_window
    from duty.models import Handover, SwapRequest, SwapState
    from duty.roster import on_duty

    now = on_duty(Unit.objects.get(code=DEMO_WORKSHOP))
    assert now is not None
    assert (now.officer.username, now.leader.username) == ("handler", "leader")
    start, end = default_window()
    cov = coverage(list(Unit.objects.all()), start, end)
    gaps = [g for c in cov.values() for g in c.gaps]
    assert len(gaps) == 1 and (gaps[0][1] - gaps[0][0]).total_seconds() == 12 * 3600
    assert all(not c.without_leader for c in cov.values())
    assert SwapRequest.objects.filter(state=SwapState.PENDING).count() == 1
    waiting = Handover.objects.get(acknowledged_at__isnull=True)
    assert waiting.next_shift == now
