"""Demo data: `minsheng seed-demo` builds an enterprise group with its staff, categories and
deadline policies, and N grievances over the last months with histories that follow
grievances/lifecycle.py step by step (state, deadlines, timeline, replies, audit).

Demo logins, all with the password ``minsheng-demo``:

============  ============================================  ==================================
username      role                                          unit
============  ============================================  ==================================
``admin``     administrator (superuser, Django admin)       集团总部 Group Headquarters
``chief``     unit head                                     集团总部 Group Headquarters
``head``      unit head                                     第一分公司 First Branch
``leader``    leader (owns the workshop's cases)            三车间 Workshop No. 3 (First Branch)
``handler``   handler                                       三车间 Workshop No. 3
``clerk``     intake clerk                                  三车间 Workshop No. 3
``auditor``   auditor (sees everything, changes nothing)    集团总部 Group Headquarters
============  ============================================  ==================================

Every other staff member is ``staff001``, ``staff002``, ... with the same password. About a
dozen open cases of Workshop No. 3 belong to ``leader`` and ``handler``, so their "My cases"
has work in every open state, some of it overdue.

The generator is in three parts: demo_cases.py decides what comes in (when, where, about
what, from whom), demo_history.py replays each case through the steps of lifecycle.py, and
this module creates the organisation and writes the plans to the database. The Chinese
text is in demo_text.py.

Contract: the same seed on an empty database gives the same data (ciphertexts aside: Fernet
adds a random IV). Grievances are generated and inserted batch by batch, each batch in one
transaction with one "grievance.seeded" audit record per grievance chained onto the audit
log, so memory stays bounded at any size and `minsheng verify-audit` passes afterwards.
Running it again adds more grievances to the same organisation; it never changes or deletes
existing rows. Afterwards it refreshes the query planner's statistics (ANALYZE), as one
should after any bulk load. Phone numbers, ID numbers and names are random, not real people's.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.db.models import Max, Model
from django.utils import timezone

from audit.log import _lock_chain, chain_records
from audit.models import AuditRecord
from grievances import demo_text as txt
from grievances.deadlines import policy_for, refresh_next_due
from grievances.demo_cases import Planner
from grievances.demo_history import Case, ReplyPlan, SupervisionPlan
from grievances.intake import hash_secret
from grievances.models import (
    Category,
    Complainant,
    DeadlinePolicy,
    ExtensionRequest,
    Grievance,
    Kind,
    Reply,
    Supervision,
    TimelineEvent,
)
from minsheng import crypto
from minsheng.workdays import DayType
from orgs.models import Membership, Role, Unit

DEMO_PASSWORD = "minsheng-demo"
ACTOR_LABEL = "seed-demo"
BULK_SIZE = 1000


# ---- the organisation as plain data, for the generator ------------------------------------


@dataclass(eq=False)
class OrgUnit:
    pk: int
    code: str
    name: str
    level: int
    kind: str  # a key of demo_text.PLACES: what kind of place the unit is
    parent: OrgUnit | None
    handlers: list[int] = field(default_factory=list)
    leaders: list[int] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    clerks: list[int] = field(default_factory=list)

    def chain(self) -> Iterator[OrgUnit]:
        """This unit, then each unit above it."""
        unit: OrgUnit | None = self
        while unit is not None:
            yield unit
            unit = unit.parent


@dataclass(frozen=True)
class Leaf:
    pk: int
    code: str
    topic: str


@dataclass(frozen=True)
class Policy:
    day_type: str
    accept: int
    resolve: int
    max_extension: int
    feedback: int
    review_window: int
    review_decide: int


@dataclass
class Org:
    """Who may do what where, following the role checks in lifecycle.py: a role held at
    the case's unit itself, or `head` at the unit or above it."""

    units: list[OrgUnit]
    by_code: dict[str, OrgUnit]
    by_pk: dict[int, OrgUnit]
    usernames: dict[int, str]
    leaves: list[Leaf]
    policies: dict[tuple[str, int], Policy]

    def handlers(self, u: OrgUnit) -> list[int]:
        return u.handlers or u.leaders

    def head(self, u: OrgUnit) -> tuple[int, OrgUnit]:
        """The nearest head at or above `u`, and the unit they head."""
        for x in u.chain():
            if x.heads:
                return x.heads[0], x
        raise LookupError(u.code)

    def assigner(self, u: OrgUnit) -> int:
        """Who assigns, transfers and merges at `u`: its leader, else the nearest head."""
        return u.leaders[0] if u.leaders else self.head(u)[0]

    def owner(self, u: OrgUnit) -> int:
        """The nearest leader (else head) at or above `u`: lifecycle.assign's rule."""
        for x in u.chain():
            if x.leaders or x.heads:
                return (x.leaders or x.heads)[0]
        raise LookupError(u.code)

    def clerk(self, u: OrgUnit) -> int:
        """Who registers at the counter of `u` and records callbacks there."""
        return (u.clerks or self.handlers(u))[0]

    def decider(self, u: OrgUnit) -> int:
        return u.handlers[0] if u.handlers else self.assigner(u)


# ---- creating the organisation ------------------------------------------------------------


def _staff_plan() -> list[tuple[str, str, str]]:
    """(username, unit code, role) in a fixed order; numbered staff have '' for a name.
    Every unit has a handler; branches have a head, a leader and a clerk; workshops,
    shafts and project departments a leader of their own."""
    plan: list[tuple[str, str, str]] = [
        ("admin", "HQ", Role.ADMIN),
        ("chief", "HQ", Role.HEAD),
        ("head", txt.DEMO_BRANCH, Role.HEAD),
        ("leader", txt.DEMO_WORKSHOP, Role.LEADER),
        ("handler", txt.DEMO_WORKSHOP, Role.HANDLER),
        ("clerk", txt.DEMO_WORKSHOP, Role.CLERK),
        ("auditor", "HQ", Role.AUDITOR),
    ]
    levels: dict[str, int] = {}
    for code, parent, _zh, _en, kind in txt.UNITS:
        level = levels[code] = levels[parent] + 1 if parent else 0
        if level == 0:
            roles = [Role.LEADER, Role.HANDLER, Role.CLERK]
        elif level == 1:
            roles = [Role.HEAD, Role.LEADER, Role.HANDLER, Role.CLERK]
            if code.startswith("HQ-"):  # headquarters departments: no leader of their own
                roles.remove(Role.LEADER)
        elif level == 2 and kind in ("workshop", "mine", "project"):
            roles = [Role.LEADER, Role.HANDLER]
        else:
            roles = [Role.HANDLER]
        for role in roles:
            if not any(c == code and r == role for _u, c, r in plan):
                plan.append(("", code, role))
    return plan


def ensure_org(seed: int) -> Org:
    """Create the demo units, staff, categories and deadline policies that do not exist yet
    (matched by code and username; nothing existing is changed), and return the
    organisation as plain data for the generator."""
    rng = random.Random(f"minsheng-demo-org:{seed}")
    User = get_user_model()
    with transaction.atomic():
        codes = [row[0] for row in txt.UNITS]
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        for code, parent, zh, en, _kind in txt.UNITS:
            if code not in units:
                up = units[parent] if parent else None
                units[code] = Unit.objects.create(name=zh, name_en=en, code=code, parent=up)
        plan = _staff_plan()
        numbered = iter(range(1, len(plan) + 1))
        names = [u or f"staff{next(numbered):03d}" for u, _c, _r in plan]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        password = make_password(DEMO_PASSWORD)  # hashed once: it is slow on purpose
        new_users = []
        for username, (_u, _code, role) in zip(names, plan, strict=True):
            surname, given = txt.DEMO_NAMES.get(username) or (
                rng.choice(txt.SURNAMES),
                rng.choice(txt.GIVEN_NAMES),
            )
            if username not in existing:
                existing.add(username)
                new_users.append(
                    User(
                        username=username,
                        password=password,
                        first_name=given,
                        last_name=surname,
                        email=f"{username}@demo.minsheng.invalid",
                        is_staff=role == Role.ADMIN,
                        is_superuser=role == Role.ADMIN,
                    )
                )
        User.objects.bulk_create(new_users)
        user_pk = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
        held = set(
            Membership.objects.filter(user_id__in=user_pk.values()).values_list(
                "user_id", "unit_id", "role"
            )
        )
        Membership.objects.bulk_create(
            Membership(user_id=user_pk[n], unit_id=units[code].pk, role=role)
            for n, (_u, code, role) in zip(names, plan, strict=True)
            if (user_pk[n], units[code].pk, role) not in held
        )
        _ensure_categories()
    return _load_org(units, list(zip(names, plan, strict=True)), user_pk)


def _ensure_categories() -> None:
    have = set(Category.objects.values_list("code", flat=True))
    for code, zh, en, leaves in txt.CATEGORIES:
        if code not in have:
            Category.objects.create(code=code, name=zh, name_en=en)
        parent = Category.objects.get(code=code)
        Category.objects.bulk_create(
            Category(code=c, name=z, name_en=e, parent=parent)
            for c, z, e in leaves
            if c not in have
        )
    if not DeadlinePolicy.objects.filter(kind="", category=None).exists():
        DeadlinePolicy.objects.create()  # the defaults: 15 / 60 / 30 / 30 / 30 days
    if not DeadlinePolicy.objects.filter(kind=Kind.SUGGESTION, category=None).exists():
        DeadlinePolicy.objects.create(kind=Kind.SUGGESTION, resolve_days=30)
    resettlement = Category.objects.get(code="land-resettlement")
    if not DeadlinePolicy.objects.filter(kind="", category=resettlement).exists():
        DeadlinePolicy.objects.create(category=resettlement, day_type=DayType.WORKING)


def _load_org(
    units: dict[str, Unit],
    staff: list[tuple[str, tuple[str, str, str]]],
    user_pk: dict[str, int],
) -> Org:
    info: dict[str, OrgUnit] = {}
    for code, parent, zh, _en, kind in txt.UNITS:
        u = units[code]
        info[code] = OrgUnit(u.pk, code, zh, u.level, kind, info[parent] if parent else None)
    lists: dict[str, str] = {Role.HANDLER: "handlers", Role.LEADER: "leaders", Role.HEAD: "heads"}
    for username, (_u, code, role) in staff:
        if role == Role.CLERK:
            info[code].clerks.append(user_pk[username])
        elif role in lists:
            getattr(info[code], lists[role]).append(user_pk[username])
    cats = {c.code: c for c in Category.objects.all()}
    leaves = [
        Leaf(cats[c].pk, c, zh)
        for _code, _z, _e, children in txt.CATEGORIES
        for c, zh, _ in children
    ]
    policies: dict[tuple[str, int], Policy] = {}
    for leaf in leaves:
        for kind in Kind.values:
            p = policy_for(kind, cats[leaf.code])
            policies[(kind, leaf.pk)] = Policy(
                p.day_type,
                p.accept_days,
                p.resolve_days,
                p.max_extension_days,
                p.feedback_days,
                p.review_window_days,
                p.review_decide_days,
            )
    return Org(
        units=list(info.values()),
        by_code=info,
        by_pk={u.pk: u for u in info.values()},
        usernames={pk: name for name, pk in user_pk.items()},
        leaves=leaves,
        policies=policies,
    )


# ---- writing ------------------------------------------------------------------------------


@dataclass
class Summary:
    grievances: int = 0
    events: int = 0
    replies: int = 0
    complainants: int = 0
    states: Counter[str] = field(default_factory=Counter)
    samples: list[tuple[str, str]] = field(default_factory=list)  # (receipt code, secret)
    skipped: bool = False


def _next_pk(model: type[Model]) -> int:
    return int(model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def _resolve(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.pk if isinstance(v, ReplyPlan | SupervisionPlan) else v for k, v in data.items()}


def write_batch(cases: list[Case], summary: Summary) -> None:
    """Insert one batch of planned cases, with one chained audit record per grievance, in
    one transaction. Primary keys are given explicitly (from the current maximum) so that
    rows can point at each other before they exist."""
    with transaction.atomic():
        _lock_chain()  # audit appends are serialised; so are these primary keys
        g_pk, c_pk = _next_pk(Grievance), _next_pk(Complainant)
        r_pk, s_pk = _next_pk(Reply), _next_pk(Supervision)
        people: list[Complainant] = []
        for case in cases:
            case.ref.pk, g_pk = g_pk, g_pk + 1
            person = case.ref.person
            if person is not None and person.pk is None:  # a repeat reuses its complainant
                person.pk, c_pk = c_pk, c_pk + 1
                people.append(
                    Complainant(
                        pk=person.pk,
                        name=person.name,
                        phone=person.phone,
                        id_number=person.id_number,
                        address=person.address,
                        email=person.email,
                        phone_hash=crypto.lookup_hash("phone", person.phone),
                        id_hash=crypto.lookup_hash("id", person.id_number),
                    )
                )
            for rp in case.replies:
                rp.pk, r_pk = r_pk, r_pk + 1
            if case.supervision is not None:
                case.supervision.pk, s_pk = s_pk, s_pk + 1
        grievances: list[Grievance] = []
        replies: list[Reply] = []
        sups: list[Supervision] = []
        exts: list[ExtensionRequest] = []
        events: list[TimelineEvent] = []
        for case in cases:
            g = Grievance(
                pk=case.ref.pk,
                code=case.ref.code,
                secret_hash=hash_secret(case.ref.code, case.secret),
                complainant_id=case.ref.person.pk if case.ref.person else None,
                repeat_of_id=case.repeat_of.pk if case.repeat_of else None,
                merged_into_id=case.merged_into.pk if case.merged_into else None,
                **case.f,
            )
            sup = case.supervision
            refresh_next_due(g, sup.due if sup is not None and g.supervised else None)
            grievances.append(g)
            summary.states[g.state] += 1
            replies += [
                Reply(
                    pk=rp.pk,
                    grievance_id=g.pk,
                    created=rp.at,
                    author_id=rp.author,
                    facts=rp.facts,
                    decision=rp.decision,
                    reasons=rp.reasons,
                    policy=rp.policy,
                    review_level=rp.review_level,
                )
                for rp in case.replies
            ]
            if sup is not None:
                sups.append(
                    Supervision(
                        pk=sup.pk,
                        grievance_id=g.pk,
                        unit_id=sup.unit,
                        by_id=sup.by,
                        created=sup.at,
                        instructions=sup.instructions,
                        due=sup.due,
                        active=sup.active,
                    )
                )
            ext = case.extension
            if ext is not None:
                exts.append(
                    ExtensionRequest(
                        grievance_id=g.pk,
                        requested_by_id=ext.by,
                        requested_at=ext.at,
                        days=ext.days,
                        reason=ext.reason,
                        state=ext.state,
                        decided_by_id=ext.decided_by,
                        decided_at=ext.decided_at,
                    )
                )
            events += [
                TimelineEvent(
                    grievance_id=g.pk,
                    kind=ev.kind,
                    created=ev.at,
                    actor_id=ev.actor,
                    public=ev.public,
                    text=ev.text,
                    data=_resolve(ev.data),
                )
                for ev in case.events
            ]
        Complainant.objects.bulk_create(people, batch_size=BULK_SIZE)
        Grievance.objects.bulk_create(grievances, batch_size=BULK_SIZE)
        Reply.objects.bulk_create(replies, batch_size=BULK_SIZE)
        Supervision.objects.bulk_create(sups, batch_size=BULK_SIZE)
        ExtensionRequest.objects.bulk_create(exts, batch_size=BULK_SIZE)
        TimelineEvent.objects.bulk_create(events, batch_size=BULK_SIZE)
        now = timezone.now()
        audit = [
            AuditRecord(
                created=now,
                actor_label=ACTOR_LABEL,
                action="grievance.seeded",
                object_type="grievances.grievance",
                object_id=str(g.pk),
                data={"code": g.code, "state": str(g.state), "version": g.version},
            )
            for g in grievances
        ]
        AuditRecord.objects.bulk_create(chain_records(audit), batch_size=BULK_SIZE)
    summary.grievances += len(grievances)
    summary.events += len(events)
    summary.replies += len(replies)
    summary.complainants += len(people)


def _refresh_statistics() -> None:
    """Give the query planner statistics for the loaded tables. Without them SQLite answers
    a queue page by collecting every case in the user's scope and sorting them all (80 ms
    at 200,000 cases) instead of reading the received-at index until the page is full."""
    tables = [m._meta.db_table for m in (Grievance, TimelineEvent, Reply, Complainant)]
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            for table in tables:
                cur.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _reset_sequences() -> None:
    """Explicit primary keys leave PostgreSQL's sequences behind; move them past the rows."""
    if connection.vendor != "postgresql":
        return
    models: list[type[Model]] = [Complainant, Grievance, Reply, Supervision]
    with connection.cursor() as cur:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(statement)


def seed_demo(
    *,
    grievances: int = 5000,
    seed: int = 1,
    months: int = 18,
    batch_size: int = 1000,
    if_empty: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Seed the demo organisation and `grievances` grievances received over the last
    `months` months. With `if_empty`, do nothing when any grievance exists (the summary
    says skipped). Raises nothing of its own; a database error rolls back only the batch
    in which it happened."""
    summary = Summary()
    if if_empty and Grievance.objects.exists():
        summary.skipped = True
        return summary
    org = ensure_org(seed)
    existing = Grievance.objects.count()
    planner = Planner(
        org,
        seed=seed,
        months=months,
        now=timezone.now(),
        code_seed=f"minsheng-demo-codes:{seed}:{existing}",
    )
    for batch in planner.batches(grievances, batch_size):
        write_batch(batch, summary)
        reset_queries()  # with DEBUG on, Django would keep every (large) bulk insert
        if progress is not None:
            progress(summary.grievances, grievances)
    _reset_sequences()
    _refresh_statistics()
    summary.samples = planner.samples
    return summary
