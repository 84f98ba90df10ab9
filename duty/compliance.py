"""Duty compliance on the unit scorecard (`minsheng.scorecard`): per unit and period, the
incident reports on time, late (迟报) and missing (漏报), the median time to acknowledge an
alert, the hours with nobody on duty and the heightened-period shifts without a leader.

Each row counts a child unit's whole subtree, the total the top unit's, like the grievance
table above it. The figures come from `duty.incidents.report_compliance` and
`duty.coverage.roster_compliance`, one call per row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minsheng.scorecard import Frame, Row, Section


def _figures(unit_ids: list[int], start: datetime, end: datetime) -> list[Any]:
    from duty.coverage import roster_compliance
    from duty.incidents import ack_minutes_median, report_compliance

    reports = report_compliance(unit_ids, start, end)
    # Coverage counts hours that have passed: a future hour is not uncovered yet.
    roster = roster_compliance(unit_ids, start, min(end, timezone.now()))
    on_time = sum(r["on_time"] for r in reports.values())
    late = sum(r["late"] for r in reports.values())
    missing = sum(r["missing"] for r in reports.values())
    hours = sum(r["hours_uncovered"] for r in roster.values())
    leaderless = sum(r["heightened_without_leader"] for r in roster.values())
    ack = ack_minutes_median(unit_ids, start, end) if unit_ids else None
    return [on_time, late, missing, ack, round(hours, 1), leaderless]


def section(user: Any, frame: Frame, start: datetime, end: datetime) -> Section:
    groups = frame.groups()
    rows = [
        Row(child.display_name, _figures(groups.get(child.pk, []), start, end))
        for child in frame.children
    ]
    total = Row(frame.root.display_name, _figures(list(frame.unit_ids), start, end))
    return Section(
        name="duty",
        title=_("Duty: incident reports and roster"),
        columns=[
            gettext_lazy("Reports on time"),
            gettext_lazy("Late reports"),
            gettext_lazy("Missing reports"),
            gettext_lazy("Minutes to acknowledge (median)"),
            gettext_lazy("Hours with nobody on duty"),
            gettext_lazy("Heightened-period shifts without a leader"),
        ],
        rows=rows,
        total=total,
        note=_(
            "Incidents that became known in the period. A late report stays late; an"
            " incident with no final report after its window is missing."
        ),
    )
