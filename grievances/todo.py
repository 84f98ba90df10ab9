"""What grievance work is waiting on a person, for the to-do list (minsheng/todo.py).

- to accept or decline: received cases in units where they are a handler, leader or head;
- to assign: accepted cases in units where they are a leader or head;
- to reply: assigned or in-progress cases they own or handle;
- a review or re-review to decide: cases under review at a unit they answer for as head;
- an extension to approve: requests waiting on cases in units they answer for as head;
- a supervision to report on: active supervisions of cases they own or handle;
- an escalation that reached them: overdue cases escalated to a unit they head.

A head "answers for" the units they head, and the units below with no head of their own
(the nearest head decides, as escalation goes to the nearest head).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grievances.models import ExtensionRequest, ExtensionState, Grievance, State, Supervision
from grievances.scoping import visible_grievances
from minsheng.todo import Item
from orgs.models import Membership, Role, Unit
from orgs.scoping import headed_chains

WORKING = (State.ASSIGNED, State.IN_PROGRESS)
ITEM_FIELDS = (
    "code",
    "subject",
    "next_due",
    "escalation_level",
    "review_level",
    "review_due",
    "unit__name",
    "unit__name_en",
)


def _units(user: Any) -> tuple[set[int], set[int], set[int]]:
    """Units where the user accepts (handler/leader/head), assigns (leader/head) and heads."""
    rows = list(Membership.objects.filter(user_id=user.pk).values_list("unit_id", "role"))
    accepts = {u for u, r in rows if r in (Role.HANDLER, Role.LEADER, Role.HEAD)}
    assigns = {u for u, r in rows if r in (Role.LEADER, Role.HEAD)}
    heads = {u for u, r in rows if r == Role.HEAD}
    return accepts, assigns, heads


def answers_for(head_units: set[int]) -> set[int]:
    """The units whose nearest head (themselves or above) sits in one of `head_units`."""
    if not head_units:
        return set()
    q = Q()
    for path in Unit.objects.filter(pk__in=head_units).values_list("path", flat=True):
        q |= Q(path__startswith=path)
    chains = headed_chains(list(Unit.objects.filter(q)))
    return {pk for pk, chain in chains.items() if chain and chain[0].pk in head_units}


def _item(prefix: str, g: Grievance, what: Any, due: Any = None, escalated: bool = False) -> Item:
    return Item(
        module="grievances",
        what=what,
        title=f"{g.code} {g.subject}",
        url=f"{prefix}{g.code}/",
        due=due if due is not None else g.next_due,
        unit=g.unit.display_name,
        escalated=escalated,
    )


def items(user: Any) -> list[Item]:
    accepts, assigns, heads = _units(user)
    answering = answers_for(heads)
    # No ORDER BY: the list is sorted by minsheng.todo, and the table's default order made
    # SQLite walk every case newest first to find the few it lists. Only the columns the
    # items show: a branch head's list has hundreds of cases.
    seen = visible_grievances(user).select_related("unit").only(*ITEM_FIELDS).order_by()
    out: list[Item] = []
    # The case page's address resolved once: a branch head's list has hundreds of cases, and
    # the console's header counts it on every page.
    item = partial(_item, reverse("grievances:case", args=["X"])[:-2])
    # The few waiting requests and supervisions are checked against the reader's scope one
    # case at a time (by primary key), not by listing every case in scope: at a million
    # cases that list cost a second on every console page.
    visible = Exists(seen.filter(pk=OuterRef("grievance_id")))
    for g in seen.filter(state=State.RECEIVED, unit_id__in=accepts):
        out.append(item(g, _("Decide acceptance"), escalated=g.escalation_level > 0))
    for g in seen.filter(state=State.ACCEPTED, unit_id__in=assigns):
        out.append(item(g, _("Assign an owner and a handler"), escalated=g.escalation_level > 0))
    for g in seen.filter(Q(owner_id=user.pk) | Q(handler_id=user.pk), state__in=WORKING):
        out.append(item(g, _("Reply"), escalated=g.escalation_level > 0))
    for g in seen.filter(state=State.UNDER_REVIEW, review_unit_id__in=answering):
        what = _("Decide the re-review") if g.review_level >= 2 else _("Decide the review")
        out.append(item(g, what, g.review_due))
    for ext in (
        ExtensionRequest.objects.filter(
            visible, state=ExtensionState.PENDING, grievance__unit_id__in=answering
        )
        .exclude(requested_by_id=user.pk)
        .select_related("grievance", "grievance__unit")
    ):
        out.append(item(ext.grievance, _("Approve or refuse an extension")))
    for s in Supervision.objects.filter(
        Q(grievance__owner_id=user.pk) | Q(grievance__handler_id=user.pk),
        visible,
        active=True,
    ).select_related("grievance", "grievance__unit"):
        out.append(item(s.grievance, _("Report progress to the supervisor"), s.due))
    listed = {i.title for i in out}
    for g in seen.filter(escalated_to_id__in=heads, escalation_level__gte=2):
        if f"{g.code} {g.subject}" not in listed:
            out.append(item(g, _("Overdue: see that it is dealt with"), escalated=True))
    return out
