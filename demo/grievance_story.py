"""Histories through the real actions: every step of a demo grievance is a call of
`grievances.intake.submit` or a function of `grievances/lifecycle.py`, made at the moment
it happens in the story, with the clock moved there (time-machine). The story decides who
does what and when; the actions decide what that does to the case, as they would for a
user. Nothing here sets a state, a deadline or a version.

The steps of all cases run in the order of their moments (one queue), and every night at
about 02:00 the feedback sweep (`lifecycle.close_expired_feedback`) runs as the worker would,
so the timeline and the audit log read in time order. A step whose moment lies after `now`
is not taken, so recent cases are still open. A step the action refuses (DomainError) ends
that case's story; the run counts them in `refused`, which a correct story keeps at zero.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

import time_machine
from django.contrib.auth.models import User
from django.db import reset_queries, transaction
from django.utils import timezone

from demo import grievance_texts as txt
from demo.grievance_plan import STAFF_CHANNELS, Leaf, Planner, Tale
from demo.orgs import DEMO_WORKSHOP, Org, OrgUnit
from grievances import lifecycle, sweeps
from grievances.deadlines import policy_for
from grievances.intake import submit
from grievances.models import (
    Category,
    Channel,
    DeadlinePolicy,
    ExtensionRequest,
    Grievance,
    Kind,
    Rating,
    State,
    Supervision,
)
from minsheng.errors import DomainError
from orgs.models import Unit

WORKING = (State.ASSIGNED, State.IN_PROGRESS)
STEPS_PER_COMMIT = 400


@dataclass(frozen=True)
class Forced:
    """A recent case of the demo workshop, stopped in a given state, so that the demo
    logins have work of every kind waiting. Forced cases are decided and worked quickly,
    so that they reach their state whatever the seed."""

    target: str
    days_ago: float
    channel: str
    reviews: int = 0
    supervise: bool = False
    extension: bool = False
    skip_level: bool = False
    collective: bool = False


FORCED = [
    Forced(State.RECEIVED, 0.1, Channel.WEB),
    Forced(State.RECEIVED, 19, Channel.LETTER),  # acceptance overdue
    Forced(State.RECEIVED, 23, Channel.PHONE),  # acceptance overdue
    Forced(State.ACCEPTED, 3, Channel.PHONE),
    Forced(State.ASSIGNED, 5, Channel.OPEN311),
    Forced(State.ASSIGNED, 9, Channel.WALK_IN, collective=True),
    Forced(State.IN_PROGRESS, 12, Channel.API, supervise=True),  # progress due in two days
    Forced(State.IN_PROGRESS, 26, Channel.WALK_IN),
    Forced(State.IN_PROGRESS, 33, Channel.WALK_IN, skip_level=True),
    Forced(State.IN_PROGRESS, 50, Channel.PHONE, extension=True),  # waiting for `head`
    Forced(State.IN_PROGRESS, 68, Channel.WALK_IN),  # reply overdue
    Forced(State.IN_PROGRESS, 75, Channel.IMPORT),  # reply overdue
    Forced(State.REPLIED, 25, Channel.WEB),
    Forced(State.UNDER_REVIEW, 40, Channel.PHONE, reviews=1),  # 复查 waiting for `head`
    Forced(State.UNDER_REVIEW, 80, Channel.LETTER, reviews=2),  # 复核 waiting for `chief`
]
FORCED_MERGE = (11, 3)  # a collective case received 11 days ago, with 3 grievances merged in
FORCED_COUNT = len(FORCED) + 1 + FORCED_MERGE[1]


class Story:
    def __init__(
        self, org: Org, leaves: list[Leaf], *, rng: random.Random, now: datetime, tz: tzinfo
    ) -> None:
        self.org, self.rng, self.now, self.tz = org, rng, now, tz
        self.plan = Planner(org, leaves, rng=rng, now=now, tz=tz)
        self.categories = {c.pk: c for c in Category.objects.filter(pk__in=[x.pk for x in leaves])}
        self.policies: dict[tuple[str, int], DeadlinePolicy] = {}
        self.queue: list[tuple[datetime, int, Callable[[], None]]] = []
        self.seq = itertools.count()
        self.tales: list[Tale] = []
        self.recent: deque[Tale] = deque(maxlen=3000)  # finished cases a repeat may bring again
        self.kids: dict[int, list[Tale]] = {}  # id(primary) → the grievances to merge into it
        self.ext: dict[int, ExtensionRequest] = {}
        self.sup: dict[int, Supervision] = {}
        self.refused: list[str] = []
        self.steps = 0
        self.slots_left = 0
        # Grievances merged into a collective case use up arrivals that follow: copies'
        # arrivals first (`spare` of them are left; `taken` were used), else the story's own.
        self.spare = 0
        self.taken = 0
        self.debt = 0  # merged grievances that still have to use up one of the story's arrivals

    # ---- the queue ----------------------------------------------------------------------

    def at(self, when: datetime, step: Callable[[], None]) -> None:
        if when <= self.now:
            heapq.heappush(self.queue, (when, next(self.seq), step))

    def run(self, progress: Callable[[int], None] | None = None) -> None:
        """Take every step in time order, with the clock at its moment."""
        while self.queue:
            with transaction.atomic():
                for _ in range(STEPS_PER_COMMIT):
                    if not self.queue:
                        break
                    when, _n, step = heapq.heappop(self.queue)
                    with time_machine.travel(when, tick=False):
                        try:
                            step()
                        except DomainError as exc:
                            self.refused.append(f"{when:%Y-%m-%d %H:%M} {exc}")
                    self.steps += 1
            reset_queries()  # with DEBUG on, Django would keep every query
            if progress is not None:
                progress(self.steps)

    # ---- who and where ------------------------------------------------------------------

    def user(self, pk: int) -> User:
        return self.org.users[pk]

    def unit(self, u: OrgUnit) -> Unit:
        return self.org.unit_rows[u.pk]

    def policy(self, t: Tale) -> DeadlinePolicy:
        key = (t.kind, t.leaf.pk)
        if key not in self.policies:
            self.policies[key] = policy_for(t.kind, self.categories[t.leaf.pk])
        return self.policies[key]

    @staticmethod
    def g(t: Tale) -> Grievance:
        assert t.g is not None
        return t.g

    def stopped(self, t: Tale, to: str = "") -> bool:
        """A demo workshop case stops once it has reached its state."""
        g = self.g(t)
        reached = t.target and g.state == t.target and g.review_level >= t.reviews
        return bool(reached and to != t.target)

    # ---- arrivals -----------------------------------------------------------------------

    def add_arrivals(self, times: list[datetime], spare: int) -> None:
        """Regular grievances received at `times`. `spare` arrivals outside the story
        (copies) may be used up by grievances merged into collective cases."""
        self.slots_left, self.spare = len(times), spare
        for when in times:
            self.at(when, lambda when=when: self._arrival(when))  # type: ignore[misc]

    def add_sweeps(self, first: datetime) -> None:
        """The worker's sweeps, nightly: every grievance sweep (escalation, warnings, windows
        that end) until two nights ago, and the feedback sweep only after that. The demo's
        worker has been off for two days, as it were: when `make demo` starts it, it catches
        up, and the overdue cases whose next escalation came due meanwhile go up a level, to
        the heads above, with their notices, while you watch."""
        day = first.astimezone(self.tz).date()
        today = self.now.astimezone(self.tz).date()
        catch_up = today - timedelta(days=2)
        while day <= today:
            moment = datetime.combine(day, time(2, self.rng.randrange(60)), self.tz)
            self.at(moment, self._sweep if day < catch_up else self._feedback_sweep)
            day += timedelta(days=1)

    def _sweep(self) -> None:
        sweeps.sweep()

    def _feedback_sweep(self) -> None:
        sweeps.close_expired_feedback()

    def _arrival(self, received: datetime) -> None:
        self.slots_left -= 1
        if self.debt:  # a merged grievance used this arrival
            self.debt -= 1
            return
        rng, plan = self.rng, self.plan
        channel = plan.channel(received)
        old = self._repeat_candidate(received) if rng.random() < 0.04 else None
        if old is not None:
            self._submit(plan.tale(received, channel, repeat=old))
            return
        t = plan.tale(received, channel)
        room = self.slots_left + self.spare - self.debt
        if (
            t.headcount > 1
            and room >= 2
            and t.kind != Kind.LITIGATION
            and rng.random() < 0.08
            and received < self.now - timedelta(days=4)
        ):
            count = min(room, rng.randint(2, 4))
            self._group(t, count)
            spare = min(count, self.spare)
            self.spare -= spare
            self.taken += spare
            self.debt += count - spare
        self._submit(t)

    def _group(self, primary: Tale, count: int) -> None:
        """`count` more grievances about the primary's problem, to be merged into it."""
        rng, plan = self.rng, self.plan
        kids = []
        for _ in range(count):
            at = plan.later(primary.received, rng.uniform(0.1, 3))
            at = min(at, self.now - timedelta(hours=1))
            n = 1 if rng.random() < 0.7 else rng.randint(3, 30)
            kid = plan.tale(at, plan.channel(at), like=primary, decline=False, headcount=n)
            kid.no_review = kid.in_group = primary.in_group = True
            kids.append(kid)
            self.at(at, lambda kid=kid: self._submit(kid, alone=False))  # type: ignore[misc]
        self.kids[id(primary)] = kids

    def add_forced(self) -> None:
        """The demo workshop's cases (FORCED), and a collective case with merged ones."""
        plan, workshop = self.plan, self.org.by_code[DEMO_WORKSHOP]
        for spec in FORCED:
            t = plan.tale(
                self._ago(spec.days_ago),
                spec.channel,
                unit=workshop,
                decline=False,
                skip_level=spec.skip_level,
                collective=spec.collective,
            )
            t.target, t.reviews, t.fast, t.forced = spec.target, spec.reviews, True, True
            t.force_review, t.force_supervision = spec.reviews > 0, spec.supervise
            t.pending_extension, t.no_extension = spec.extension, True
            t.dispatched = False
            self.at(t.received, lambda t=t: self._submit(t))  # type: ignore[misc]
        days_ago, count = FORCED_MERGE
        primary = plan.tale(
            self._ago(days_ago), Channel.WALK_IN, unit=workshop, decline=False, collective=True
        )
        primary.target, primary.fast, primary.forced = State.IN_PROGRESS, True, True
        self._group(primary, count)
        self.at(primary.received, lambda: self._submit(primary))

    def _ago(self, days: float) -> datetime:
        at = self.now - timedelta(days=days)
        return self.plan.work_time(at.astimezone(self.tz).date()) if days >= 1 else at

    def _repeat_candidate(self, at: datetime) -> Tale | None:
        """An earlier finished case, most likely one whose complainant was dissatisfied."""
        for _ in range(4):
            if not self.recent:
                return None
            past = self.recent[self.rng.randrange(len(self.recent))]
            assert past.end is not None
            dissatisfied = past.rating == Rating.DISSATISFIED or past.kind == Kind.LITIGATION
            if past.end < at - timedelta(days=2) and (dissatisfied or self.rng.random() < 0.3):
                return past
        return None

    # ---- intake and acceptance ----------------------------------------------------------

    def _submit(self, t: Tale, alone: bool = True) -> None:
        org = self.org
        responsible = t.arrival if t.dispatched else t.unit
        t.g, t.secret = submit(
            channel=t.channel,
            kind=t.kind,
            subject=t.subject,
            description=t.description,
            unit=self.unit(responsible),
            category=self.categories[t.leaf.pk],
            location=t.location,
            identity_mode=t.identity,
            person=t.person,
            headcount=t.headcount,
            arrival_unit=self.unit(t.arrival),
            repeat_of=t.repeat.g if t.repeat is not None else None,
            by=self.user(org.clerk(t.arrival)) if t.channel in STAFF_CHANNELS else None,
        )
        self.tales.append(t)
        if not alone:  # waits to be merged into its collective case
            return
        if t.dispatched:
            when = self.plan.later(self.now_(), self.rng.uniform(0, 1.5))
            self.at(when, lambda: self._transfer(t))
        else:
            self._schedule_decision(t)

    def now_(self) -> datetime:
        """The story's present moment (the clock is at the step being taken)."""
        return timezone.now()

    def _transfer(self, t: Tale) -> None:
        assert t.unit.parent is not None
        reason = t.say(self.rng.choice(txt.TRANSFER_REASONS))
        by = self.user(self.org.assigner(t.unit.parent))
        t.g = lifecycle.transfer(self.g(t), by=by, to_unit=self.unit(t.unit), reasons=reason)
        self._schedule_decision(t)

    def _schedule_decision(self, t: Tale) -> None:
        x = self.rng.random()
        if t.fast:
            days = self.rng.uniform(0, 1.5)
        elif x < 0.62:
            days = self.rng.uniform(0, 3)
        elif x < 0.94:
            days = self.rng.uniform(3, 12)
        else:
            days = self.rng.uniform(13, 24)  # some decided late
        self.at(self._before_now(t, self.plan.later(self.now_(), days)), lambda: self._decide(t))

    def _before_now(self, t: Tale, at: datetime) -> datetime:
        """A forced case's next step, pulled back before the seeding moment when the working
        day it would fall on has not come yet (a weekend, or seeding before office hours):
        the demo workshop's cases must reach their target states at any hour."""
        if not t.forced or at <= self.now:
            return at
        return self.now_() + (self.now - self.now_()) / 2

    def _decide(self, t: Tale) -> None:
        """Accept (most) or decline (litigation always: the action adds the pointer to the
        courts)."""
        rng = self.rng
        litigation = t.kind == Kind.LITIGATION
        decline = litigation or (not t.target and id(t) not in self.kids and rng.random() < 0.05)
        if self.stopped(t, State.DECLINED if decline else State.ACCEPTED):
            return
        by = self.user(self.org.decider(t.unit))
        if decline:
            text = txt.LITIGATION_DECLINE if litigation else rng.choice(txt.DECLINE_REASONS)
            t.g = lifecycle.decline(self.g(t), by=by, reasons=t.say(text))
            self._finished(t)
            return
        t.g = lifecycle.accept(self.g(t), by=by, reasons=t.say(rng.choice(txt.ACCEPT_NOTES)))
        assign_at = self._before_now(t, self.plan.later(self.now_(), rng.uniform(0, 2.5)))
        self.at(assign_at, lambda: self._assign(t))

    def _assign(self, t: Tale) -> None:
        if self.stopped(t, State.ASSIGNED):
            return
        org = self.org
        handlers = org.handlers(t.unit)
        t.g = lifecycle.assign(
            self.g(t),
            by=self.user(org.assigner(t.unit)),
            owner=self.user(org.owner(t.unit)),
            handler=self.user(handlers[self.rng.randrange(len(handlers))]),
        )
        now = self.now_()
        kids = self.kids.get(id(t))
        if kids:
            last = max(k.received for k in kids)
            when = self._before_now(t, self.plan.later(max(last, now), self.rng.uniform(0.3, 2)))
            self.at(when, lambda: self._merge(t))
        else:
            self._work(t, first=True)

    # ---- collective cases ---------------------------------------------------------------

    def _merge(self, t: Tale) -> None:
        kids = [k for k in self.kids.get(id(t), []) if k.g is not None]
        if kids:
            t.g = lifecycle.merge(
                self.g(t), [self.g(k) for k in kids], by=self.user(self.org.assigner(t.unit))
            )
        self._work(t, first=True)

    # ---- the work and the reply ---------------------------------------------------------

    def _work(self, t: Tale, *, first: bool) -> None:
        """Contacts, perhaps an extension and a supervision, then the reply."""
        rng, plan = self.rng, self.plan
        since = self.now_()
        x = rng.random()
        if t.fast:
            days = rng.uniform(3, 10)
        elif x < 0.55:
            days = rng.uniform(4, 20)
        elif x < 0.86:
            days = rng.uniform(20, 42)
        elif x < 0.95:
            days = rng.uniform(42, 58)
        else:
            days = rng.uniform(60, 100)  # late, some with an extension
        reply_at = plan.later(since, days)
        first_contact = plan.later(since, rng.uniform(0.2, min(6.0, days * 0.5)))
        contacts = [min(first_contact, reply_at - timedelta(minutes=30))]
        more = rng.choice((0, 0, 1, 1, 1, 2, 3)) + (1 if t.headcount > 1 else 0)
        for _ in range(more if first else rng.randint(0, 1)):
            span = max((reply_at - since).total_seconds(), 3600.0)
            contacts.append(plan.later(since, rng.uniform(0.1, 0.95) * span / 86400))
        for when in contacts:
            self.at(when, lambda: self._contact(t))
        if t.pending_extension:
            ask = max(since, self.now - timedelta(days=2))
            self.at(ask, lambda: self._ask_extension(t, 15, decide=False))
        elif first and not t.no_extension and days > 52 and rng.random() < 0.7:
            ask = plan.later(since, min(days - 8, 45))
            extra = min(
                self.policy(t).max_extension_days,
                max(10, math.ceil(days - self.policy(t).resolve_days) + 7),
            )
            self.at(ask, lambda: self._ask_extension(t, extra, decide=True))
        if first and (t.force_supervision or rng.random() < (0.2 if days > 40 else 0.02)):
            placed = plan.later(since, 2 if t.target else min(days * 0.4, 20))
            self.at(placed, lambda: self._supervise(t))
        self.at(reply_at, lambda: self._reply(t))

    def _contact(self, t: Tale) -> None:
        """An outreach visit, appointment, dialogue or internal note."""
        rng, g = self.rng, self.g(t)
        if self.stopped(t, State.IN_PROGRESS) or g.state not in (*WORKING, State.UNDER_REVIEW):
            return
        for _ in range(4):  # a different entry each time, as real notes would be
            kind = rng.choices(("visit", "appointment", "dialogue", "note"), (3, 2, 2, 3))[0]
            if kind == "dialogue" and t.headcount == 1 and rng.random() < 0.6:
                kind = "appointment"
            template = rng.choice(txt.CONTACTS[kind])
            if template not in t.used:
                break
        t.used.add(template)
        assert g.handler_id is not None and g.owner_id is not None
        by = g.handler_id if kind == "note" or rng.random() < 0.7 else g.owner_id
        if by == g.owner_id and kind != "note":
            template = "包案领导" + template
        people = None
        if kind == "dialogue":
            people = max(3, min(g.headcount, 40)) if g.headcount > 1 else rng.randint(3, 12)
        elif kind != "note":
            people = 1 if g.headcount == 1 else rng.randint(2, 8)
        place = t.slots["place"] if kind in ("visit", "dialogue") else f"{t.unit.name}接待室"
        t.g = lifecycle.log_contact(
            g,
            by=self.user(by),
            kind=kind,
            summary=t.say(template),
            place="" if kind == "note" else place,
            participants=people,
        )

    def _ask_extension(self, t: Tale, days: int, *, decide: bool) -> None:
        g = self.g(t)
        if g.state not in (State.ACCEPTED, *WORKING) or g.handler_id is None:
            return
        reason = t.say(self.rng.choice(txt.EXTENSION_REASONS))
        self.ext[id(t)] = lifecycle.request_extension(
            g, by=self.user(g.handler_id), days=days, reason=reason
        )
        if decide:
            when = self.plan.later(self.now_(), self.rng.uniform(0.5, 3))
            self.at(when, lambda: self._decide_extension(t))

    def _decide_extension(self, t: Tale) -> None:
        """Approved by a head (never the one who asked), which moves the reply deadline."""
        if self.g(t).state not in (State.ACCEPTED, *WORKING):
            return
        head = self.user(self.org.head(t.unit)[0])
        note = t.say(self.rng.choice(txt.EXTENSION_NOTES))
        lifecycle.decide_extension(self.ext[id(t)], by=head, approve=True, note=note)

    def _supervise(self, t: Tale) -> None:
        """督办 by the nearest head, due on or before the reply deadline."""
        g = Grievance.objects.get(pk=self.g(t).pk)  # an extension may have moved the deadline
        today = self.now_().astimezone(self.tz).date()
        if g.state not in (State.ACCEPTED, *WORKING) or g.resolve_due is None:
            return
        if g.resolve_due < today:
            return  # overdue already: the escalation, not a supervision, is what follows
        days = 12 if t.force_supervision else self.rng.randint(7, 20)
        due = min(g.resolve_due, today + timedelta(days=days))
        head = self.user(self.org.head(t.unit)[0])
        text = t.say(self.rng.choice(txt.SUPERVISION_INSTRUCTIONS))
        self.sup[id(t)] = lifecycle.supervise(g, by=head, instructions=text, due=due)
        if not t.force_supervision:  # the forced one waits for its progress report
            when = self.plan.later(self.now_(), self.rng.uniform(3, 8))
            self.at(when, lambda: self._report(t))

    def _report(self, t: Tale) -> None:
        g = Grievance.objects.get(pk=self.g(t).pk)
        if not g.supervised or g.handler_id is None:
            return
        text = t.say(self.rng.choice(txt.SUPERVISION_REPORTS))
        lifecycle.report_progress(self.sup[id(t)], by=self.user(g.handler_id), text=text)

    def _reply(self, t: Tale) -> None:
        rng = self.rng
        g = Grievance.objects.get(pk=self.g(t).pk)
        if self.stopped(t, State.REPLIED) or g.state not in WORKING or g.owner_id is None:
            return
        _subject, _detail, facts, decision = txt.THEMES[t.leaf.code][t.theme]
        if g.review_level:
            decision = "经重新办理，" + decision
        pool = txt.POOLS[t.leaf.code]
        lifecycle.reply(
            g,
            by=self.user(g.owner_id),
            facts=t.say(facts),
            decision=t.say(decision),
            reasons=t.say(rng.choice(pool["reasons"])),
            policy=t.say(rng.choice(pool["policies"])),
        )
        t.g = Grievance.objects.get(pk=g.pk)
        self._finished(t)
        self._feedback(t)
        for kid in self.kids.get(id(t), []):  # the reply answered every merged grievance
            if kid.g is not None:
                kid.g = Grievance.objects.get(pk=kid.g.pk)
                if kid.g.state == State.REPLIED:
                    self._feedback(kid)

    def _finished(self, t: Tale) -> None:
        t.end = self.now_()
        if not (t.in_group or t.forced or t.repeat is not None):
            self.recent.append(t)

    # ---- feedback and review ------------------------------------------------------------

    def _feedback(self, t: Tale) -> None:
        """A rating (online, or by callback) and perhaps a review request inside the review
        window. A case nobody rates is closed by the nightly sweep when its window ends."""
        rng, g = self.rng, self.g(t)
        replied = self.now_()
        rating = ""
        if rng.random() < (0.55 if t.person is None else 0.78):
            rating = rng.choices(Rating.values, (66, 21, 13))[0]
        wants = (
            not t.no_review
            and g.review_level < 2
            and (
                t.force_review
                or (rating == Rating.DISSATISFIED and rng.random() < 0.45)
                or (rating == Rating.BASIC and rng.random() < 0.05)
                or (not rating and rng.random() < 0.02)
            )
        )
        if t.force_review:
            rating = Rating.DISSATISFIED
        t.rating = rating
        rate_at = self.plan.later(replied, 1 if t.fast else rng.uniform(0.5, 18))
        if rating:
            self.at(rate_at, lambda: self._rate(t, rating))
        if wants and g.review_window_due is not None:
            window_end = datetime.combine(g.review_window_due, time(17), self.tz)
            base = rate_at if rating else replied
            ask_at = min(base + timedelta(days=rng.uniform(0.5, 8)), window_end)
            self.at(max(ask_at, base + timedelta(minutes=30)), lambda: self._ask_review(t))

    def _rate(self, t: Tale, rating: str) -> None:
        rng = self.rng
        g = Grievance.objects.get(pk=self.g(t).pk)
        if self.stopped(t, State.CLOSED) or g.state not in (State.REPLIED, State.CLOSED):
            return
        by_phone = t.channel in (Channel.WALK_IN, Channel.LETTER, Channel.PHONE, Channel.IMPORT)
        callback = (
            t.person is not None
            and bool(t.person.phone)
            and rng.random() < (0.55 if by_phone else 0.25)
        )
        if callback:
            staff = self.org.clerk(t.unit)
            if g.handler_id is not None and rng.random() >= 0.5:
                staff = g.handler_id
            comment = rng.choice(txt.CALLBACK_NOTES[rating])
            t.g = lifecycle.rate(
                g, rating=rating, comment=comment, by=self.user(staff), via_callback=True
            )
        else:
            comment = rng.choice(txt.RATING_COMMENTS[rating])
            t.g = lifecycle.rate(g, rating=rating, comment=comment)

    def _ask_review(self, t: Tale) -> None:
        """复查, then 复核: decided at the unit above the one whose answer is appealed."""
        rng = self.rng
        g = Grievance.objects.get(pk=self.g(t).pk)
        if self.stopped(t, State.UNDER_REVIEW) or g.state not in (State.REPLIED, State.CLOSED):
            return
        reason = t.say(rng.choice(txt.REVIEW_REASONS))
        t.g = lifecycle.request_review(g, reason=reason)
        if t.fast:
            days = rng.uniform(3, 6)
        else:
            days = rng.uniform(5, 27) if rng.random() < 0.93 else rng.uniform(31, 40)
        upheld = (t.reviews == 2 and t.g.review_level == 1) or rng.random() < 0.7
        when = self.plan.later(self.now_(), days)
        self.at(when, lambda: self._decide_review(t, upheld))

    def _decide_review(self, t: Tale, upheld: bool) -> None:
        rng, g = self.rng, self.g(t)
        back = State.IN_PROGRESS if g.owner_id else State.ACCEPTED
        if self.stopped(t, State.REPLIED if upheld else back) or g.review_unit_id is None:
            return
        by = self.user(self.org.reviewer(self.org.by_pk[g.review_unit_id]))
        reasons = t.say(rng.choice(txt.REVIEW_UPHELD if upheld else txt.REVIEW_REDO))
        decision = "维持原答复。" if upheld else "撤销原答复，由原办理单位重新办理。"
        t.g = lifecycle.decide_review(g, by=by, upheld=upheld, decision=decision, reasons=reasons)
        if upheld:  # the opinion is the new reply
            self._finished(t)
            self._feedback(t)
        elif t.g.owner_id is not None:
            self._work(t, first=False)  # handled again by its unit, with a new deadline
