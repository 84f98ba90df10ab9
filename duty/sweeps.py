"""The duty module's sweeps: work that happens without anyone clicking.

mark_missing: an open incident with no final report after its window (`next_due`, the final
report's deadline) is marked missing (漏报). Set-based, as grievances/sweeps.py: one
conditional UPDATE claims a batch of incidents whose deadline has passed, marking them
missing, clearing `next_due` and bumping their version, with a token of its own; then the
batch's timeline events, audit records and notices are written in the same transaction. A
row is claimed only while its condition holds, so two workers never mark the same incident,
and a second run finds nothing. The condition is covered by the partial index
`inc_next_due`, so the sweep reads only the few incidents still open, among millions.

(The escalation of alerts is `duty.escalation.advance`, built the same way.)
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from audit import log as audit
from duty import notify
from duty.models import Incident, IncidentEvent, IncidentEventKind
from orgs.models import Membership, Role


def mark_missing(now: datetime | None = None) -> int:
    """Mark every open incident whose final report is overdue as missing. Returns how
    many were marked; 0 on a second run."""
    now = now or timezone.now()
    condition = Q(next_due__lt=now, next_due__isnull=False, state="open", missing=False)
    total = 0
    while True:
        token = secrets.token_hex(8)
        with transaction.atomic():
            candidates = (
                Incident.objects.filter(condition).order_by().values("pk")[: settings.SWEEP_BATCH]
            )
            claimed = Incident.objects.filter(condition, pk__in=candidates).update(
                missing=True, next_due=None, version=F("version") + 1, sweep_claim=token
            )
            if not claimed:
                return total
            rows = list(Incident.objects.filter(sweep_claim=token).select_related("unit"))
            IncidentEvent.objects.bulk_create(
                IncidentEvent(
                    incident=i,
                    kind=IncidentEventKind.MISSING,
                    created=now,
                    actor=None,
                    data={"final_due": i.final_due.isoformat()},
                )
                for i in rows
            )
            audit.record_bulk(
                (
                    (
                        "incident.missing",
                        i,
                        {"state": i.state, "version": i.version, "final_due": i.final_due},
                    )
                    for i in rows
                ),
                actor_label="system",
            )
            leaders: dict[int, list[User]] = {}
            for m in Membership.objects.filter(
                unit_id__in={i.unit_id for i in rows},
                role__in=(Role.LEADER, Role.HEAD),
                user__is_active=True,
            ).select_related("user"):
                leaders.setdefault(m.unit_id, []).append(m.user)
            robots = notify.robots_for("incident.missing")
            for i in rows:
                notify.missing(i, leaders.get(i.unit_id, []), robots=robots)
            Incident.objects.filter(sweep_claim=token).update(sweep_claim="")
            total += len(rows)
        if claimed < settings.SWEEP_BATCH:
            return total
