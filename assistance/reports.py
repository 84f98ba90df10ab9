"""Reports of hardship assistance (issue #9), for the units the reader sees: per unit and
programme, households registered, supported and closed; applications by stage and the days
spent in each; spending against budget; re-verification on time; objections lodged and
upheld. Each table is a few set-based queries whatever the number of rows, and each exports
to xlsx from the reports page (`?export=xlsx&table=<name>`).

The period is a calendar year (local time): events, payments and objections in it count;
households and applications are counted as they stand now. A unit's row is its own
households (not its subtree); the scorecard section (`scorecard_section`) counts subtrees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance.lifecycle import period_end, period_start
from assistance.models import (
    Application,
    ApplicationEvent,
    ApplicationEventKind,
    AppState,
    Household,
    HouseholdStatus,
    Objection,
    Payment,
    Programme,
)
from minsheng.scorecard import Frame, Row, Section
from minsheng.workdays import local_date
from orgs.models import Unit

Label = str | Promise


@dataclass(frozen=True)
class Table:
    name: str
    title: Label
    columns: Sequence[Label]
    rows: Sequence[Sequence[Any]]
    note: Label = ""


def _unit_names(ids: set[int]) -> dict[int, str]:
    return {u.pk: u.display_name for u in Unit.objects.filter(pk__in=sorted(ids))}


def households_table(households: QuerySet[Household]) -> Table:
    counts = (
        households.values("unit_id")
        .annotate(
            registered=Count("pk"),
            supported=Count("pk", filter=Q(status=HouseholdStatus.SUPPORTED)),
            closed=Count("pk", filter=Q(status=HouseholdStatus.CLOSED)),
        )
        .order_by("unit_id")
    )
    rows = list(counts)
    names = _unit_names({r["unit_id"] for r in rows})
    return Table(
        "households",
        gettext_lazy("Households by unit"),
        [
            gettext_lazy("Unit"),
            gettext_lazy("Registered"),
            gettext_lazy("Receiving support"),
            gettext_lazy("Closed"),
        ],
        [[names[r["unit_id"]], r["registered"], r["supported"], r["closed"]] for r in rows],
        gettext_lazy("Every household registered, as the register stands now."),
    )


# The stages an application passes, the event that ends each, and the field or event that
# starts it: the days spent in a stage are from its start to the next one's.
STAGES = (
    (AppState.APPLIED, ApplicationEventKind.VISITED),
    (AppState.VERIFIED, ApplicationEventKind.REVIEWED),
    (AppState.REVIEWED, ApplicationEventKind.PUBLISHED),
    (AppState.ON_NOTICE, "decided"),
)


def _first(kind: str) -> Subquery:
    return Subquery(
        ApplicationEvent.objects.filter(application=OuterRef("pk"), kind=kind)
        .order_by()
        .values("application")
        .annotate(m=Min("created"))
        .values("m")[:1]
    )


def applications_table(applications: QuerySet[Application]) -> Table:
    """Per programme: how many applications stand at each stage now, and the average days
    spent in each stage by the applications that went through it (one query)."""
    states = [s for s, _label in AppState.choices]
    by_state = applications.values("programme_id", "state").annotate(n=Count("pk")).order_by()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for r in by_state:
        counts[r["programme_id"]][r["state"]] = r["n"]
    times = applications.annotate(
        t_visited=_first(ApplicationEventKind.VISITED),
        t_reviewed=_first(ApplicationEventKind.REVIEWED),
        t_published=_first(ApplicationEventKind.PUBLISHED),
    ).values_list("programme_id", "created", "t_visited", "t_reviewed", "t_published", "decided_at")
    spans: dict[int, list[list[float]]] = defaultdict(lambda: [[], [], [], []])
    for pid, *marks in times.iterator(chunk_size=2000):
        for i in range(4):
            start, end = marks[i], marks[i + 1]
            if i < 3 and end is None:
                continue
            if start is not None and end is not None and end >= start:
                spans[pid][i].append((end - start).total_seconds() / 86400)
    names = dict(Programme.objects.filter(pk__in=sorted(counts)).values_list("pk", "name"))
    labels = dict(AppState.choices)
    rows = []
    for pid in sorted(counts, key=lambda p: names.get(p, "")):
        avg = [round(sum(s) / len(s), 1) if s else None for s in spans[pid]]
        rows.append([names.get(pid, ""), *[counts[pid].get(s, 0) for s in states], *avg])
    stage_cols = [
        _("Days applied → visit"),
        _("Days visit → committee"),
        _("Days committee → notice"),
        _("Days notice → decision"),
    ]
    return Table(
        "applications",
        gettext_lazy("Applications by stage"),
        [gettext_lazy("Programme"), *[labels[s] for s in states], *stage_cols],
        rows,
        gettext_lazy(
            "How many applications stand at each stage now; the days are averages over the"
            " applications that went through the stage."
        ),
    )


def spending_table(applications: QuerySet[Application], day: date) -> Table:
    """Per programme: its budget for the period holding `day`, what it paid in that period
    (all units), and what the reader's units were paid in it."""
    rows = []
    for p in Programme.objects.filter(active=True).order_by("name"):
        start = period_start(p.budget_period, day)
        end = period_end(p.budget_period, day)
        rows.append((p, start, end))
    totals: dict[int, Decimal] = {}
    mine: dict[int, Decimal] = {}
    if rows:
        q = Q()
        for p, start, end in rows:
            q |= Q(programme_id=p.pk, paid_on__gte=start, paid_on__lt=end)
        paid = Payment.objects.filter(q)
        totals = dict(
            paid.values("programme_id").annotate(s=Sum("amount")).values_list("programme_id", "s")
        )
        mine = dict(
            paid.filter(application__in=applications)
            .values("programme_id")
            .annotate(s=Sum("amount"))
            .values_list("programme_id", "s")
        )
    out = []
    for p, start, end in rows:
        total = totals.get(p.pk) or Decimal(0)
        share = round(float(total / p.budget * 100), 1) if p.budget else None
        out.append(
            [
                p.name,
                f"{start:%Y-%m-%d} – {end - timedelta(days=1):%Y-%m-%d}",
                p.budget,
                total,
                mine.get(p.pk) or Decimal(0),
                p.budget - total,
                share,
            ]
        )
    return Table(
        "spending",
        gettext_lazy("Spending against budget"),
        [
            gettext_lazy("Programme"),
            gettext_lazy("Budget period"),
            gettext_lazy("Budget (yuan)"),
            gettext_lazy("Paid in the period (yuan)"),
            gettext_lazy("Paid to your units (yuan)"),
            gettext_lazy("Left (yuan)"),
            gettext_lazy("Share of budget paid (percent)"),
        ],
        out,
        gettext_lazy("The budget period that holds the last day of the report."),
    )


def reverification_table(
    applications: QuerySet[Application], start: datetime, end: datetime, today: date
) -> Table:
    """Per unit: re-verifications done in the period, on time and late (after the day the
    check was due), and those overdue now."""
    events = (
        ApplicationEvent.objects.filter(
            application__in=applications,
            kind=ApplicationEventKind.REVERIFIED,
            created__gte=start,
            created__lt=end,
        )
        .values(unit=F("application__household__unit_id"))
        .annotate(
            done=Count("pk"),
            on_time=Count("pk", filter=Q(data__on_time=True)),
            late=Count("pk", filter=Q(data__on_time=False)),
        )
        .order_by()
    )
    overdue = (
        applications.filter(next_check__lt=today)
        .values(unit=F("household__unit_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in events:
        figures[r["unit"]][:3] = [r["done"], r["on_time"], r["late"]]
    for o in overdue:
        figures[o["unit"]][3] = o["n"]
    names = _unit_names(set(figures))
    return Table(
        "reverification",
        gettext_lazy("Re-verification on time"),
        [
            gettext_lazy("Unit"),
            gettext_lazy("Re-verifications done"),
            gettext_lazy("On time"),
            gettext_lazy("Late"),
            gettext_lazy("Overdue now"),
        ],
        [[names[u], *f] for u, f in sorted(figures.items(), key=lambda kv: names[kv[0]])],
        gettext_lazy(
            "A check done on or before the day it was due is on time; checks recorded before"
            " this report existed count as done only."
        ),
    )


def objections_table(applications: QuerySet[Application], start: datetime, end: datetime) -> Table:
    rows = (
        Objection.objects.filter(
            application__in=applications, lodged_at__gte=start, lodged_at__lt=end
        )
        .values(unit=F("application__household__unit_id"), prog=F("application__programme_id"))
        .annotate(
            lodged=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            upheld=Count("pk", filter=Q(upheld=True)),
        )
        .order_by()
    )
    rows_l = list(rows)
    names = _unit_names({r["unit"] for r in rows_l})
    progs = dict(
        Programme.objects.filter(pk__in=sorted({r["prog"] for r in rows_l})).values_list(
            "pk", "name"
        )
    )
    out = sorted(
        [
            [names[r["unit"]], progs[r["prog"]], r["lodged"], r["answered"], r["upheld"]]
            for r in rows_l
        ]
    )
    return Table(
        "objections",
        gettext_lazy("Objections lodged and upheld"),
        [
            gettext_lazy("Unit"),
            gettext_lazy("Programme"),
            gettext_lazy("Lodged"),
            gettext_lazy("Answered"),
            gettext_lazy("Upheld"),
        ],
        out,
    )


def tables(
    households: QuerySet[Household], start: datetime, end: datetime, today: date
) -> list[Table]:
    applications = Application.objects.filter(household__in=households)
    last = min(today, local_date(end) if end else today)
    return [
        households_table(households),
        applications_table(applications),
        spending_table(applications, last),
        reverification_table(applications, start, end, today),
        objections_table(applications, start, end),
    ]


# ---- the unit scorecard's section --------------------------------------------------------------


def _per_unit(unit_ids: list[int], start: datetime, end: datetime) -> dict[int, list[Any]]:
    """Each unit's own figures for the scorecard, in four grouped queries."""
    out: dict[int, list[Any]] = defaultdict(lambda: [0, 0, 0, Decimal(0), 0, 0, 0])
    for hr in (
        Household.objects.filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(
            registered=Count("pk", filter=Q(created__gte=start, created__lt=end)),
            supported=Count("pk", filter=Q(status=HouseholdStatus.SUPPORTED)),
            closed=Count("pk", filter=Q(status=HouseholdStatus.CLOSED)),
        )
        .order_by()
    ):
        out[hr["unit_id"]][0:3] = [hr["registered"], hr["supported"], hr["closed"]]
    for pr in (
        Payment.objects.filter(
            application__household__unit_id__in=unit_ids,
            paid_on__gte=local_date(start),
            paid_on__lt=local_date(end),
        )
        .values(unit=F("application__household__unit_id"))
        .annotate(s=Sum("amount"))
        .order_by()
    ):
        out[pr["unit"]][3] = pr["s"] or Decimal(0)
    today = local_date(min(end, timezone.now()))
    for ar in (
        Application.objects.filter(household__unit_id__in=unit_ids, next_check__lt=today)
        .values(unit=F("household__unit_id"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        out[ar["unit"]][4] = ar["n"]
    for orow in (
        Objection.objects.filter(
            application__household__unit_id__in=unit_ids, lodged_at__gte=start, lodged_at__lt=end
        )
        .values(unit=F("application__household__unit_id"))
        .annotate(lodged=Count("pk"), upheld=Count("pk", filter=Q(upheld=True)))
        .order_by()
    ):
        out[orow["unit"]][5:7] = [orow["lodged"], orow["upheld"]]
    return out


def _sum(per_unit: dict[int, list[Any]], ids: list[int]) -> list[Any]:
    total: list[Any] = [0, 0, 0, Decimal(0), 0, 0, 0]
    for i in ids:
        if i in per_unit:
            total = [a + b for a, b in zip(total, per_unit[i], strict=True)]
    total[3] = float(total[3])
    return total


def scorecard_section(user: Any, frame: Frame, start: datetime, end: datetime) -> Section:
    groups = frame.groups()
    per_unit = _per_unit(list(frame.unit_ids), start, end)
    rows = [
        Row(child.display_name, _sum(per_unit, groups.get(child.pk, [])))
        for child in frame.children
    ]
    total = Row(frame.root.display_name, _sum(per_unit, list(frame.unit_ids)))
    return Section(
        name="assistance",
        title=_("Hardship assistance"),
        columns=[
            gettext_lazy("Households registered in the period"),
            gettext_lazy("Households receiving support"),
            gettext_lazy("Households closed"),
            gettext_lazy("Paid in the period (yuan)"),
            gettext_lazy("Re-verifications overdue"),
            gettext_lazy("Objections lodged"),
            gettext_lazy("Objections upheld"),
        ],
        rows=rows,
        total=total,
        note=_(
            "Households receiving support and closed as the register stands now; payments"
            " and objections in the period."
        ),
    )
