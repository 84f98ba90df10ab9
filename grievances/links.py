"""A door for other modules: say on a case's timeline that one of their records now refers
to it (an incident report linked to a collective grievance, a household referred to hardship
assistance), so that whoever reads the case sees the link and where it leads.

    from grievances.links import record_link
    record_link(grievance, by=user, module="assistance", ref=application.code, text=…)

The event is for staff (never shown on the portal), written with its audit record in the
caller's transaction; the case itself does not change (no new version). Other modules import
only this and `grievances.scoping` from grievances."""

from __future__ import annotations

from typing import Any

from grievances.models import EventKind, Grievance
from minsheng import records

TEXT_MAX = 300


def record_link(
    grievance: Grievance, *, by: Any, module: str, ref: str, text: str, url: str = ""
) -> None:
    """A staff-only `linked` event on the case: `module` and `ref` name the record (e.g.
    "assistance", "JZ-20261206-0001"), `text` says what it is in a line, `url` where it is."""
    records.record(
        grievance,
        EventKind.LINKED,
        by,
        text=text[:TEXT_MAX],
        public=False,
        data={"module": module, "ref": ref, "url": url},
    )
