"""Who may see a complainant's identity, and the audited act of seeing it."""

from __future__ import annotations

from django.contrib.auth.models import User

from audit import log as audit
from grievances.models import Complainant, Grievance, IdentityMode
from orgs.models import Role
from orgs.scoping import scope_for


def may_see_identity(user: User, g: Grievance) -> bool:
    """The staff handling the case: its owner and handler, the clerk who registered it, and
    (unless the complainant asked for confidentiality) the head and leaders of its unit.
    Heads of units above, auditors and administrators see the case but not the person."""
    if g.complainant_id is None:
        return False
    if user.pk in (g.owner_id, g.handler_id):
        return True
    if g.identity_mode == IdentityMode.CONFIDENTIAL:
        return False
    if user.pk == g.created_by_id:
        return True
    direct = scope_for(user).direct_roles.get(g.unit_id, frozenset())
    return bool(direct & {Role.HEAD, Role.LEADER})


def reveal_identity(
    user: User, g: Grievance, *, document: str = "", purpose: str = ""
) -> Complainant | None:
    """The complainant, if this user may see them; the viewing is recorded in the audit
    (with the printed document's key when it is for a letter: `document`; with what it was
    read for when another module reads it through `grievances.links`: `purpose`)."""
    if not may_see_identity(user, g):
        return None
    complainant = g.complainant
    assert complainant is not None  # may_see_identity is False without one
    data = {"grievance": g.code, **({"document": document} if document else {})}
    if purpose:
        data["purpose"] = purpose
    audit.record(user, "identity.view", complainant, data)
    return complainant
