"""The unit scorecard's sections from other modules.

The scorecard page (`/console/grievances/scorecard/`) shows the grievance figures of each unit
for a period. Other modules add their own table below it (duty: reports on time, late and
missing; roster coverage) by registering a section in their AppConfig.ready():

    scorecard.register_section("duty", duty_compliance.section, order=10)

A section function takes the reader, a `Frame` (the unit at the top of the page, its
children, and the ids of the units below it that the reader sees) and the period as aware
datetimes [start, end), and answers a `Section`: its title, its column labels, one row per
child (counting the child's whole subtree, as the grievance table does) and the total row
(the top unit's subtree), each cell a number, a text or None (shown as —). It must be
set-based: a handful of queries whatever the number of units; `Frame.groups()` says which
unit ids count for which row. The page exports a section on its own with
`?export=xlsx&section=<name>`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.functional import Promise

from orgs.models import Unit

Label = str | Promise
Cell = int | float | str | Promise | None


@dataclass(frozen=True)
class Row:
    label: Label
    cells: Sequence[Cell]


@dataclass(frozen=True)
class Section:
    name: str
    title: Label
    columns: Sequence[Label]
    rows: Sequence[Row]
    total: Row | None = None
    note: Label = ""
    widths: Sequence[int] = field(default_factory=tuple)


@dataclass(frozen=True)
class Frame:
    root: Unit
    children: Sequence[Unit]
    unit_ids: Sequence[int]  # the root's subtree, as far as the reader sees it

    def groups(self) -> dict[int, list[int]]:
        """Child unit id → the visible unit ids in its subtree (the child's row)."""
        paths = dict(Unit.objects.filter(pk__in=list(self.unit_ids)).values_list("pk", "path"))
        return {c.pk: [i for i, p in paths.items() if p.startswith(c.path)] for c in self.children}


SectionFn = Callable[[Any, Frame, datetime, datetime], Section | None]

_SECTIONS: dict[str, tuple[int, SectionFn]] = {}


def register_section(name: str, fn: SectionFn, *, order: int = 100) -> None:
    _SECTIONS[name] = (order, fn)


def sections_for(
    user: Any, frame: Frame, start: datetime, end: datetime, *, only: str = ""
) -> list[Section]:
    """Every registered section for these units and period (or only the one named)."""
    out = []
    for name, (_order, fn) in sorted(_SECTIONS.items(), key=lambda kv: (kv[1][0], kv[0])):
        if only and name != only:
            continue
        section = fn(user, frame, start, end)
        if section is not None:
            out.append(section)
    return out
