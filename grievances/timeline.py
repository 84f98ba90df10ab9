"""How a case's timeline events read, in the reader's language.

An event keeps what happened as data (unit codes, usernames, choice values: stable keys, so
the record stays true when a unit is renamed). This module turns that data into what people
read: unit and person names, choice labels, the outcome of a decision. The console's and the
portal's timelines and the API's event label all come from here, so no page shows a raw code
or value.

`describe(events)` sets `title` (the kind's label, with the outcome where there is one) and
`details` (short phrases, already translated) on each event, with one query for the units
and one for the people the events name, whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grievances.models import Channel, DueKind, EventKind, Rating, TimelineEvent
from minsheng.names import person_name
from orgs.models import Unit


def title(e: TimelineEvent) -> str:
    """The event's label, saying the outcome of a decision."""
    data = e.data or {}
    if e.kind == EventKind.REVIEW_DECIDED and "upheld" in data:
        second = data.get("level") == 2
        if data["upheld"]:
            return (
                _("Re-review decided: reply upheld")
                if second
                else _("Review decided: reply upheld")
            )
        return (
            _("Re-review decided: sent back to be handled again")
            if second
            else _("Review decided: sent back to be handled again")
        )
    if e.kind == EventKind.EXTENSION_DECIDED and "approved" in data:
        return _("Extension approved") if data["approved"] else _("Extension refused")
    if e.kind == EventKind.RETURNED and data.get("referred_up"):
        return _("Returned: the unit above decides where the case belongs")
    return str(e.get_kind_display())


def _iso(value: Any) -> str:
    """A date from the event's data as the pages write dates (YYYY-MM-DD), or ""."""
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return ""


def _details(e: TimelineEvent, unit: dict[str, str], person: dict[str, str]) -> list[str]:
    data: dict[str, Any] = e.data or {}

    def u(code: Any) -> str:
        return unit.get(str(code), str(code)) if code else ""

    out: list[str] = []
    kind = e.kind
    if kind == EventKind.RECEIVED:
        if data.get("channel") in Channel.values:
            out.append(str(Channel(data["channel"]).label))
        if data.get("repeat_of"):
            out.append(_("Repeat of %(code)s") % {"code": data["repeat_of"]})
    elif kind == EventKind.ASSIGNED:
        if data.get("owner"):
            out.append(_("Owner: %(name)s") % {"name": person.get(data["owner"], "—")})
        if data.get("handler"):
            out.append(_("Handler: %(name)s") % {"name": person.get(data["handler"], "—")})
    elif kind in (EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE, EventKind.NOTE):
        if _iso(data.get("date")):
            out.append(_iso(data["date"]))
        if data.get("place"):
            out.append(str(data["place"]))
        if data.get("participants"):
            n = int(data["participants"])
            out.append(ngettext("%(n)d person", "%(n)d people", n) % {"n": n})
    elif kind in (EventKind.TRANSFERRED, EventKind.RETURNED, EventKind.ROUTED):
        if data.get("from") and data.get("to"):
            out.append(f"{u(data['from'])} → {u(data['to'])}")
    elif kind == EventKind.EXTENSION_REQUESTED:
        if data.get("days"):
            n = int(data["days"])
            out.append(ngettext("%(n)d day", "%(n)d days", n) % {"n": n})
    elif kind == EventKind.EXTENSION_DECIDED:
        if data.get("approved") and data.get("days"):
            n = int(data["days"])
            out.append(ngettext("%(n)d more day", "%(n)d more days", n) % {"n": n})
            if _iso(data.get("resolve_due")):
                out.append(_("reply due %(date)s") % {"date": _iso(data["resolve_due"])})
    elif kind in (EventKind.RATED, EventKind.CALLBACK):
        if data.get("rating") in Rating.values:
            out.append(str(Rating(data["rating"]).label))
    elif kind == EventKind.REVIEW_REQUESTED:
        level = data.get("level")
        out.append(_("Re-review (复核)") if level == 2 else _("Review (复查)"))
        if data.get("unit"):
            out.append(_("decided by %(unit)s") % {"unit": u(data["unit"])})
    elif kind == EventKind.MERGED:
        if data.get("into"):
            out.append(_("into %(code)s") % {"code": data["into"]})
        if data.get("merged"):
            n = len(data["merged"])
            out.append(ngettext("%(n)d case merged", "%(n)d cases merged", n) % {"n": n})
        if data.get("headcount"):
            n = int(data["headcount"])
            out.append(ngettext("%(n)d person", "%(n)d people", n) % {"n": n})
    elif kind == EventKind.SUPERVISED:
        if data.get("unit"):
            out.append(u(data["unit"]))
        if _iso(data.get("due")):
            out.append(_("report by %(date)s") % {"date": _iso(data["due"])})
    elif kind == EventKind.ATTACHMENT:
        if data.get("files"):
            n = int(data["files"])
            out.append(ngettext("%(n)d file", "%(n)d files", n) % {"n": n})
        if data.get("names"):  # files staff added in the console (an internal event)
            out.append(", ".join(str(name) for name in data["names"]))
    elif kind == EventKind.ESCALATED:
        if data.get("step") in DueKind.values:
            out.append(str(DueKind(data["step"]).label))
        if _iso(data.get("due")):
            out.append(_("was due %(date)s") % {"date": _iso(data["due"])})
        if data.get("unit"):
            out.append(_("to the head of %(unit)s") % {"unit": u(data["unit"])})
        elif data.get("level") == 1:
            out.append(_("to the owner"))
    elif kind == EventKind.CLOSED and data.get("reason") == "feedback window ended":
        out.append(_("The feedback window ended without a rating."))
    elif kind == EventKind.REVIEW_WINDOW_ENDED and _iso(data.get("window_ended")):
        out.append(_iso(data["window_ended"]))
    return out


def _codes(events: Iterable[TimelineEvent]) -> tuple[set[str], set[str]]:
    units: set[str] = set()
    people: set[str] = set()
    for e in events:
        data = e.data or {}
        for key in ("from", "to", "unit"):
            if isinstance(data.get(key), str) and data[key]:
                units.add(data[key])
        for key in ("owner", "handler"):
            if isinstance(data.get(key), str) and data[key]:
                people.add(data[key])
    return units, people


def describe(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    """The events, each with `title` and `details` set for the reader's language."""
    rows = list(events)
    codes, usernames = _codes(rows)
    unit = {u.code: u.display_name for u in Unit.objects.filter(code__in=codes)} if codes else {}
    person: dict[str, str] = {}
    if usernames:
        User = get_user_model()
        lookup = {f"{User.USERNAME_FIELD}__in": usernames}
        person = {p.get_username(): person_name(p) for p in User.objects.filter(**lookup)}
    for e in rows:
        e.title = title(e)  # type: ignore[attr-defined]
        e.details = _details(e, unit, person)  # type: ignore[attr-defined]
    return rows
