"""The kinds of notice the grievance module sends. Registered here (loaded by
NoticesConfig.ready) until grievances registers them from its own AppConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notices.kinds import Mode, register_kind

ASSIGNED = register_kind("grievance.assigned", _("A case was assigned to you"), Mode.IMMEDIATE)
DUE_SOON = register_kind("grievance.due_soon", _("A deadline is near"), Mode.DIGEST)
OVERDUE = register_kind("grievance.overdue", _("A deadline has passed"), Mode.IMMEDIATE)
ESCALATED = register_kind(
    "grievance.escalated", _("An overdue case was escalated to you"), Mode.IMMEDIATE
)
REVIEW_WAITING = register_kind(
    "grievance.review_waiting", _("A review is waiting for your decision"), Mode.IMMEDIATE
)

COMPLAINANT_ACCEPTED = register_kind(
    "complainant.accepted", _("Your grievance was accepted"), Mode.IMMEDIATE, True
)
COMPLAINANT_REPLIED = register_kind(
    "complainant.replied", _("Your grievance was replied to"), Mode.IMMEDIATE, True
)
COMPLAINANT_CLOSED = register_kind(
    "complainant.closed", _("Your grievance was closed"), Mode.IMMEDIATE, True
)
