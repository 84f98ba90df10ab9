"""What comes in: when grievances arrive (more on working days and before the Spring
Festival), by which channel, at which unit, about what, from whom, and in which words.
Pure Python and deterministic for a seed; demo.grievance_story then takes each arrival
through the real actions.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

import holidays

from demo import grievance_texts as txt
from demo.orgs import GIVEN_NAMES, SURNAMES, Org, OrgUnit
from grievances.intake import Person
from grievances.models import Channel, Grievance, IdentityMode, Kind
from minsheng.workdays import is_working_day

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
OFFICE_HOURS = (time(8, 30), time(17, 30))


@dataclass(frozen=True)
class Leaf:
    pk: int
    code: str
    topic: str


@dataclass(eq=False)
class Tale:
    """One grievance of the demo: what it is about, in which words, and how its story
    should go. `g` is the grievance once it has been submitted. `texts` maps each text
    given to an action to the template it was filled from, so that a copy of this history
    (demo.grievance_copies) can say the same things about its own place and people."""

    received: datetime
    channel: str
    kind: str
    unit: OrgUnit
    arrival: OrgUnit
    leaf: Leaf
    theme: int
    slots: dict[str, str]
    subject: str
    description: str
    location: str
    identity: str
    person: Person | None
    headcount: int
    dispatched: bool = False  # lodged with the unit above, which transfers it down
    repeat: Tale | None = None
    texts: dict[str, str] = field(default_factory=dict)
    # How the story goes (the demo workshop's cases are steered to a state):
    target: str = ""  # stop once the case is in this state (at `reviews` review level)
    reviews: int = 0
    fast: bool = False
    force_review: bool = False
    force_supervision: bool = False
    pending_extension: bool = False
    no_review: bool = False
    no_extension: bool = False
    in_group: bool = False  # part of a collective case made by merging
    forced: bool = False
    # What happened:
    g: Grievance | None = None
    secret: str = ""
    rating: str = ""
    end: datetime | None = None
    used: set[str] = field(default_factory=set)

    def say(self, template: str) -> str:
        """The template filled from this case's slots, remembered for copies."""
        text = template.format_map(self.slots)
        self.texts.setdefault(text, template)
        return text


class Planner:
    def __init__(
        self, org: Org, leaves: list[Leaf], *, rng: random.Random, now: datetime, tz: tzinfo
    ) -> None:
        self.org, self.leaves, self.rng, self.now, self.tz = org, leaves, rng, now, tz
        # The intake desk receives only what the routing rules do not place: nobody brings
        # a grievance to it by choice.
        self.units = [u for u in org.units if org.handlers(u) and u.kind != "intake"]
        self.unit_cum = cumulative([LEVEL_WEIGHTS[min(u.level, 3)] for u in self.units])
        top = {leaf: code for code, _z, _e, ls in txt.CATEGORIES for leaf, _a, _b in ls}
        self.leaf_cum: dict[str, list[float]] = {}
        for kind in txt.UNIT_AFFINITY:
            aff = txt.UNIT_AFFINITY[kind]
            self.leaf_cum[kind] = cumulative(
                [txt.CATEGORY_WEIGHTS[top[x.code]] * aff.get(top[x.code], 1.0) for x in leaves]
            )
        self.channel_cum = cumulative(list(CHANNEL_WEIGHTS.values()))

    # -- when --

    def receipt_times(self, n: int, months: int) -> Iterator[datetime]:
        """n receipt times over the period, in order: fewer at weekends and on holidays,
        more in the weeks before the Spring Festival and National Day, slowly growing."""
        days = max(30, round(months * 30.44))
        today = self.now.astimezone(self.tz).date()
        start = today - timedelta(days=days)
        bumps = _holiday_bumps(start, today)
        weights = []
        for i in range(days + 1):
            d = start + timedelta(days=i)
            w = (1.0 if is_working_day(d) else 0.45) * (0.8 + 0.4 * i / days) * bumps.get(d, 1.0)
            weights.append(w)
        counts = Counter(self.rng.choices(range(days + 1), cum_weights=cumulative(weights), k=n))
        for i in range(days + 1):
            day = start + timedelta(days=i)
            for m in sorted(self._minute_of_day() for _ in range(counts.get(i, 0))):
                at = datetime.combine(day, time(m // 60, m % 60, self.rng.randrange(60)), self.tz)
                yield min(at, self.now - timedelta(minutes=5 + self.rng.randrange(600)))

    def _minute_of_day(self) -> int:
        if self.rng.random() < 0.75:
            return self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return self.rng.randint(0, 24 * 60 - 1)

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

    # -- what --

    def channel(self, received: datetime) -> str:
        channel = self.rng.choices(list(CHANNEL_WEIGHTS), cum_weights=self.channel_cum)[0]
        if channel in OFFICE_CHANNELS and not self.in_hours(received):
            channel = Channel.WEB if self.rng.random() < 0.7 else Channel.PHONE
        return str(channel)

    def tale(
        self,
        received: datetime,
        channel: str,
        *,
        unit: OrgUnit | None = None,
        repeat: Tale | None = None,
        like: Tale | None = None,
        decline: bool = True,
        skip_level: bool = False,
        collective: bool = False,
        headcount: int = 0,
    ) -> Tale:
        """A grievance received at `received`. `repeat` makes it the same problem brought
        again; `like` one more grievance about an earlier case's problem (to be merged)."""
        rng = self.rng
        leaf: Leaf | None = None
        if like is not None:
            unit, leaf = like.unit, like.leaf
        elif repeat is not None:
            unit, leaf = repeat.unit, repeat.leaf
        if unit is None:
            unit = rng.choices(self.units, cum_weights=self.unit_cum)[0]
        if leaf is None:
            leaf = rng.choices(self.leaves, cum_weights=self.leaf_cum[unit.kind])[0]
        kind = like.kind if like is not None else _kind_for(leaf.code, rng)
        if not decline and kind == Kind.LITIGATION:
            kind, leaf = Kind.COMPLAINT, self.leaves[0]
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
        slots = self.slots(unit, leaf, headcount, received)
        theme = rng.randrange(len(txt.THEMES[leaf.code]))
        if like is not None:
            theme = like.theme
            slots.update({k: like.slots[k] for k in ("place", "village", "building", "month")})
        elif repeat is not None:
            theme = repeat.theme
        subject_t, detail_t, _facts, _decision = txt.THEMES[leaf.code][theme]
        suffix = f"（{headcount}人联名）" if headcount > 1 else ""
        extra = rng.choice(txt.EXTRAS) if rng.random() < 0.5 else ""
        description_t = detail_t + extra + rng.choice(txt.POOLS[leaf.code]["asks"])
        slots["subject"] = subject_t.format_map(slots)
        t = Tale(
            received=received,
            channel=channel,
            kind=kind,
            unit=unit,
            arrival=arrival,
            leaf=leaf,
            theme=theme,
            slots=slots,
            subject="",
            description="",
            location=slots["place"] if rng.random() < 0.6 else "",
            identity=identity,
            person=None,
            headcount=headcount,
            dispatched=dispatched,
            repeat=repeat,
        )
        t.subject = t.say(subject_t + suffix)[:200]
        t.description = t.say(description_t)[:5000]
        if repeat is not None:
            t.subject = ("再次反映：" + repeat.subject)[:200]
            code = repeat.g.code if repeat.g is not None else ""
            t.description = (
                f"此前反映的问题（受理编号{code}）至今没有得到解决，现再次反映。"
                + repeat.description
            )[:5000]
            t.identity, t.person = repeat.identity, repeat.person
        elif identity != IdentityMode.ANONYMOUS:
            t.person = self.person(unit, channel)
        return t

    def slots(self, unit: OrgUnit, leaf: Leaf, n: int, received: datetime) -> dict[str, str]:
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

    def person(self, unit: OrgUnit, channel: str) -> Person:
        """A random person (names, phone and ID numbers are not real people's)."""
        rng = self.rng
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
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


def cumulative(weights: list[float]) -> list[float]:
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
