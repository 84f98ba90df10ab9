"""The notices the duty module sends, in one place: who hears what, in which words.

Each function runs inside the transaction of the step or sweep that causes it and writes to
the notices outbox (the worker delivers: inbox, e-mail, SMS, WeCom and DingTalk robots).
Texts are lazy, so each recipient reads them in their own language; dedupe keys make a
notice idempotent, so two workers send it once."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from duty.models import ReportKind, Severity
from notices import outbox

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from duty.models import Alert, Incident, Report

# ---- roster ----


def register_roster_kinds() -> None:
    """The roster's kinds of notice (called from DutyConfig.ready())."""
    from notices.kinds import Mode, register_kind

    register_kind(
        "duty.swap_waiting", _("A duty swap is waiting for your decision"), Mode.IMMEDIATE
    )
    register_kind("duty.swap_decided", _("Your duty swap was decided"), Mode.IMMEDIATE)
    register_kind("duty.handover_waiting", _("A handover note is waiting for you"), Mode.IMMEDIATE)


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def swap_waiting(swap: Any) -> int:
    """To the nearest head of the shift's unit (or above): a swap waits for them."""
    from orgs.models import Role
    from orgs.scoping import headed_chains, members

    unit = swap.shift.unit
    chain = headed_chains([unit]).get(unit.pk) or []
    if not chain:
        return 0
    heads = list(members(chain[0], [Role.HEAD]))
    return outbox.notify(
        heads,
        "duty.swap_waiting",
        title=format_lazy(
            _("Duty swap to decide: {unit} {when}"),
            unit=unit.display_name,
            when=_when(swap.shift.starts),
        ),
        body=swap.reason,
        url=reverse("duty:mine") + "#swaps",
        subject=f"duty-shift:{swap.shift_id}",
        dedupe_key=f"swap:{swap.pk}",
    )


def swap_decided(swap: Any) -> int:
    """Back to the person who asked."""
    title = (
        _("Your duty swap was approved")
        if swap.state == "approved"
        else _("Your duty swap was refused")
    )
    return outbox.notify(
        [swap.requested_by],
        "duty.swap_decided",
        title=title,
        body=swap.decision_note,
        url=reverse("duty:mine"),
        subject=f"duty-shift:{swap.shift_id}",
        dedupe_key=f"swap-decided:{swap.pk}",
    )


def handover_waiting(note: Any, officer: Any) -> int:
    """To the next shift's officer: a handover note to read and acknowledge."""
    return outbox.notify(
        [officer],
        "duty.handover_waiting",
        title=format_lazy(
            _("Handover note from {unit} to acknowledge"), unit=note.shift.unit.display_name
        ),
        body=note.open_items or note.happened,
        url=reverse("duty:mine") + "#handovers",
        subject=f"duty-shift:{note.shift_id}",
        dedupe_key=f"handover:{note.pk}",
    )


# ---- incidents ----


# ---- incidents ----


def register_incident_kinds() -> None:
    """The kinds of notice incident reports send (called from DutyConfig.ready())."""
    from notices.kinds import Mode, register_kind

    register_kind(
        "incident.alert",
        _("An incident report is waiting for your acknowledgement"),
        Mode.IMMEDIATE,
    )
    register_kind("incident.report", _("A new report on an incident you follow"), Mode.IMMEDIATE)
    register_kind("incident.missing", _("An incident's final report is missing"), Mode.IMMEDIATE)


def _incident_url(incident: Incident) -> str:
    # The list's address and the code: one reverse() per process, not one per notice (the
    # missing sweep writes hundreds in a batch).
    return f"{_list_url()}{incident.code}/"


@functools.cache
def _list_url() -> str:
    return reverse("duty:incidents")


def robots_for(kind: str) -> bool:
    """Whether a group robot is subscribed to `kind`: a sweep with nobody to tell and no
    robot listening skips writing the notice at all."""
    from notices.models import Webhook

    return any(
        kind in (k or [])
        for k in Webhook.objects.filter(active=True).values_list("kinds", flat=True)
    )


def _choice_label(choices: Any, value: Any) -> Any:
    """A choice's lazy label, translated for each reader; the raw value if unknown."""
    return dict(choices.choices).get(value, value)


_STEP = {
    "officer": _("as the duty officer"),
    "leader": _("as the duty leader"),
    "head": _("as the unit head"),
    "above": _("as the head of the unit above"),
}


def alert(a: Alert, people: Sequence[User], step: str) -> int:
    """A step of an alert's chain reached `people`."""
    i = a.incident
    return outbox.notify(
        people,
        "incident.alert",
        title=format_lazy(
            _("Incident {code} ({severity}): please acknowledge"),
            code=i.code,
            # The lazy label, not get_severity_display() (a str in the sender's language).
            severity=_choice_label(Severity, i.severity),
        ),
        body=format_lazy(
            _(
                "{title}, at {place}. A report on this incident reached you {step}. Open it"
                " and acknowledge it; until someone does, it goes further up the chain."
            ),
            title=i.title,
            place=i.place,
            step=_STEP.get(step, ""),
        ),
        url=_incident_url(i),
        subject=f"incident:{i.code}",
        dedupe_key=f"alert:{a.pk}:{a.level}",
    )


def report_filed(report: Report, people: Sequence[User]) -> int:
    """A follow-up or final report, for those who acknowledged the incident's alerts."""
    i = report.incident
    return outbox.notify(
        people,
        "incident.report",
        title=format_lazy(
            _("{report} on incident {code}"),
            report=_choice_label(ReportKind, report.kind),
            code=i.code,
        ),
        body=format_lazy(_("{title}, at {place}."), title=i.title, place=i.place),
        url=_incident_url(i),
        subject=f"incident:{i.code}",
        dedupe_key=f"report:{report.pk}",
    )


def missing(incident: Incident, people: Sequence[User], *, robots: bool = True) -> int:
    """The unit's leaders and heads (and the robots) hear that the final report is missing.
    `robots=False`: the caller has checked that no robot listens (`robots_for`)."""
    if not people and not robots:
        return 0
    return outbox.notify(
        people,
        "incident.missing",
        title=format_lazy(_("Final report missing: incident {code}"), code=incident.code),
        body=format_lazy(
            _(
                "{title}: the final report was due by {due} and has not been filed. The"
                " incident is marked missing (漏报)."
            ),
            title=incident.title,
            due=localtime(incident.final_due).strftime("%Y-%m-%d %H:%M"),
        ),
        url=_incident_url(incident),
        subject=f"incident:{incident.code}",
        dedupe_key=f"missing:{incident.code}",
    )
