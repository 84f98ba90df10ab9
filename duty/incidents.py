"""Incident reports (信息报送): one function per step, and the reads other parts use.

Steps: `file_initial` (opens the incident), `file_follow_up`, `file_final` (closes it),
`correct` (a new version of a report, with a reason), `link_grievance`, `unlink_grievance`;
acknowledging an alert is `duty.escalation.acknowledge`. Each checks who may act, runs in one
transaction on the locked incident, writes its timeline event and audit record
(`minsheng.records`) and its notices, and raises DomainError with a message for people,
having changed nothing.

The time of a report is the server's, never typed in. A report filed after its deadline is
late (迟报) for good; an incident with no final report after its window is marked missing
(漏报) by the worker (`duty.sweeps`). A report is never edited: a correction is a new row.

Doors for other parts: `incidents_linked_to(grievance, user)` (the grievance page),
`report_compliance(unit_ids, start, end)` (the scorecard), `todo_items(user)` (the to-do
list). Incidents describe events, never who took part in them."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duty import escalation, notify
from duty.models import (
    INCIDENT_TEXT_MAX,
    Alert,
    AlertPage,
    Incident,
    IncidentEventKind,
    IncidentKind,
    IncidentLink,
    IncidentState,
    Report,
    ReportingDeadline,
    ReportKind,
    Severity,
)
from duty.roster import on_duty
from duty.scoping import visible_incidents
from grievances.links import record_link
from grievances.scoping import get_grievance_for, visible_grievances
from minsheng import codes, records
from minsheng.errors import DomainError, NotAllowed
from minsheng.todo import Item
from minsheng.workdays import local_date
from orgs.models import Role, Unit
from orgs.scoping import scope_for

# Severity → (minutes to the initial report, days to the final report), when the
# organisation has not set its own (`ReportingDeadline`, in the admin).
DEFAULTS: dict[int, tuple[int, int]] = {1: (30, 7), 2: (60, 10), 3: (120, 15), 4: (24 * 60, 30)}
TITLE_MAX = 200
PLACE_MAX = 300
REASON_MAX = 2000
PEOPLE_MAX = 10_000_000
CONTENT = (
    "what_happened",
    "place",
    "occurred_at",
    "known_at",
    "people_affected",
    "severity",
    "actions_taken",
    "needs",
)


def deadlines(severity: int) -> tuple[timedelta, timedelta]:
    """(time to the initial report, time to the final report) for a severity."""
    row = ReportingDeadline.objects.filter(severity=severity).first()
    minutes, days = (row.initial_minutes, row.final_days) if row else DEFAULTS[severity]
    return timedelta(minutes=minutes), timedelta(days=days)


# ---- who may --------------------------------------------------------------------------------


def may_report(user: Any, unit: Unit) -> bool:
    """Staff acting at the unit (any role there but auditor, or a head above), and the duty
    officer and leader on shift there now."""
    if not getattr(user, "is_authenticated", False):
        return False
    if scope_for(user).roles_at(unit):
        return True
    shift = on_duty(unit)
    return shift is not None and user.pk in (shift.officer_id, shift.leader_id)


def reporting_units(user: Any) -> QuerySet[Unit]:
    """The units the user may file an incident for (the console's choice)."""
    scope = scope_for(user)
    if not getattr(user, "is_authenticated", False) or (scope.read_only and not scope.direct_roles):
        return Unit.objects.none()
    if scope.is_administrator:
        return Unit.objects.all()
    ids = {u for u, roles in scope.direct_roles.items() if roles - {Role.AUDITOR}}
    if scope.head_paths:
        ids |= set(scope.unit_ids)
    now = timezone.now()
    from duty.models import Shift

    ids |= set(
        Shift.objects.filter(starts__lte=now, ends__gt=now)
        .filter(Q(officer_id=user.pk) | Q(leader_id=user.pk))
        .values_list("unit_id", flat=True)
    )
    return Unit.objects.filter(pk__in=sorted(ids))


def _require_reporter(user: Any, unit: Unit) -> None:
    if not may_report(user, unit):
        raise NotAllowed(_("You may file incident reports only for a unit you act in."))


# ---- checks of what a report says -----------------------------------------------------------


def _text(value: Any, what: str, *, required: bool, limit: int = INCIDENT_TEXT_MAX) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        raise DomainError(_("Please give %(what)s.") % {"what": what})
    if len(value) > limit:
        raise DomainError(
            _("%(what)s is longer than %(n)d characters.") % {"what": what, "n": limit}
        )
    return value


def _severity(value: Any) -> int:
    try:
        sev = int(value)
    except (TypeError, ValueError):
        sev = 0
    if sev not in Severity.values:
        raise DomainError(_("The severity must be one of I, II, III and IV."))
    return sev


def _times(occurred_at: Any, known_at: Any, now: datetime) -> tuple[datetime, datetime]:
    for value, what in (
        (occurred_at, _("when it happened")),
        (known_at, _("when it became known")),
    ):
        if not isinstance(value, datetime):
            raise DomainError(_("Please give %(what)s.") % {"what": what})
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if timezone.is_naive(known_at):
        known_at = timezone.make_aware(known_at)
    if occurred_at > now:
        raise DomainError(_("The time the incident happened is in the future."))
    if known_at > now:
        raise DomainError(_("The time the incident became known is in the future."))
    if occurred_at > known_at:
        raise DomainError(_("The incident cannot have happened after the time it became known."))
    return occurred_at, known_at


def _people(value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = -1
    if n < 0 or n > PEOPLE_MAX:
        raise DomainError(_("The number of people affected must be a whole number, 0 or more."))
    return n


def _content(data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The checked content of a report (all of CONTENT)."""
    occurred_at, known_at = _times(data.get("occurred_at"), data.get("known_at"), now)
    return {
        "what_happened": _text(data.get("what_happened"), _("what happened"), required=True),
        "place": _text(data.get("place"), _("the place"), required=True, limit=PLACE_MAX),
        "occurred_at": occurred_at,
        "known_at": known_at,
        "people_affected": _people(data.get("people_affected")),
        "severity": _severity(data.get("severity")),
        "actions_taken": _text(data.get("actions_taken"), _("what was done"), required=False),
        "needs": _text(data.get("needs"), _("what is needed"), required=False),
    }


def _next_code(now: datetime) -> str:
    return codes.next_code(Incident, "SJ", now)


def _facts(incident: Incident, report: Report) -> list[str]:
    """Copy the latest report's facts onto the incident; the names of the fields changed."""
    changed = []
    for name in ("place", "occurred_at", "known_at", "people_affected", "severity"):
        if getattr(incident, name) != getattr(report, name):
            setattr(incident, name, getattr(report, name))
            changed.append(name)
    return changed


# ---- the steps ------------------------------------------------------------------------------


def file_initial(
    *,
    by: User,
    unit: Unit,
    title: str,
    kind: str,
    severity: Any,
    place: str,
    occurred_at: Any,
    known_at: Any,
    what_happened: str,
    people_affected: Any = 0,
    actions_taken: str = "",
    needs: str = "",
) -> Incident:
    """File the initial report (首报), which opens the incident and its alert. Late if
    filed after the severity's deadline from `known_at`. Refused, changing nothing, for a
    unit the user does not act in, a time in the future, a time of happening after the
    time it became known, or a severity outside I–IV."""
    _require_reporter(by, unit)
    now = timezone.now()
    title = _text(title, _("a short title"), required=True, limit=TITLE_MAX)
    if kind not in IncidentKind.values:
        raise DomainError(_("Please choose the type of incident."))
    content = _content(
        {
            "what_happened": what_happened,
            "place": place,
            "occurred_at": occurred_at,
            "known_at": known_at,
            "people_affected": people_affected,
            "severity": severity,
            "actions_taken": actions_taken,
            "needs": needs,
        },
        now,
    )
    initial, final = deadlines(content["severity"])
    initial_due = content["known_at"] + initial
    final_due = content["known_at"] + final
    late = now > initial_due
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    incident = Incident.objects.create(
                        code=_next_code(now),
                        unit=unit,
                        title=title,
                        kind=kind,
                        severity=content["severity"],
                        place=content["place"],
                        occurred_at=content["occurred_at"],
                        known_at=content["known_at"],
                        people_affected=content["people_affected"],
                        created=now,
                        created_by=by,
                        initial_due=initial_due,
                        final_due=final_due,
                        late=late,
                        next_due=final_due,
                    )
                break
            except IntegrityError:
                continue  # another report took the code a moment ago
        else:
            raise DomainError(_("Too many reports at once; please try again."))
        report = Report.objects.create(
            incident=incident,
            kind=ReportKind.INITIAL,
            sequence=1,
            reported_at=now,
            reported_by=by,
            late=late,
            **content,
        )
        records.record(
            incident,
            IncidentEventKind.REPORTED,
            by,
            data={"report": report.pk, "kind": report.kind, "sequence": 1, "late": late},
        )
        escalation.open_alert(incident, report, now)
    return incident


def _current(incident: Incident) -> Report:
    """The newest version of the latest report."""
    report = incident.reports.order_by("-sequence", "-version").first()
    if report is None or not incident.reports.filter(kind=ReportKind.INITIAL).exists():
        raise DomainError(_("This incident has no initial report yet."))
    return report


def _file_later(
    incident: Incident, kind: str, *, by: User, version: int | None, data: dict[str, Any]
) -> Report:
    with transaction.atomic():
        incident = records.lock(incident, version)
        _require_reporter(by, incident.unit)
        if incident.state == IncidentState.CLOSED:
            raise DomainError(
                _(
                    "This incident is closed: its final report is in. To change what a report"
                    " says, correct it."
                )
            )
        latest = _current(incident)
        now = timezone.now()
        merged = {name: getattr(latest, name) for name in CONTENT}
        merged.update({k: v for k, v in data.items() if k in CONTENT and v not in (None, "")})
        if not (data.get("what_happened") or "").strip():
            raise DomainError(_("Please give %(what)s.") % {"what": _("what happened")})
        content = _content(merged, now)
        late = kind == ReportKind.FINAL and now > incident.final_due
        sequence = (incident.reports.aggregate(m=Max("sequence"))["m"] or 0) + 1
        report = Report.objects.create(
            incident=incident,
            kind=kind,
            sequence=sequence,
            reported_at=now,
            reported_by=by,
            late=late,
            **content,
        )
        fields = _facts(incident, report)
        if late and not incident.late:
            incident.late = True
            fields.append("late")
        if kind == ReportKind.FINAL:
            incident.state = IncidentState.CLOSED
            incident.closed_at = now
            incident.next_due = None
            fields += ["state", "closed_at", "next_due"]
        records.save(incident, fields)
        records.record(
            incident,
            IncidentEventKind.REPORTED,
            by,
            data={"report": report.pk, "kind": kind, "sequence": sequence, "late": late},
        )
        if kind == ReportKind.FINAL:
            records.record(incident, IncidentEventKind.CLOSED, by, data={"report": report.pk})
        if report.severity < latest.severity:
            # More serious than before: the chain starts again, at the new severity.
            escalation.open_alert(incident, report, now)
        else:
            notify.report_filed(report, _followers(incident, exclude=by))
    return report


def _followers(incident: Incident, *, exclude: User) -> list[User]:
    ids = set(
        Alert.objects.filter(incident=incident, acknowledged_by__isnull=False).values_list(
            "acknowledged_by_id", flat=True
        )
    ) | set(AlertPage.objects.filter(alert__incident=incident).values_list("user_id", flat=True))
    ids.discard(exclude.pk)
    return list(User.objects.filter(pk__in=sorted(ids), is_active=True))


def file_follow_up(
    incident: Incident, *, by: User, version: int | None = None, **data: Any
) -> Report:
    """File a follow-up report (续报) on an open incident. Facts not given carry over from
    the latest report; `what_happened` is required. A follow-up that raises the severity
    opens a new alert at the new severity."""
    return _file_later(incident, ReportKind.FOLLOW_UP, by=by, version=version, data=data)


def file_final(incident: Incident, *, by: User, version: int | None = None, **data: Any) -> Report:
    """File the final report (终报): the incident closes. Late if after `final_due`; an
    incident marked missing stays marked."""
    return _file_later(incident, ReportKind.FINAL, by=by, version=version, data=data)


def correct(
    report: Report, *, by: User, reason: str, version: int | None = None, **data: Any
) -> Report:
    """Correct a report: a new version of it, with the reason, that supersedes it. Only the
    newest version can be corrected; facts not given stay as they were. The report being
    corrected stays as it is, shown as corrected. The new version keeps the original's
    lateness: it is the same report, put right."""
    with transaction.atomic():
        incident = records.lock(report.incident, version)
        _require_reporter(by, incident.unit)
        reason = _text(reason, _("the reason for the correction"), required=True, limit=REASON_MAX)
        report = Report.objects.get(pk=report.pk)
        if Report.objects.filter(supersedes=report).exists():
            raise DomainError(
                _("This version has been corrected already; correct the newest version.")
            )
        now = timezone.now()
        merged = {name: getattr(report, name) for name in CONTENT}
        merged.update({k: v for k, v in data.items() if k in CONTENT and v not in (None, "")})
        content = _content(merged, now)
        if all(content[k] == getattr(report, k) for k in CONTENT):
            raise DomainError(_("The correction changes nothing in the report."))
        new = Report.objects.create(
            incident=incident,
            kind=report.kind,
            sequence=report.sequence,
            version=report.version + 1,
            supersedes=report,
            reason=reason,
            reported_at=now,
            reported_by=by,
            late=report.late,
            **content,
        )
        latest_sequence = incident.reports.aggregate(m=Max("sequence"))["m"]
        fields = _facts(incident, new) if new.sequence == latest_sequence else []
        records.save(incident, fields)
        records.record(
            incident,
            IncidentEventKind.CORRECTED,
            by,
            text=reason,
            data={
                "report": new.pk,
                "corrects": report.pk,
                "sequence": new.sequence,
                "version": new.version,
                "changed": [k for k in CONTENT if content[k] != getattr(report, k)],
            },
        )
    return new


def link_grievance(incident: Incident, *, by: User, code: str) -> IncidentLink:
    """Link a grievance the user can see (by its receipt code) to the incident."""
    from django.http import Http404

    with transaction.atomic():
        incident = records.lock(incident, None)
        _require_reporter(by, incident.unit)
        code = (code or "").strip().upper()
        try:
            grievance = get_grievance_for(by, code)
        except Http404:
            raise DomainError(
                _("There is no grievance with the code %(code)s that you can see.") % {"code": code}
            ) from None
        if IncidentLink.objects.filter(incident=incident, grievance=grievance).exists():
            raise DomainError(_("That grievance is linked to this incident already."))
        link = IncidentLink.objects.create(
            incident=incident, grievance=grievance, created=timezone.now(), created_by=by
        )
        records.record(incident, IncidentEventKind.LINKED, by, data={"grievance": grievance.code})
        # Both ways: the case's timeline says so too (staff only).
        record_link(
            grievance,
            by=by,
            module="duty",
            ref=incident.code,
            text=f"{incident.code} {incident.title}",
            url=reverse("duty:incident", args=[incident.code]),
        )
    return link


def unlink_grievance(incident: Incident, *, by: User, code: str) -> None:
    with transaction.atomic():
        incident = records.lock(incident, None)
        _require_reporter(by, incident.unit)
        code = (code or "").strip().upper()
        # Only a link to a grievance the user can see: the answer must not tell whether a
        # case they cannot see is linked.
        link = IncidentLink.objects.filter(
            incident=incident, grievance__code=code, grievance__in=visible_grievances(by)
        ).first()
        if link is None:
            raise DomainError(
                _("No grievance with the code %(code)s is linked to this incident.")
                % {"code": code}
            )
        link.delete()
        records.record(incident, IncidentEventKind.UNLINKED, by, data={"grievance": code})


# ---- reads for other parts ------------------------------------------------------------------


def incidents_linked_to(grievance: Any, user: Any = None) -> list[Incident]:
    """The incidents linked to a grievance (those `user` can see, when given), newest
    first: what the grievance's page shows."""
    qs = visible_incidents(user) if user is not None else Incident.objects.all()
    return list(
        qs.filter(links__grievance_id=grievance.pk).select_related("unit").order_by("-known_at")
    )


def report_compliance(
    unit_ids: list[int], start: datetime, end: datetime
) -> dict[int, dict[str, Any]]:
    """For each unit, the incidents that became known in [start, end): `on_time` (no late
    report and not missing, including those whose final report is not due yet), `late`
    (a report filed late, not missing), `missing` (no final report in its window), and
    `ack_minutes`, the median minutes from an alert to its acknowledgement (None when no
    alert was acknowledged). Two queries, however many units."""
    out: dict[int, dict[str, Any]] = {
        u: {"on_time": 0, "late": 0, "missing": 0, "ack_minutes": None} for u in unit_ids
    }
    if not unit_ids:
        return out
    rows = (
        Incident.objects.filter(unit_id__in=unit_ids, known_at__gte=start, known_at__lt=end)
        .order_by()
        .values("unit_id")
        .annotate(
            n_missing=Count("pk", filter=Q(missing=True)),
            n_late=Count("pk", filter=Q(late=True, missing=False)),
            n_on_time=Count("pk", filter=Q(late=False, missing=False)),
        )
    )
    for r in rows:
        out[r["unit_id"]].update(on_time=r["n_on_time"], late=r["n_late"], missing=r["n_missing"])
    minutes: dict[int, list[float]] = {}
    for unit_id, opened, acked in Alert.objects.filter(
        incident__unit_id__in=unit_ids,
        incident__known_at__gte=start,
        incident__known_at__lt=end,
        acknowledged_at__isnull=False,
    ).values_list("incident__unit_id", "opened_at", "acknowledged_at"):
        if acked is not None:
            minutes.setdefault(unit_id, []).append((acked - opened).total_seconds() / 60)
    for unit_id, values in minutes.items():
        out[unit_id]["ack_minutes"] = round(statistics.median(values), 1)
    return out


def ack_minutes_median(unit_ids: list[int], start: datetime, end: datetime) -> float | None:
    """The median minutes from an alert to its acknowledgement over all these units'
    incidents that became known in [start, end) (a scorecard row's, whatever its units)."""
    values = [
        (acked - opened).total_seconds() / 60
        for opened, acked in Alert.objects.filter(
            incident__unit_id__in=unit_ids,
            incident__known_at__gte=start,
            incident__known_at__lt=end,
            acknowledged_at__isnull=False,
        ).values_list("opened_at", "acknowledged_at")
        if acked is not None
    ]
    return round(statistics.median(values), 1) if values else None


def todo_items(user: Any) -> list[Item]:
    """What waits on `user`: alerts that reached them and nobody has acknowledged, and the
    open incidents of their own units still waiting for a final report."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[Item] = []
    waiting = (
        Alert.objects.filter(acknowledged_at__isnull=True, pages__user_id=user.pk)
        .select_related("incident", "incident__unit")
        .distinct()
    )
    for a in waiting:
        i = a.incident
        items.append(
            Item(
                module="duty",
                what=gettext_lazy("Acknowledge the incident report"),
                title=f"{i.code} {i.title}",
                url=reverse("duty:incident", args=[i.code]),
                due=local_date(a.opened_at),
                unit=i.unit.display_name,
                escalated=a.level > 0,
            )
        )
    scope = scope_for(user)
    own = [u for u, roles in scope.direct_roles.items() if roles - {Role.AUDITOR} and u]
    for i in Incident.objects.filter(unit_id__in=own, state=IncidentState.OPEN).select_related(
        "unit"
    ):
        items.append(
            Item(
                module="duty",
                what=gettext_lazy("File the final incident report"),
                title=f"{i.code} {i.title}",
                url=reverse("duty:incident", args=[i.code]),
                due=local_date(i.final_due),
                unit=i.unit.display_name,
                escalated=i.missing,
            )
        )
    return items


def may_report_somewhere(user: Any) -> bool:
    """Whether the console offers this user the page to file a report."""
    return reporting_units(user).exists()
