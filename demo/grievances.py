"""The grievances part of the demo: categories and deadline policies, then grievances
received over the last months, every history made by the real actions.

`full_histories` grievances (three fifths of them the most recent ones, the rest spread
over the whole period, plus the demo workshop's cases) are taken through intake and the
lifecycle step by step, each step at its own moment (demo.grievance_story). The rest, for
volume, are copies of those finished histories moved back in time (demo.grievance_copies):
real actions cost about 4 ms each, copies about 1 ms a grievance.

Contract: running it again adds more grievances to the same organisation; it never changes
or deletes existing rows, except what the actions themselves do (the nightly sweep it runs
closes older replied cases whose feedback window has ended, as the worker would). For the
same seed, the same story (receipt codes and tracking secrets aside: intake draws them at
random). Afterwards it refreshes the query planner's statistics (ANALYZE), as one should
after any bulk load. Phone numbers, ID numbers and names are random, not real people's.
"""

from __future__ import annotations

import random
import time
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Max
from django.utils import timezone, translation

from demo import grievance_texts as txt
from demo.grievance_copies import Copier, load_templates
from demo.grievance_plan import Leaf
from demo.grievance_story import FORCED_COUNT, Story
from demo.orgs import Org
from demo.registry import Context, register
from grievances import lifecycle
from grievances.models import (
    Category,
    Channel,
    DeadlinePolicy,
    Grievance,
    Kind,
    Reply,
    State,
    TimelineEvent,
)
from minsheng.workdays import DayType
from notices.models import Notice, Outbox, OutboxState

FULL_HISTORIES = 600


@dataclass
class Summary:
    grievances: int = 0
    full: int = 0  # of which through the real actions
    copies: int = 0
    events: int = 0
    replies: int = 0
    complainants: int = 0
    steps: int = 0
    refused: list[str] = field(default_factory=list)
    states: Counter[str] = field(default_factory=Counter)
    samples: list[tuple[str, str]] = field(default_factory=list)  # (receipt code, secret)
    story_seconds: float = 0.0
    copy_seconds: float = 0.0


def ensure_categories() -> list[Leaf]:
    """The demo categories and deadline policies that do not exist yet; the leaf
    categories grievances are filed under."""
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
    cats = {c.code: c for c in Category.objects.all()}
    return [
        Leaf(cats[c].pk, c, zh)
        for _code, _z, _e, children in txt.CATEGORIES
        for c, zh, _ in children
    ]


def seed_grievances(
    org: Org,
    *,
    grievances: int = 5000,
    seed: int = 1,
    months: int = 18,
    full_histories: int = FULL_HISTORIES,
    batch_size: int = 1000,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Seed `grievances` grievances received over the last `months` months. Raises
    nothing of its own; a database error rolls back only the batch it happened in."""
    summary = Summary()
    leaves = ensure_categories()
    last_pk = Grievance.objects.aggregate(m=Max("pk"))["m"] or 0
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    story = Story(org, leaves, rng=random.Random(seed), now=now, tz=tz)
    forced = grievances >= 40
    regular = grievances - (FORCED_COUNT if forced else 0)
    full = min(regular, full_histories)
    # Real slots: the most recent three fifths, the rest spread evenly over the period.
    recent = full * 3 // 5
    older = regular - recent
    spread = (
        {older * i // (full - recent) for i in range(full - recent)} if full > recent else set()
    )
    real: list[datetime] = []
    copies = array("d")
    first: datetime | None = None
    for i, when in enumerate(story.plan.receipt_times(regular, months)):
        first = first or when
        if i >= older or i in spread:
            real.append(when)
        else:
            copies.append(when.timestamp())
    story.add_arrivals(real, spare=len(copies))
    if forced:
        story.add_forced()
    story.add_sweeps(first or now)
    started = time.monotonic()
    total = grievances
    with translation.override("zh-hans"):
        story.run(lambda steps: progress(len(story.tales), total) if progress else None)
        summary.story_seconds = time.monotonic() - started
        # Grievances merged into collective cases used up some of the copies' arrivals.
        if story.taken:
            drop = set(range(0, len(copies), max(1, len(copies) // story.taken))[: story.taken])
            copies = array("d", (x for i, x in enumerate(copies) if i not in drop))
        started = time.monotonic()
        if copies:
            existing = Grievance.objects.count()
            copier = Copier(
                load_templates(story.tales, tz),
                story.plan,
                rng=random.Random(f"minsheng-demo-copies:{seed}:{existing}"),
                tz=tz,
            )
            done = len(story.tales)
            copied = copier.write(
                copies,
                batch_size=batch_size,
                progress=lambda n: progress(done + n, total) if progress else None,
            )
            summary.copies = copied.grievances
            # The worker's feedback sweep, now: copies of replied cases whose window has
            # ended are closed, as every other such case was during the story.
            while lifecycle.close_expired_feedback():
                pass
        summary.copy_seconds = time.monotonic() - started
    summary.full = sum(1 for t in story.tales if t.g is not None)
    summary.grievances = summary.full + summary.copies
    summary.steps, summary.refused = story.steps, story.refused
    made = Grievance.objects.filter(pk__gt=last_pk)
    summary.events = TimelineEvent.objects.filter(grievance__in=made).count()
    summary.replies = Reply.objects.filter(grievance__in=made).count()
    summary.complainants = made.exclude(complainant=None).values("complainant").distinct().count()
    summary.states = Counter(dict(made.values_list("state").annotate(n=Count("pk"))))
    web = {t.g.pk: t.secret for t in story.tales if t.g is not None and t.channel == Channel.WEB}
    closed = Grievance.objects.filter(pk__in=list(web), state=State.CLOSED).order_by("pk")[:3]
    summary.samples = [(g.code, web[g.pk]) for g in closed]
    _settle_notices(now)
    _refresh_statistics()
    return summary


def _settle_notices(now: datetime) -> None:
    """The story's notices are history: what went out more than two days ago was read and
    delivered at the time. What is newer stays unread and waiting for the worker."""
    cutoff = now - timedelta(days=2)
    Notice.objects.filter(created__lt=cutoff, read_at__isnull=True).update(read_at=F("created"))
    Outbox.objects.filter(created__lt=cutoff, state=OutboxState.PENDING).update(
        state=OutboxState.SENT, sent_at=F("created")
    )


def _refresh_statistics() -> None:
    """Give the query planner statistics for the loaded tables. Without them SQLite answers
    a queue page by collecting every case in the user's scope and sorting them all (80 ms
    at 200,000 cases) instead of reading the received-at index until the page is full."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            for model in (Grievance, TimelineEvent, Reply):
                cur.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _exists() -> bool:
    return Grievance.objects.exists()


@register("grievances", order=20, exists=_exists)
def seed(ctx: Context) -> list[str]:
    """Needs the organisation (the `orgs` part). Volume: ctx.volumes["grievances"];
    options: full_histories, batch_size."""
    total = ctx.volumes.get("grievances", 5000)

    shown = 0

    def progress(done: int, of: int) -> None:
        nonlocal shown
        if of >= 20_000 and done // 20_000 > shown:
            shown = done // 20_000
            ctx.progress(f"  {done:,} / {of:,} grievances")

    summary = seed_grievances(
        ctx.shared["orgs"],
        grievances=total,
        seed=ctx.seed,
        months=ctx.months,
        full_histories=ctx.options.get("full_histories", FULL_HISTORIES),
        batch_size=ctx.options.get("batch_size", 1000),
        now=ctx.now,
        progress=progress,
    )
    ctx.shared["grievances"] = summary
    states = ", ".join(f"{k} {v:,}" for k, v in sorted(summary.states.items()))
    lines = [
        f"Grievances: {summary.grievances:,} ({summary.full:,} taken through"
        f" {summary.steps:,} steps of the real actions in {summary.story_seconds:.1f} s,"
        f" {summary.copies:,} copies of their histories in {summary.copy_seconds:.1f} s),"
        f" {summary.events:,} timeline events, {summary.replies:,} replies,"
        f" {summary.complainants:,} complainants.",
        f"States: {states}",
    ]
    if summary.refused:
        lines.append(
            f"Steps the actions refused: {len(summary.refused)} (first: {summary.refused[0]})"
        )
    lines += [
        f"Track a case on the portal: receipt code {code}, secret {secret}"
        for code, secret in summary.samples
    ]
    return lines
