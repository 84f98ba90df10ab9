"""Volume: more grievances as copies of histories that the story made through the real
actions (demo.grievance_story), moved back in time.

A copy takes one case whose work is done (replied, closed or declined; not part of a
collective case, not a repeat) received on the copy's day or up to five weeks later,
preferably on the same weekday, and repeats it that many days earlier: every moment and
every date of the case, its timeline, replies, extension and supervision move by the same
number of days. So a copy's state and deadlines are ones the actions produced, never
restated here; its next date due comes from `grievances.deadlines.refresh_next_due`, its
receipt code and tracking secret are made as intake makes them, and the words are the
template's filled with the copy's own place, numbers and complainant. Each copy gets one
audit record, ``grievance.seeded``, naming the case it copies, appended with
`audit.log.record_bulk`.

Copies are written in batches, each in one transaction, so memory stays bounded at any size.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from django.db import models, reset_queries, transaction

from audit.log import record_bulk
from demo.grievance_plan import Planner, Tale
from grievances.deadlines import refresh_next_due
from grievances.intake import ALPHABET, hash_secret
from grievances.models import (
    Complainant,
    ExtensionRequest,
    Grievance,
    Reply,
    State,
    Supervision,
    TimelineEvent,
)
from minsheng import crypto

ACTOR_LABEL = "seed-demo"
# Cases whose work is done. A copy of a replied case whose feedback window has ended by now
# is closed by the feedback sweep, which the seeder runs after the copies, as the worker would.
TEMPLATE_STATES = (State.CLOSED, State.DECLINED, State.REPLIED)
WINDOW_DAYS = 35
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OWN = {"id", "code", "secret_hash", "complainant", "repeat_of", "merged_into"}


@dataclass
class Template:
    tale: Tale
    day: date
    grievance: dict[str, Any]
    events: list[dict[str, Any]]
    replies: list[dict[str, Any]]
    extensions: list[dict[str, Any]]
    supervisions: list[dict[str, Any]]


def load_templates(tales: list[Tale], tz: tzinfo) -> list[Template]:
    """The finished cases a copy may repeat, by day of receipt."""
    candidates = {
        t.g.pk: t
        for t in tales
        if t.g is not None and not (t.in_group or t.forced or t.repeat is not None)
    }
    rows = Grievance.objects.filter(pk__in=list(candidates), state__in=TEMPLATE_STATES)
    found: dict[int, dict[str, Any]] = {row["id"]: dict(row) for row in rows.values()}

    def by_case(model: type[models.Model]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {}
        rows = model._default_manager.filter(grievance_id__in=list(found)).order_by("pk")
        for row in rows.values():
            out.setdefault(row["grievance_id"], []).append(row)
        return out

    events, replies = by_case(TimelineEvent), by_case(Reply)
    extensions, sups = by_case(ExtensionRequest), by_case(Supervision)
    out = [
        Template(
            tale=candidates[pk],
            day=row["received_at"].astimezone(tz).date(),
            grievance=row,
            events=events.get(pk, []),
            replies=replies.get(pk, []),
            extensions=extensions.get(pk, []),
            supervisions=sups.get(pk, []),
        )
        for pk, row in found.items()
    ]
    out.sort(key=lambda x: (x.day, x.grievance["id"]))
    return out


@dataclass
class Copied:
    grievances: int = 0


class Copier:
    def __init__(
        self, templates: list[Template], plan: Planner, *, rng: random.Random, tz: tzinfo
    ) -> None:
        if not templates:
            raise ValueError("no finished case to copy: seed more full histories")
        self.templates, self.plan, self.rng, self.tz = templates, plan, rng, tz
        self.days = [x.day for x in templates]
        fields = Grievance._meta.concrete_fields
        self.g_fields = [f for f in fields if f.name not in _OWN]

    def pick(self, day: date) -> tuple[Template, int]:
        """A template received on `day` or up to WINDOW_DAYS later, the same weekday if
        one is there; else the next one after; else the last one. Returns it and the
        number of days to move it back."""
        lo = bisect.bisect_left(self.days, day)
        hi = bisect.bisect_right(self.days, day + timedelta(days=WINDOW_DAYS))
        if lo == len(self.days):
            chosen = self.templates[-1]
            return chosen, max(0, (chosen.day - day).days)
        window = self.templates[lo:hi] or [self.templates[lo]]
        same_weekday = [x for x in window if (x.day - day).days % 7 == 0]
        chosen = self.rng.choice(same_weekday or window)
        return chosen, (chosen.day - day).days

    def write(
        self,
        times: Iterable[float],
        *,
        batch_size: int,
        progress: Callable[[int], None] | None = None,
    ) -> Copied:
        """One copy received on the day of each moment (POSIX timestamps, in order)."""
        done = Copied()
        moments = iter(times)
        while batch := [
            datetime.fromtimestamp(x, UTC) for x in itertools.islice(moments, batch_size)
        ]:
            self._batch(batch, done)
            if progress is not None:
                progress(done.grievances)
        return done

    def _batch(self, times: list[datetime], done: Copied) -> None:
        plan = []
        for when in times:
            template, days = self.pick(when.astimezone(self.tz).date())
            plan.append((template, timedelta(days=days)))
        with transaction.atomic():
            people: list[Complainant | None] = []
            copies: list[Grievance] = []
            words: list[Callable[[str], str]] = []
            for template, shift in plan:
                tale, row = template.tale, template.grievance
                received = row["received_at"] - shift
                slots = self.plan.slots(tale.unit, tale.leaf, tale.headcount, received)
                slots["subject"] = tale.slots["subject"]
                words.append(_rewriter(tale, slots))
                person = None
                if row["complainant_id"] is not None:
                    p = self.plan.person(tale.unit, tale.channel)
                    person = Complainant(
                        name=p.name,
                        phone=p.phone,
                        id_number=p.id_number,
                        address=p.address,
                        email=p.email,
                        phone_hash=crypto.lookup_hash("phone", p.phone),
                        id_hash=crypto.lookup_hash("id", p.id_number),
                    )
                people.append(person)
            Complainant.objects.bulk_create([p for p in people if p is not None])
            for (template, shift), person, say in zip(plan, people, words, strict=True):
                g = Grievance(**{f.attname: _moved(template.grievance[f.attname], shift)
                                 for f in self.g_fields})  # fmt: skip
                code = "-".join("".join(self.rng.choices(ALPHABET, k=4)) for _ in range(3))
                g.code = code
                g.secret_hash = hash_secret(code, "".join(self.rng.choices(ALPHABET, k=8)))
                g.complainant = person
                g.subject, g.description = say(g.subject)[:200], say(g.description)[:5000]
                g.location = say(g.location)[:300]
                sup = [s for s in template.supervisions if s["active"]]
                refresh_next_due(g, sup[0]["due"] - shift if sup and g.supervised else None)
                copies.append(g)
            Grievance.objects.bulk_create(copies)
            replies: list[Reply] = []
            sups: list[Supervision] = []
            exts: list[ExtensionRequest] = []
            for (template, shift), g, say in zip(plan, copies, words, strict=True):
                for r in template.replies:
                    replies.append(_copy(Reply, r, g, shift, say))
                for s in template.supervisions:
                    sups.append(_copy(Supervision, s, g, shift, say))
                for e in template.extensions:
                    exts.append(_copy(ExtensionRequest, e, g, shift, say))
            Reply.objects.bulk_create(replies)
            Supervision.objects.bulk_create(sups)
            ExtensionRequest.objects.bulk_create(exts)
            events: list[TimelineEvent] = []
            r_iter, s_iter = iter(replies), iter(sups)
            for (template, shift), g, say in zip(plan, copies, words, strict=True):
                new_pk = {("reply", r["id"]): next(r_iter).pk for r in template.replies}
                new_pk |= {("supervision", s["id"]): next(s_iter).pk for s in template.supervisions}
                for e in template.events:
                    ev = _copy(TimelineEvent, e, g, shift, say)
                    ev.data = {k: _value(k, v, new_pk, shift, say) for k, v in e["data"].items()}
                    events.append(ev)
            TimelineEvent.objects.bulk_create(events)
            record_bulk(
                (
                    (
                        "grievance.seeded",
                        g,
                        {
                            "code": g.code,
                            "state": g.state,
                            "version": g.version,
                            "copy_of": template.grievance["code"],
                        },
                    )
                    for (template, _s), g in zip(plan, copies, strict=True)
                ),
                actor_label=ACTOR_LABEL,
            )
        reset_queries()  # with DEBUG on, Django would keep every (large) bulk insert
        done.grievances += len(copies)


def _value(
    key: str,
    value: Any,
    new_pk: Mapping[tuple[str, Any], int | None],
    shift: timedelta,
    say: Callable[[str], str],
) -> Any:
    """One value of a timeline entry's data, for the copy: rows it names are the copy's,
    dates move, the place is the copy's."""
    if key in ("reply", "supervision"):
        return new_pk.get((key, value), value)
    if key == "place" and isinstance(value, str):
        return say(value)
    return _moved(value, shift)


def _rewriter(tale: Tale, slots: dict[str, str]) -> Callable[[str], str]:
    """Say what the template's case said, about the copy's own place and people."""
    place = tale.slots["place"]

    def say(text: str) -> str:
        template = tale.texts.get(text)
        if template is not None:
            return template.format_map(slots)
        return slots["place"] if text and text == place else text

    return say


def _moved(value: Any, shift: timedelta) -> Any:
    """A moment or a date moved back by `shift`; an ISO date in a timeline entry's data
    too; anything else as it is."""
    if isinstance(value, datetime | date):
        return value - shift
    if isinstance(value, str) and _ISO_DATE.match(value):
        return (date.fromisoformat(value) - shift).isoformat()
    return value


_TEXT_FIELDS = {"text", "facts", "decision", "reasons", "policy", "instructions", "reason"}


def _copy(
    model: type[models.Model],
    row: dict[str, Any],
    g: Grievance,
    shift: timedelta,
    say: Callable[[str], str],
) -> Any:
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        value = row[f.attname]
        if f.name in _TEXT_FIELDS:
            value = say(value)
        values[f.attname] = _moved(value, shift)
    values["grievance_id"] = g.pk
    return model(**values)
