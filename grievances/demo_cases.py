"""Demo data, part one: what comes in. When grievances arrive (more on working days and
before the Spring Festival), by which channel, at which unit, about what, from whom, and
which of them are repeats, skip-level, collective or merged. Each case's history is then
replayed by demo_history.History. Pure Python and deterministic for a seed.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import holidays

from grievances import demo_text as txt
from grievances.demo_history import Case, History, Merge, Person, Ref, add_days_cached
from grievances.intake import ALPHABET
from grievances.models import Channel, IdentityMode, Kind, Rating, State
from minsheng.workdays import is_working_day

if TYPE_CHECKING:
    from grievances.demo import Leaf, Org, OrgUnit

CHANNEL_WEIGHTS: dict[str, float] = {
    Channel.WALK_IN: 20,
    Channel.LETTER: 8,
    Channel.PHONE: 24,
    Channel.WEB: 33,
    Channel.API: 6,
    Channel.OPEN311: 4,
    Channel.IMPORT: 5,
}
# The counter, the post room and bulk imports work office hours; the rest never close.
OFFICE_CHANNELS = (Channel.WALK_IN, Channel.LETTER, Channel.IMPORT)
STAFF_CHANNELS = (Channel.WALK_IN, Channel.LETTER, Channel.PHONE, Channel.IMPORT)
ANONYMOUS_SHARE: dict[str, float] = {
    Channel.WEB: 0.22,
    Channel.OPEN311: 0.4,
    Channel.LETTER: 0.15,
    Channel.PHONE: 0.1,
    Channel.API: 0.15,
}
LEVEL_WEIGHTS = (0.6, 1.2, 3.0, 2.0)  # most grievances are about workshops and teams


@dataclass(frozen=True)
class Forced:
    """A recent case of the demo workshop, stopped in a given state, so that the demo
    `leader` and `handler` have work in every open state. Forced cases are decided and
    worked quickly, so that they reach their state whatever the seed."""

    target: str
    days_ago: float
    channel: str
    review: bool = False
    supervise: bool = False
    skip_level: bool = False
    collective: bool = False


FORCED = [
    Forced(State.RECEIVED, 0.1, Channel.WEB),
    Forced(State.RECEIVED, 19, Channel.LETTER),  # acceptance overdue
    Forced(State.ACCEPTED, 3, Channel.PHONE),
    Forced(State.ASSIGNED, 5, Channel.OPEN311),
    Forced(State.ASSIGNED, 9, Channel.WALK_IN, collective=True),
    Forced(State.IN_PROGRESS, 12, Channel.API),
    Forced(State.IN_PROGRESS, 26, Channel.WALK_IN, supervise=True),
    Forced(State.IN_PROGRESS, 75, Channel.IMPORT),  # reply overdue
    Forced(State.IN_PROGRESS, 33, Channel.WALK_IN, skip_level=True),
    Forced(State.REPLIED, 25, Channel.WEB),
    Forced(State.UNDER_REVIEW, 48, Channel.PHONE, review=True),
]
FORCED_MERGE = (11, 3)  # a collective case received 11 days ago, with 3 grievances merged in
FORCED_COUNT = len(FORCED) + 1 + FORCED_MERGE[1]


@dataclass(frozen=True)
class _Past:
    """A finished case that a later grievance may repeat."""

    ref: Ref
    end: datetime
    unit: OrgUnit
    leaf: Leaf
    theme: int
    subject: str
    description: str
    identity: str
    dissatisfied: bool


class Planner(History):
    """Yields batches of planned cases in order of receipt. Memory stays bounded: only the
    current batch and a window of recent finished cases (for repeats) are kept."""

    def __init__(self, org: Org, *, seed: int, months: int, now: datetime, code_seed: str):
        super().__init__(org, random.Random(seed), now)
        # Receipt codes and tracking secrets come from their own stream, seeded with the
        # number of grievances already there, so a second run never repeats a code.
        self.codes = random.Random(code_seed)
        self.months = months
        self.recent: deque[_Past] = deque(maxlen=3000)
        self.samples: list[tuple[str, str]] = []
        self.units = [u for u in org.units if org.handlers(u)]
        self.unit_cum = _cumulative([LEVEL_WEIGHTS[min(u.level, 3)] for u in self.units])
        top = {leaf: code for code, _z, _e, ls in txt.CATEGORIES for leaf, _a, _b in ls}
        self.leaf_cum: dict[str, list[float]] = {}
        for kind in txt.UNIT_AFFINITY:
            aff = txt.UNIT_AFFINITY[kind]
            self.leaf_cum[kind] = _cumulative(
                [txt.CATEGORY_WEIGHTS[top[x.code]] * aff.get(top[x.code], 1.0) for x in org.leaves]
            )
        self.channel_cum = _cumulative(list(CHANNEL_WEIGHTS.values()))

    def batches(self, total: int, batch_size: int) -> Iterator[list[Case]]:
        """Exactly `total` cases; a merge group stays within one batch."""
        forced = total >= 40
        regular = total - (FORCED_COUNT if forced else 0)
        batch: list[Case] = []
        skip = 0
        for i, received in enumerate(self._receipt_times(regular)):
            if skip:  # a merge group used this receipt slot for one of its grievances
                skip -= 1
                continue
            cases = self._regular(received, room=regular - i - 1)
            skip = len(cases) - 1
            batch += cases
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if forced:
            batch += self._forced()
        if batch:
            yield batch

    def _receipt_times(self, n: int) -> Iterator[datetime]:
        """n receipt times over the period: fewer at weekends and on holidays, more in the
        weeks before the Spring Festival and National Day, slowly growing over time."""
        days = max(30, round(self.months * 30.44))
        today = self.now.astimezone(self.tz).date()
        start = today - timedelta(days=days)
        bumps = _holiday_bumps(start, today)
        weights = []
        for i in range(days + 1):
            d = start + timedelta(days=i)
            w = (1.0 if is_working_day(d) else 0.45) * (0.8 + 0.4 * i / days) * bumps.get(d, 1.0)
            weights.append(w)
        counts = Counter(self.rng.choices(range(days + 1), cum_weights=_cumulative(weights), k=n))
        for i in range(days + 1):
            day = start + timedelta(days=i)
            for m in sorted(self._minute_of_day() for _ in range(counts.get(i, 0))):
                at = datetime.combine(day, time(m // 60, m % 60, self.rng.randrange(60)), self.tz)
                yield min(at, self.now - timedelta(minutes=5 + self.rng.randrange(600)))

    def _minute_of_day(self) -> int:
        if self.rng.random() < 0.75:
            return self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return self.rng.randint(0, 24 * 60 - 1)

    def _regular(self, received: datetime, room: int) -> list[Case]:
        """One grievance, or a collective case with 2-4 grievances merged into it (which use
        up to `room` of the receipt slots that follow)."""
        rng = self.rng
        channel = self._channel(received)
        old = self._repeat_candidate(received) if rng.random() < 0.04 else None
        if old is not None:
            c = self._new_case(received, channel, unit=old.unit, leaf=old.leaf, repeat=old)
            self._run(c)
            return [c]
        c = self._new_case(received, channel)
        if (
            c.f["headcount"] > 1
            and room >= 2
            and c.f["kind"] != Kind.LITIGATION
            and rng.random() < 0.08
            and received < self.now - timedelta(days=4)
        ):
            return self._merge_group(c, min(room, rng.randint(2, 4)))
        self._run(c)
        return [c]

    def _forced(self) -> list[Case]:
        out: list[Case] = []
        unit = self.org.by_code[txt.DEMO_WORKSHOP]
        for spec in FORCED:
            c = self._new_case(
                self._ago(spec.days_ago),
                spec.channel,
                unit=unit,
                decline=False,
                skip_level=spec.skip_level,
                collective=spec.collective,
            )
            c.target, c.fast, c.force_review = spec.target, True, spec.review
            c.force_supervision = spec.supervise
            self._run(c)
            out.append(c)
        days_ago, kids = FORCED_MERGE
        primary = self._new_case(
            self._ago(days_ago), Channel.WALK_IN, unit=unit, decline=False, collective=True
        )
        primary.target, primary.fast = State.IN_PROGRESS, True
        return out + self._merge_group(primary, kids)

    def _ago(self, days: float) -> datetime:
        at = self.now - timedelta(days=days)
        return self.work_time(at.astimezone(self.tz).date()) if days >= 1 else at

    def _run(self, c: Case, merge: Merge | None = None, child: Merge | None = None) -> None:
        self.run(c, merge, child)
        f = c.f
        if f["closed_at"] is not None and child is None and c.repeat_of is None:
            dissatisfied = f["rating"] == Rating.DISSATISFIED or f["state"] == State.DECLINED
            self.recent.append(
                _Past(
                    c.ref,
                    f["closed_at"],
                    c.unit,
                    c.leaf,
                    c.theme,
                    c.slots["subject"],
                    f["description"],
                    f["identity_mode"],
                    dissatisfied,
                )
            )
        if len(self.samples) < 3 and f["channel"] == Channel.WEB and f["state"] == State.CLOSED:
            self.samples.append((c.ref.code, c.secret))

    # -- what a case is about --

    def _channel(self, received: datetime) -> str:
        channel = self.rng.choices(list(CHANNEL_WEIGHTS), cum_weights=self.channel_cum)[0]
        if channel in OFFICE_CHANNELS and not self.in_hours(received):
            channel = Channel.WEB if self.rng.random() < 0.7 else Channel.PHONE
        return str(channel)

    def _new_case(
        self,
        received: datetime,
        channel: str,
        *,
        unit: OrgUnit | None = None,
        leaf: Leaf | None = None,
        repeat: _Past | None = None,
        like: Case | None = None,
        decline: bool = True,
        skip_level: bool = False,
        collective: bool = False,
        headcount: int = 0,
    ) -> Case:
        """A grievance received at `received`. `repeat` makes it the same problem brought
        again; `like` one more grievance about an earlier case's problem (to be merged)."""
        rng, org = self.rng, self.org
        if like is not None:
            unit, leaf = like.unit, like.leaf
        if unit is None:
            unit = rng.choices(self.units, cum_weights=self.unit_cum)[0]
        if leaf is None:
            leaf = rng.choices(org.leaves, cum_weights=self.leaf_cum[unit.kind])[0]
        kind = _kind_for(leaf.code, rng)
        if not decline and kind == Kind.LITIGATION:
            kind, leaf = Kind.COMPLAINT, org.leaves[0]
        if headcount < 1:
            headcount = 1
            share = 0.14 if leaf.code.startswith(("wages", "restr", "land")) else 0.06
            if collective or (kind != Kind.LITIGATION and rng.random() < share):
                headcount = int(10 * 20 ** (rng.random() ** 1.6))  # 10 to 200, mostly small
        identity = _identity_for(channel, rng)
        arrival, dispatched = unit, False
        if like is None and (skip_level or (unit.level >= 2 and rng.random() < 0.06)):
            arrival = next(x for x in unit.chain() if x.level == unit.level - 2)
            if channel not in (Channel.WALK_IN, Channel.LETTER, Channel.PHONE):
                in_hours = self.in_hours(received)
                channel = Channel.WALK_IN if in_hours and rng.random() < 0.6 else Channel.PHONE
        elif like is None and unit.parent is not None and rng.random() < 0.04:
            arrival, dispatched = unit.parent, True
        policy = org.policies[(kind, leaf.pk)]
        code = "-".join("".join(self.codes.choices(ALPHABET, k=4)) for _ in range(3))
        secret = "".join(self.codes.choices(ALPHABET, k=8))
        slots = self._slots(unit, leaf, headcount, received)
        theme_count = len(txt.THEMES[leaf.code])
        theme = rng.randrange(theme_count)
        if like is not None:
            theme = like.theme
            slots.update({k: like.slots[k] for k in ("place", "village", "building", "month")})
        elif repeat is not None:
            theme = repeat.theme
        subject, detail, _facts, _decision = txt.THEMES[leaf.code][theme]
        subject = slots["subject"] = subject.format_map(slots)
        if headcount > 1:
            subject += f"（{headcount}人联名）"
        extra = rng.choice(txt.EXTRAS) if rng.random() < 0.5 else ""
        description = (detail + extra + rng.choice(txt.POOLS[leaf.code]["asks"])).format_map(slots)
        person = None
        if repeat is not None:
            subject = "再次反映：" + repeat.subject
            description = (
                f"此前反映的问题（受理编号{repeat.ref.code}）至今没有得到解决，现再次反映。"
                + repeat.description
            )
            identity, person = repeat.identity, repeat.ref.person
        elif identity != IdentityMode.ANONYMOUS:
            person = self._person(unit, channel)
        local_day = received.astimezone(self.tz).date()
        f: dict[str, Any] = {
            "channel": channel,
            "kind": kind,
            "category_id": leaf.pk,
            "subject": subject[:200],
            "description": description[:5000],
            "location": slots["place"] if rng.random() < 0.6 else "",
            "unit_id": (arrival if dispatched else unit).pk,
            "arrival_unit_id": arrival.pk,
            "is_skip_level": arrival.level <= unit.level - 2,
            "dispatched_from_id": None,
            "identity_mode": identity,
            "headcount": headcount,
            "is_collective": headcount > 1,
            "created_by_id": org.clerk(arrival) if channel in STAFF_CHANNELS else None,
            "owner_id": None,
            "handler_id": None,
            "state": State.RECEIVED,
            "version": 1,
            "received_at": received,
            "accept_due": add_days_cached(local_day, policy.accept, policy.day_type),
            "decided_at": None,
            "resolve_due": None,
            "extension_days": 0,
            "replied_at": None,
            "feedback_due": None,
            "closed_at": None,
            "rating": "",
            "rated_at": None,
            "rating_by_callback": False,
            "review_level": 0,
            "review_unit_id": None,
            "review_window_due": None,
            "review_due": None,
            "reopened": False,
            "supervised": False,
        }
        return Case(
            Ref(code, person=person),
            secret,
            unit,
            leaf,
            policy,
            theme,
            slots,
            f,
            repeat_of=repeat.ref if repeat else None,
            dispatched=dispatched,
        )

    def _slots(self, unit: OrgUnit, leaf: Leaf, n: int, received: datetime) -> dict[str, str]:
        """The values the phrase templates use, consistent within one case."""
        rng = self.rng
        people = n if n > 1 else rng.randint(6, 80)
        month = (received.month - 2) % 12 + 1
        later = received + timedelta(days=rng.randint(10, 40))
        amount = rng.randint(8, 120) * 100 * (n if n > 1 else 1)
        slots = {
            "unit": unit.name,
            "topic": leaf.topic,
            "n": str(people),
            "n2": str(max(1, people * rng.randint(40, 90) // 100)),
            "building": f"{rng.randint(1, 36)}号楼",
            "village": rng.choice(txt.VILLAGES),
            "dept": rng.choice(txt.DEPARTMENTS),
            "year": str(rng.randint(1998, 2021)),
            "years": f"{rng.randint(8, 34)}年",
            "months": f"{_cn(rng.randint(2, 7))}个月",
            "month": f"{month}月份",
            "date": f"{later.month}月{later.day}日",
            "amount": f"{amount:,}元" if amount < 100_000 else f"约{amount / 10000:.1f}万元",
        }
        if n == 1:
            slots["who"] = "我"
        elif unit.kind == "estate":
            slots["who"] = f"我们{n}户居民"
        elif unit.kind == "retirees":
            slots["who"] = f"我们{n}名退休职工"
        elif leaf.code.startswith("land"):
            slots["who"] = f"我们{n}户村民"
        else:
            slots["who"] = f"我们{n}名职工"
        places = unit.kind
        if leaf.code.startswith(txt.RESIDENTIAL_PREFIXES) and places not in ("estate", "retirees"):
            places = "estate"
        elif leaf.code.startswith("land"):
            places = "land"
        slots["place"] = rng.choice(txt.PLACES[places]).format_map(slots)
        return slots

    def _person(self, unit: OrgUnit, channel: str) -> Person:
        rng = self.rng
        name = rng.choice(txt.SURNAMES) + rng.choice(txt.GIVEN_NAMES)
        phone = "1" + rng.choice("3578") + "".join(rng.choices("0123456789", k=9))
        if rng.random() < 0.15:
            phone = ""
        id_number = _id_number(rng) if rng.random() < 0.7 else ""
        if unit.kind == "project":
            address = f"{rng.choice(txt.VILLAGES)}{rng.randint(1, 200)}号"
        else:
            address = (
                f"家属区{rng.randint(1, 36)}号楼{rng.randint(1, 6)}单元"
                f"{rng.randint(1, 7)}0{rng.randint(1, 4)}室"
            )
        email = f"m{rng.randrange(10**6, 10**9)}@example.com" if channel == Channel.WEB else ""
        return Person(name, phone, id_number, address, email)

    def _repeat_candidate(self, at: datetime) -> _Past | None:
        """An earlier finished case, most likely one whose complainant was dissatisfied."""
        for _ in range(4):
            if not self.recent:
                return None
            past = self.recent[self.rng.randrange(len(self.recent))]
            if past.end < at - timedelta(days=2) and (past.dissatisfied or self.rng.random() < 0.3):
                return past
        return None

    def _merge_group(self, primary: Case, count: int) -> list[Case]:
        """A collective case and `count` grievances about the same problem merged into it.
        If the merge has not happened (yet), they stay cases of their own."""
        rng = self.rng
        received = primary.f["received_at"]
        kids: list[Case] = []
        for _ in range(count):
            at = min(self.later(received, rng.uniform(0.1, 3)), self.now - timedelta(hours=1))
            n = 1 if rng.random() < 0.7 else rng.randint(3, 30)
            kid = self._new_case(at, self._channel(at), like=primary, decline=False, headcount=n)
            kid.f["kind"] = primary.f["kind"]
            kid.no_review = True
            kids.append(kid)
        merge = Merge(
            at=max(k.f["received_at"] for k in kids),
            by=self.org.assigner(primary.unit),
            primary=primary.ref,
            codes=[k.ref.code for k in kids],
            heads=sum(k.f["headcount"] for k in kids),
        )
        self._run(primary, merge=merge)
        for kid in kids:
            self._run(kid, child=merge if merge.done else None)
        return [primary, *kids]


def _kind_for(leaf: str, rng: random.Random) -> str:
    if leaf in txt.LITIGATION_LEAVES:
        return str(Kind.LITIGATION)
    if leaf in txt.SUGGESTION_LEAVES:
        return str(Kind.SUGGESTION)
    if leaf in txt.WRONGDOING_LEAVES:
        return str(Kind.WRONGDOING if rng.random() < 0.85 else Kind.COMPLAINT)
    if leaf in txt.HELP_LEAVES:
        return str(Kind.HELP if rng.random() < 0.55 else Kind.COMPLAINT)
    return str(Kind.COMPLAINT if rng.random() < 0.92 else Kind.HELP)


def _identity_for(channel: str, rng: random.Random) -> str:
    anonymous = ANONYMOUS_SHARE.get(channel, 0.02)
    x = rng.random()
    if x < anonymous:
        return str(IdentityMode.ANONYMOUS)
    if x < anonymous + 0.1:
        return str(IdentityMode.CONFIDENTIAL)
    return str(IdentityMode.NAMED)


_REGIONS = ("110101", "130102", "140105", "210202", "370102", "410102", "610103", "150102")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(rng: random.Random) -> str:
    """A well-formed (GB 11643 check digit) but random resident ID number."""
    born = date(1952, 1, 1) + timedelta(days=rng.randrange(50 * 365))
    body = f"{rng.choice(_REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    check = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11
    return body + "10X98765432"[check]


def _cn(n: int) -> str:
    """A small count in Chinese numerals (两个月, 十二个月)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return "两" if n == 2 else digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _holiday_bumps(start: date, end: date) -> dict[date, float]:
    """Weights: more grievances in the fortnight before the Spring Festival and the week
    before National Day, fewer on public holidays."""
    bumps: dict[date, float] = {}
    for year in range(start.year, end.year + 1):
        for day, name in holidays.country_holidays("CN", years=[year]).items():
            if "Spring Festival" in name or "National Day" in name:
                lead, factor = (14, 1.6) if "Spring" in name else (7, 1.3)
                for i in range(1, lead + 1):
                    bumps.setdefault(day - timedelta(days=i), factor)
            bumps[day] = 0.5
    return bumps
