"""Demo data, part two: the history of one grievance, replayed step by step as the functions
of grievances/lifecycle.py would write it (state, step deadlines, version, timeline events,
replies, extension, supervision). Pure Python: nothing here touches the database.

Each step first checks its moment: a step that would lie after `now` (or leave a case's
demo target state) ends the history there, so recent cases are naturally still open.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext

from grievances import demo_text as txt
from grievances.lifecycle import COURT_POINTER
from grievances.models import EventKind, ExtensionState, Kind, Rating, State
from minsheng.workdays import add_days, is_working_day

if TYPE_CHECKING:
    from grievances.demo import Leaf, Org, OrgUnit, Policy

# Working-day arithmetic walks the holiday calendar day by day; the same few hundred
# (date, days) pairs come up again and again.
add_days_cached = functools.lru_cache(maxsize=65536)(add_days)
OFFICE_HOURS = (time(8, 30), time(17, 30))


# ---- the plan of one grievance ------------------------------------------------------------


@dataclass(eq=False)
class Person:
    name: str
    phone: str
    id_number: str
    address: str
    email: str
    pk: int | None = None


@dataclass(eq=False)
class Ref:
    """A grievance as later rows refer to it; the primary key is set when it is written."""

    code: str
    pk: int | None = None
    person: Person | None = None


@dataclass(eq=False)
class ReplyPlan:
    at: datetime
    author: int
    facts: str
    decision: str
    reasons: str
    policy: str
    review_level: int
    pk: int | None = None


@dataclass(eq=False)
class SupervisionPlan:
    unit: int
    by: int
    at: datetime
    instructions: str
    due: date
    active: bool = True
    pk: int | None = None


@dataclass(eq=False)
class ExtensionPlan:
    by: int
    at: datetime
    days: int
    reason: str
    state: str = ExtensionState.PENDING
    decided_by: int | None = None
    decided_at: datetime | None = None


@dataclass(eq=False)
class EventPlan:
    kind: str
    at: datetime
    actor: int | None
    text: str
    public: bool
    data: dict[str, Any]  # may hold a ReplyPlan or SupervisionPlan, written as its pk


@dataclass(eq=False)
class Case:
    """One grievance being planned: `f` holds the Grievance fields by attribute name."""

    ref: Ref
    secret: str
    unit: OrgUnit
    leaf: Leaf
    policy: Policy
    theme: int  # index into demo_text.THEMES[leaf.code]
    slots: dict[str, str]
    f: dict[str, Any]
    repeat_of: Ref | None = None
    merged_into: Ref | None = None
    dispatched: bool = False  # lodged with the unit above, which transfers it down
    target: str = ""  # stop the history once the case is in this state
    fast: bool = False
    force_review: bool = False
    force_supervision: bool = False
    no_review: bool = False
    assigned_at: datetime | None = None
    events: list[EventPlan] = field(default_factory=list)
    replies: list[ReplyPlan] = field(default_factory=list)
    supervision: SupervisionPlan | None = None
    extension: ExtensionPlan | None = None
    used: set[str] = field(default_factory=set)


@dataclass
class Merge:
    """Grievances about one problem merged into a collective case (lifecycle.merge)."""

    at: datetime
    by: int
    primary: Ref
    codes: list[str]
    heads: int
    done: bool = False
    reply: ReplyPlan | None = None


class _Stop(Exception):
    """The rest of this history lies in the future (or beyond the case's demo target)."""


# ---- the replay ---------------------------------------------------------------------------


class History:
    def __init__(self, org: Org, rng: random.Random, now: datetime) -> None:
        self.org = org
        self.rng = rng
        self.now = now
        self.tz: tzinfo = timezone.get_current_timezone()
        self.pointer = court_pointer()

    def run(self, c: Case, merge: Merge | None = None, child: Merge | None = None) -> None:
        """Receipt, then either being merged into `child`'s collective case, or acceptance
        (or declining), assignment, the work, the reply, feedback and reviews; `merge` makes
        this case the collective one."""
        try:
            self._receive(c)
            if child is not None:
                self._as_merged(c, child)
            elif self._decide(c):
                self._assign(c)
                if merge is not None:
                    self._merge_into(c, merge)
                self._work(c, c.f["decided_at"], first=True, merge=merge)
                self._feedback(c)
        except _Stop:
            pass

    # -- bookkeeping --

    def _step(self, c: Case, at: datetime, to: str = "") -> None:
        """Refuse a step that lies in the future, or that would leave the demo target."""
        if at > self.now:
            raise _Stop
        if c.target and c.f["state"] == c.target and to and to != c.target:
            raise _Stop

    def _event(
        self,
        c: Case,
        kind: str,
        at: datetime,
        actor: int | None,
        text: str = "",
        public: bool = True,
        **data: Any,
    ) -> None:
        c.events.append(EventPlan(kind, at, actor, text, public, data))

    def _save(self, c: Case) -> None:
        c.f["version"] += 1  # events.save: one more version per saved change

    # -- intake and acceptance --

    def _receive(self, c: Case) -> None:
        f = c.f
        repeat = c.repeat_of.code if c.repeat_of else None
        self._event(
            c,
            EventKind.RECEIVED,
            f["received_at"],
            f["created_by_id"],
            channel=f["channel"],
            repeat_of=repeat,
        )
        if c.dispatched:
            parent = c.unit.parent
            assert parent is not None
            at = self.later(f["received_at"], self.rng.uniform(0, 1.5))
            self._step(c, at)
            f["unit_id"], f["dispatched_from_id"] = c.unit.pk, parent.pk
            self._save(c)
            reason = self.rng.choice(txt.TRANSFER_REASONS).format_map(c.slots)
            route: dict[str, Any] = {"from": parent.code, "to": c.unit.code}
            self._event(c, EventKind.TRANSFERRED, at, self.org.assigner(parent), reason, **route)

    def _decide(self, c: Case) -> bool:
        """Accept (most) or decline (litigation always, with the pointer to the courts)."""
        rng, f = self.rng, c.f
        x = rng.random()
        if c.fast:
            days = rng.uniform(0, 1.5)
        elif x < 0.62:
            days = rng.uniform(0, 3)
        elif x < 0.94:
            days = rng.uniform(3, 12)
        else:
            days = rng.uniform(13, 24)  # some decided late
        at = self.later(f["received_at"], days)
        decline = f["kind"] == Kind.LITIGATION or (not c.target and rng.random() < 0.05)
        self._step(c, at, State.DECLINED if decline else State.ACCEPTED)
        by = self.org.decider(c.unit)
        f["decided_at"] = at
        self._save(c)
        if decline:
            f["state"], f["closed_at"] = State.DECLINED, at
            if f["kind"] == Kind.LITIGATION:
                text = f"{txt.LITIGATION_DECLINE}\n\n{self.pointer}"
            else:
                text = rng.choice(txt.DECLINE_REASONS).format_map(c.slots)
            self._event(c, EventKind.DECLINED, at, by, text)
            return False
        f["state"] = State.ACCEPTED
        f["resolve_due"] = self._due(at, c.policy.resolve, c)
        self._event(c, EventKind.ACCEPTED, at, by, rng.choice(txt.ACCEPT_NOTES))
        return True

    def _assign(self, c: Case) -> None:
        f, org = c.f, self.org
        at = self.later(f["decided_at"], self.rng.uniform(0, 2.5))
        self._step(c, at, State.ASSIGNED)
        handlers = org.handlers(c.unit)
        f["owner_id"] = org.owner(c.unit)
        f["handler_id"] = handlers[self.rng.randrange(len(handlers))]
        f["state"] = State.ASSIGNED
        self._save(c)
        names: dict[str, Any] = {
            "owner": org.usernames[f["owner_id"]],
            "handler": org.usernames[f["handler_id"]],
        }
        self._event(c, EventKind.ASSIGNED, at, org.assigner(c.unit), **names)
        c.assigned_at = at

    # -- collective cases --

    def _merge_into(self, c: Case, merge: Merge) -> None:
        f = c.f
        assert c.assigned_at is not None
        merge.at = self.later(max(merge.at, c.assigned_at), self.rng.uniform(0.3, 2))
        self._step(c, merge.at)
        merge.done = True
        f["is_collective"] = True
        f["headcount"] += merge.heads
        self._save(c)
        self._event(
            c, EventKind.MERGED, merge.at, merge.by, merged=merge.codes, headcount=f["headcount"]
        )

    def _as_merged(self, c: Case, merge: Merge) -> None:
        """Merged, then answered by the collective case's reply (lifecycle.reply marks every
        merged grievance replied), then its own feedback."""
        f = c.f
        self._step(c, merge.at, State.MERGED)
        f["state"] = State.MERGED
        c.merged_into = merge.primary
        self._save(c)
        self._event(c, EventKind.MERGED, merge.at, merge.by, into=merge.primary.code)
        if merge.reply is not None:
            self._step(c, merge.reply.at, State.REPLIED)
            self._mark_replied(c, merge.reply)
            self._feedback(c)

    # -- the work and the reply --

    def _work(self, c: Case, since: datetime, *, first: bool, merge: Merge | None = None) -> None:
        """Contacts, perhaps an extension and a supervision, then the reply."""
        rng, f = self.rng, c.f
        x = rng.random()
        if c.fast:
            days = rng.uniform(3, 10)
        elif x < 0.55:
            days = rng.uniform(4, 20)
        elif x < 0.86:
            days = rng.uniform(20, 42)
        elif x < 0.95:
            days = rng.uniform(42, 58)
        else:
            days = rng.uniform(60, 100)  # late, some with an extension
        assert c.assigned_at is not None
        start = max(since, c.assigned_at, merge.at if merge is not None else since)
        reply_at = self.later(start, days)
        steps: list[tuple[datetime, Callable[[datetime], None]]] = []
        contact = functools.partial(self._contact, c)
        first_contact = self.later(start, rng.uniform(0.2, min(6.0, days * 0.5)))
        steps.append((min(first_contact, reply_at - timedelta(minutes=30)), contact))
        more = rng.choice((0, 0, 1, 1, 1, 2, 3)) + (1 if f["headcount"] > 1 else 0)
        for _ in range(more if first else rng.randint(0, 1)):
            steps.append((self._between(start, reply_at), contact))
        if first and days > 52 and rng.random() < 0.7:
            ask = self.later(since, min(days - 8, 45))
            steps.append((ask, functools.partial(self._ask_extension, c, days)))
            decide = self.later(ask, rng.uniform(0.5, 3))
            steps.append((decide, functools.partial(self._decide_extension, c)))
        if first and (c.force_supervision or rng.random() < (0.2 if days > 40 else 0.02)):
            placed = self.later(since, 2 if c.target else min(days * 0.4, 20))
            steps.append((placed, functools.partial(self._supervise, c)))
            steps.append(
                (self.later(placed, rng.uniform(3, 8)), functools.partial(self._report, c))
            )
        steps.sort(key=lambda s: s[0])
        for at, action in steps:
            action(at)
        self._step(c, reply_at, State.REPLIED)
        theme, pool = txt.THEMES[c.leaf.code][c.theme], txt.POOLS[c.leaf.code]
        decision = theme[3].format_map(c.slots)
        if f["review_level"]:
            decision = "经重新办理，" + decision
        rp = ReplyPlan(
            reply_at,
            f["owner_id"],
            theme[2].format_map(c.slots),
            decision,
            rng.choice(pool["reasons"]),
            rng.choice(pool["policies"]),
            f["review_level"],
        )
        c.replies.append(rp)
        self._mark_replied(c, rp)
        if merge is not None:
            merge.reply = rp

    def _contact(self, c: Case, at: datetime) -> None:
        """An outreach visit, appointment, dialogue or internal note (lifecycle.log_contact)."""
        rng, f = self.rng, c.f
        self._step(c, at, State.IN_PROGRESS)
        for _ in range(4):  # a different entry each time, as real notes would be
            kind = rng.choices(("visit", "appointment", "dialogue", "note"), (3, 2, 2, 3))[0]
            if kind == "dialogue" and f["headcount"] == 1 and rng.random() < 0.6:
                kind = "appointment"
            text = rng.choice(txt.CONTACTS[kind]).format_map(c.slots)
            if text not in c.used:
                break
        c.used.add(text)
        if f["state"] == State.ASSIGNED:
            f["state"] = State.IN_PROGRESS
        self._save(c)
        by = f["handler_id"] if kind == "note" or rng.random() < 0.7 else f["owner_id"]
        if by == f["owner_id"] and kind != "note":
            text = "包案领导" + text
        people = None
        if kind == "dialogue":
            people = max(3, min(f["headcount"], 40)) if f["headcount"] > 1 else rng.randint(3, 12)
        elif kind != "note":
            people = 1 if f["headcount"] == 1 else rng.randint(2, 8)
        place = c.slots["place"] if kind in ("visit", "dialogue") else f"{c.unit.name}接待室"
        self._event(
            c,
            kind,
            at,
            by,
            text,
            kind != "note",
            date=at.astimezone(self.tz).date().isoformat(),
            place="" if kind == "note" else place,
            participants=people,
        )

    def _ask_extension(self, c: Case, days: float, at: datetime) -> None:
        self._step(c, at)
        extra = max(10, min(c.policy.max_extension, math.ceil(days - c.policy.resolve) + 7))
        reason = self.rng.choice(txt.EXTENSION_REASONS).format_map(c.slots)
        c.extension = ExtensionPlan(c.f["handler_id"], at, extra, reason)
        self._save(c)
        self._event(
            c, EventKind.EXTENSION_REQUESTED, at, c.f["handler_id"], reason, False, days=extra
        )

    def _decide_extension(self, c: Case, at: datetime) -> None:
        """Approved by a head (never the one who asked), which moves the reply deadline."""
        self._step(c, at)
        ext, f = c.extension, c.f
        assert ext is not None
        head = self.org.head(c.unit)[0]
        ext.state, ext.decided_by, ext.decided_at = ExtensionState.APPROVED, head, at
        f["resolve_due"] = add_days_cached(f["resolve_due"], ext.days, c.policy.day_type)
        f["extension_days"] = ext.days
        self._save(c)
        note = self.rng.choice(txt.EXTENSION_NOTES)
        due = f["resolve_due"].isoformat()
        self._event(
            c,
            EventKind.EXTENSION_DECIDED,
            at,
            head,
            note,
            approved=True,
            days=ext.days,
            resolve_due=due,
        )

    def _supervise(self, c: Case, at: datetime) -> None:
        """督办 by the nearest head, due on or before the reply deadline."""
        self._step(c, at)
        f = c.f
        head, unit = self.org.head(c.unit)
        day = at.astimezone(self.tz).date()
        due = max(day, min(f["resolve_due"], day + timedelta(days=self.rng.randint(7, 20))))
        text = self.rng.choice(txt.SUPERVISION_INSTRUCTIONS)
        c.supervision = SupervisionPlan(unit.pk, head, at, text, due)
        f["supervised"] = True
        self._save(c)
        self._event(
            c, EventKind.SUPERVISED, at, head, text, False, due=due.isoformat(), unit=unit.code
        )

    def _report(self, c: Case, at: datetime) -> None:
        self._step(c, at)
        if not c.f["supervised"] or c.supervision is None:
            return
        self._save(c)
        text = self.rng.choice(txt.SUPERVISION_REPORTS)
        sup = c.supervision
        self._event(
            c, EventKind.SUPERVISION_REPORT, at, c.f["handler_id"], text, False, supervision=sup
        )

    def _mark_replied(self, c: Case, rp: ReplyPlan) -> None:
        """lifecycle._mark_replied: the feedback and review windows open, any supervision
        ends, an earlier rating is cleared."""
        f, p = c.f, c.policy
        f["state"], f["replied_at"] = State.REPLIED, rp.at
        f["feedback_due"] = self._due(rp.at, p.feedback, c)
        level = f["review_level"]
        f["review_window_due"] = self._due(rp.at, p.review_window, c) if level < 2 else None
        f["rating"], f["rated_at"], f["rating_by_callback"], f["closed_at"] = "", None, False, None
        f["supervised"] = False
        if c.supervision is not None:
            c.supervision.active = False
        self._save(c)
        self._event(c, EventKind.REPLIED, rp.at, rp.author, reply=rp, review_level=rp.review_level)

    # -- feedback and review --

    def _feedback(self, c: Case) -> None:
        """A rating (online, or by callback) or closing when the feedback window ends, and
        perhaps a review request inside the review window."""
        rng, f = self.rng, c.f
        replied = f["replied_at"]
        rating = ""
        if rng.random() < (0.55 if c.ref.person is None else 0.78):
            rating = rng.choices(Rating.values, (66, 21, 13))[0]
        wants = (
            not c.no_review
            and f["review_level"] < 2
            and (
                c.force_review
                or (rating == Rating.DISSATISFIED and rng.random() < 0.45)
                or (rating == Rating.BASIC and rng.random() < 0.05)
                or (not rating and rng.random() < 0.02)
            )
        )
        if c.force_review:
            rating = Rating.DISSATISFIED
        rate_at = self.later(replied, 1 if c.fast else rng.uniform(0.5, 18))
        # The nightly sweep closes a case the day after its feedback window ends.
        close_at = datetime.combine(
            f["feedback_due"] + timedelta(days=1), time(2, rng.randrange(60)), self.tz
        )
        ask_at = None
        if wants and f["review_window_due"] is not None:
            window_end = datetime.combine(f["review_window_due"], time(17), self.tz)
            base = rate_at if rating else replied
            ask_at = min(base + timedelta(days=rng.uniform(0.5, 8)), window_end)
            ask_at = max(ask_at, base + timedelta(minutes=30))
        if rating:
            self._rate(c, rating, rate_at)
        elif ask_at is None or close_at < ask_at:
            self._step(c, close_at, State.CLOSED)
            f["state"], f["closed_at"] = State.CLOSED, close_at
            self._save(c)
            self._event(c, EventKind.CLOSED, close_at, None, reason="feedback window ended")
        if ask_at is not None:
            self._review(c, ask_at)

    def _rate(self, c: Case, rating: str, at: datetime) -> None:
        rng, f = self.rng, c.f
        person = c.ref.person
        by_phone = f["channel"] in ("walk_in", "letter", "phone", "import")
        callback = (
            person is not None
            and bool(person.phone)
            and rng.random() < (0.55 if by_phone else 0.25)
        )
        self._step(c, at, State.CLOSED)
        f["rating"], f["rated_at"], f["rating_by_callback"] = rating, at, callback
        if f["state"] == State.REPLIED:
            f["state"], f["closed_at"] = State.CLOSED, at
        self._save(c)
        if callback:
            by = self.org.clerk(c.unit) if rng.random() < 0.5 else f["handler_id"]
            text = rng.choice(txt.CALLBACK_NOTES[rating])
            self._event(c, EventKind.CALLBACK, at, by, text, rating=rating)
        else:
            text = rng.choice(txt.RATING_COMMENTS[rating])
            self._event(c, EventKind.RATED, at, None, text, rating=rating)

    def _review(self, c: Case, at: datetime) -> None:
        """复查, then 复核: decided at the unit above the one whose answer is appealed."""
        rng, f, org = self.rng, c.f, self.org
        self._step(c, at, State.UNDER_REVIEW)
        base = c.unit
        if f["review_level"] >= 1 and f["review_unit_id"]:
            base = org.by_pk[f["review_unit_id"]]
        unit = base.parent or base
        f["review_level"] += 1
        f["review_unit_id"] = unit.pk
        f["state"], f["reopened"], f["closed_at"] = State.UNDER_REVIEW, True, None
        f["review_due"] = self._due(at, c.policy.review_decide, c)
        self._save(c)
        reason = rng.choice(txt.REVIEW_REASONS).format_map(c.slots)
        self._event(
            c,
            EventKind.REVIEW_REQUESTED,
            at,
            None,
            reason,
            level=f["review_level"],
            unit=unit.code,
        )
        days = rng.uniform(5, 27) if rng.random() < 0.93 else rng.uniform(31, 40)
        decided = self.later(at, days)
        upheld = rng.random() < 0.7
        back = State.IN_PROGRESS if f["owner_id"] else State.ACCEPTED
        self._step(c, decided, State.REPLIED if upheld else back)
        by = unit.leaders[0] if unit.leaders else org.head(unit)[0]
        opinion = rng.choice(txt.REVIEW_UPHELD if upheld else txt.REVIEW_REDO).format_map(c.slots)
        self._event(
            c,
            EventKind.REVIEW_DECIDED,
            decided,
            by,
            opinion,
            upheld=upheld,
            level=f["review_level"],
        )
        if upheld:  # the opinion is the new reply
            rp = ReplyPlan(decided, by, "-", opinion, opinion, "", f["review_level"])
            c.replies.append(rp)
            self._mark_replied(c, rp)
            self._feedback(c)
            return
        f["state"] = back  # handled again by its unit, with a new reply deadline
        f["resolve_due"] = self._due(decided, c.policy.resolve, c)
        self._save(c)
        self._work(c, decided, first=False)
        self._feedback(c)

    # -- time --

    def _due(self, at: datetime, days: int, c: Case) -> date:
        return add_days_cached(at.astimezone(self.tz).date(), days, c.policy.day_type)

    def work_time(self, day: date) -> datetime:
        m = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return datetime.combine(day, time(m // 60, m % 60, self.rng.randrange(60)), self.tz)

    def in_hours(self, at: datetime) -> bool:
        local = at.astimezone(self.tz)
        return OFFICE_HOURS[0] <= local.time() <= OFFICE_HOURS[1] and is_working_day(local.date())

    def later(self, t: datetime, days: float) -> datetime:
        """A moment in working hours about `days` days after `t`, never before it."""
        day = (t + timedelta(days=days)).astimezone(self.tz).date()
        while not is_working_day(day):
            day += timedelta(days=1)
        at = self.work_time(day)
        return at if at > t else t + timedelta(minutes=self.rng.randint(10, 180))

    def _between(self, a: datetime, b: datetime) -> datetime:
        span = max((b - a).total_seconds(), 3600.0)
        return self.later(a, self.rng.uniform(0.1, 0.95) * span / 86400)


def court_pointer() -> str:
    """lifecycle.COURT_POINTER in Chinese: from the catalogue once it translates it."""
    with translation.override("zh-hans"):
        text = gettext(COURT_POINTER)
    return txt.COURT_POINTER_ZH if text == COURT_POINTER else text
