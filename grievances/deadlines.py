"""Grievance deadlines: the policy that applies to a case and the next date due on it. The
calendar they count with is `minsheng.workdays`, shared by every module."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from grievances.models import (
    Category,
    DeadlinePolicy,
    DueKind,
    Grievance,
    State,
)


def policy_for(kind: str, category: Category | None) -> DeadlinePolicy:
    """The most specific policy: kind and category, then category, then kind, then the
    default row, then the built-in defaults (15/60/30/30/30)."""
    # `category__in=[category, None]` would not do: SQL `IN` never matches NULL, so the
    # kind-only and default rows would be lost for every case that has a category.
    in_scope = Q(category__isnull=True)
    if category is not None:
        in_scope |= Q(category=category)
    candidates = list(DeadlinePolicy.objects.filter(in_scope, kind__in=[kind, ""]))

    def rank(p: DeadlinePolicy) -> int:
        return (2 if p.category_id else 0) + (1 if p.kind else 0)

    if candidates:
        return max(candidates, key=rank)
    return DeadlinePolicy()


def step_due(g: Grievance) -> tuple[date | None, str]:
    """The deadline of the step open in the case's state and its DueKind: acceptance, reply,
    feedback window or review decision; (None, "") when no step is open."""
    if g.state == State.RECEIVED:
        return g.accept_due, DueKind.ACCEPT
    if g.state in (State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS):
        return g.resolve_due, DueKind.RESOLVE
    if g.state == State.REPLIED:
        return g.feedback_due, DueKind.FEEDBACK
    if g.state == State.UNDER_REVIEW:
        return g.review_due, DueKind.REVIEW
    return None, ""


def refresh_next_due(g: Grievance, supervision_due: date | None = None) -> None:
    """Set next_due / next_due_kind from the state and the step deadlines (not saved). A
    supervision deadline tightens the step that is open: acceptance, reply or review. A new
    deadline is a step taken (or more time granted): its escalation starts afresh."""
    before = (g.next_due, g.next_due_kind)
    due, kind = step_due(g)
    if kind in ("", DueKind.FEEDBACK):
        supervision_due = None  # the reply ends supervision
    if supervision_due is not None and (due is None or supervision_due < due):
        due = supervision_due
    g.next_due = due
    g.next_due_kind = kind if due else ""
    if (g.next_due, g.next_due_kind) != before:
        g.escalation_level = 0
        g.escalate_at = None
        g.escalated_to = None
