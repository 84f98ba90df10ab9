"""Reminders of re-verification (动态管理, issue #9): the worker tells the handlers and
leaders of a household's unit that its re-check is due (within `DUE_WITHIN_DAYS`) and again
when it is overdue, once each per household and check date (`dedupe_key`: the household's
code and the date the check is due), however often the job runs.

Set-based: one query for the checks due or overdue, one for the staff of their units; then
one notice per household and stage (`notices.outbox.notify`, which refuses a repeat of the
same kind and key). Titles carry the household's code and the programme, never a name."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assistance.models import Application, AppState
from minsheng.workdays import local_date
from notices.outbox import Msg, notify
from orgs.models import Membership, Role

DUE_WITHIN_DAYS = 14
KIND_DUE = "assistance.reverify_due"
KIND_OVERDUE = "assistance.reverify_overdue"
REMINDED_ROLES = (Role.HANDLER, Role.LEADER)


def register_kinds() -> None:
    """The module's kinds of notice (called from AssistanceConfig.ready())."""
    from notices.kinds import Mode, register_kind

    register_kind(KIND_DUE, gettext_lazy("A household's re-verification is due"), Mode.DIGEST)
    register_kind(
        KIND_OVERDUE, gettext_lazy("A household's re-verification is overdue"), Mode.IMMEDIATE
    )


def send_reminders(now: datetime | None = None) -> int:
    """Write the reminders due now; returns the number of inbox notices written."""
    today = local_date(now or timezone.now())
    horizon = today + timedelta(days=DUE_WITHIN_DAYS)
    due = list(
        Application.objects.filter(
            state__in=[AppState.APPROVED, AppState.PAID],
            next_check__isnull=False,
            next_check__lte=horizon,
        )
        .select_related("household", "programme")
        .order_by("next_check", "id")
    )
    if not due:
        return 0
    units = {a.household.unit_id for a in due}
    staff: dict[int, list[Any]] = defaultdict(list)
    for m in Membership.objects.filter(
        unit_id__in=sorted(units), role__in=REMINDED_ROLES, user__is_active=True
    ).select_related("user"):
        if m.user not in staff[m.unit_id]:
            staff[m.unit_id].append(m.user)
    # One notice per household and check date: a household in two programmes due the same
    # day is one reminder, naming the first programme.
    seen: set[tuple[str, str]] = set()
    written = 0
    with transaction.atomic():
        for a in due:
            assert a.next_check is not None
            overdue = a.next_check < today
            kind = KIND_OVERDUE if overdue else KIND_DUE
            key = f"{a.household.code}:{a.next_check.isoformat()}"
            if (kind, key) in seen or not staff.get(a.household.unit_id):
                continue
            seen.add((kind, key))
            template = (
                gettext_lazy("Re-verification overdue since %(date)s: household %(code)s (%(p)s)")
                if overdue
                else gettext_lazy("Re-verification due on %(date)s: household %(code)s (%(p)s)")
            )
            written += notify(
                staff[a.household.unit_id],
                kind,
                title=Msg(
                    template,
                    date=a.next_check.isoformat(),
                    code=a.household.code,
                    p=a.programme.name,
                ),
                url=reverse("assistance:application", args=[a.code]),
                dedupe_key=key,
            )
    return written
