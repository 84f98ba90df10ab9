"""The assistance module's to-do provider: what waits on a user at the units they act in —
an objection to investigate and answer, a notice whose period is over (approve or refuse),
a re-verification due within two weeks or overdue — each with its date — and, undated, the
steps in between: a visit, the committee's review, publishing the notice, the payment.
Titles carry the application's code and programme, never a household's name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assistance.lifecycle import DECIDERS, due_checks
from assistance.models import Application, AppState
from minsheng.todo import Item
from minsheng.workdays import local_date
from orgs.models import Role
from orgs.scoping import scope_for


def items(user: Any) -> list[Item]:
    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_for(user)
    acting = [u for u, roles in scope.direct_roles.items() if roles - {Role.AUDITOR} and u]
    deciding = [u for u, roles in scope.direct_roles.items() if roles & DECIDERS and u]
    if not acting:
        return []
    mine = Application.objects.filter(household__unit_id__in=acting).select_related(
        "programme", "household__unit"
    )
    out: list[Item] = []

    def item(a: Application, what: Any, due: Any, *, late: bool = False) -> Item:
        return Item(
            module="assistance",
            what=what,
            title=f"{a.code} {a.programme.name}",
            url=reverse("assistance:application", args=[a.code]),
            due=due,
            unit=a.household.unit.display_name,
            escalated=late,
        )

    now = timezone.now()
    # One filter() call: the same objection lodged and not answered (a notice without any
    # objection would match "answered_at is null" through the outer join).
    waiting = mine.filter(
        state=AppState.ON_NOTICE,
        objections__lodged_at__isnull=False,
        objections__answered_at__isnull=True,
    ).distinct()
    for a in waiting:
        assert a.notice_ends is not None
        out.append(item(a, gettext_lazy("Answer the objection"), local_date(a.notice_ends)))
    answered = {a.pk for a in waiting}
    ended = mine.filter(
        state=AppState.ON_NOTICE,
        notice_ends__lte=now,
        household__unit_id__in=deciding,
    ).exclude(pk__in=sorted(answered))
    for a in ended:
        assert a.notice_ends is not None
        out.append(
            item(a, gettext_lazy("Approve or refuse the application"), local_date(a.notice_ends))
        )
    # The steps in between wait on the unit's staff too, with no deadline of their own.
    steps = (
        (AppState.APPLIED, acting, gettext_lazy("Visit the household and record the findings")),
        (AppState.VERIFIED, deciding, gettext_lazy("Record the committee's review")),
        (AppState.REVIEWED, acting, gettext_lazy("Publish the notice")),
        (AppState.APPROVED, acting, gettext_lazy("Pay the approved amount")),
    )
    for state, units, what in steps:
        for a in mine.filter(state=state, household__unit_id__in=units).order_by("created"):
            out.append(item(a, what, None))
    today = local_date(now)
    for a in due_checks(mine):
        out.append(
            item(
                a,
                gettext_lazy("Re-verify the household"),
                a.next_check,
                late=bool(a.next_check and a.next_check < today),
            )
        )
    return out
