"""The one door to the audit log in the interface: who may read it, and which records."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from audit.models import AuditRecord
from orgs.models import Role
from orgs.scoping import scope_for


def may_read_audit(user: Any) -> bool:
    """Auditors and superusers read the audit log; nobody else, administrators included
    (they change things, and the log is the check on them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    scope = scope_for(user)
    return any(Role.AUDITOR in roles for roles in scope.direct_roles.values())


def visible_audit_records(user: Any) -> QuerySet[AuditRecord]:
    """The records this user may read: every record for an auditor or a superuser (an
    auditor's scope is the whole organisation, as for cases), none for anyone else."""
    if not may_read_audit(user) or not scope_for(user).everything:
        return AuditRecord.objects.none()
    return AuditRecord.objects.all()
