"""Files staff add to a case from the console: who may, and the audited step itself. The
checks of each file are those of every upload (`grievances.attachments.check_upload`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from grievances import events, lifecycle
from grievances.attachments import check_upload, store_attachment
from grievances.models import OPEN_STATES, Attachment, EventKind, Grievance
from minsheng.errors import DomainError, NotAllowed
from orgs.models import Role

# Who may add files to a case in the console: the unit's staff (the clerk too: papers arrive
# by post after intake), and the case's owner and handler wherever they sit.
STAFF_ROLES = frozenset({Role.CLERK, Role.HANDLER, Role.LEADER, Role.HEAD})


def staff_attach_refusal(by: User, g: Grievance) -> DomainError | None:
    """Why `by` may not add files to the case now, or None."""
    if g.state not in OPEN_STATES:
        return DomainError(_("Files can be added only while the case is open."))
    own_case = by.pk in (g.owner_id, g.handler_id)
    if not own_case and not lifecycle.roles(by, g.unit) & STAFF_ROLES:
        return NotAllowed(_("Your role in this unit does not allow this action."))
    if not lifecycle.may_act(by):
        return NotAllowed(_("You have read-only access."))
    return None


def add_staff_attachments(
    g: Grievance, files: Sequence[UploadedFile], *, by: User
) -> list[Attachment]:
    """Staff add files (a visit record, a payslip, a signed agreement) to an open case: the
    unit's clerk, handler, leader or head, or the case's owner or handler; never a read-only
    user (`staff_attach_refusal`). The files are internal: one timeline event that the
    complainant does not see, with its audit record. Raises DomainError (NotAllowed for the
    wrong person), having stored nothing, when no file is given, for too many files at once,
    or for a file over the limit, of a type not allowed, or whose content is not what its
    name says."""
    files = list(files)
    if not files:
        raise DomainError(_("Choose at least one file."))
    limit = settings.MINSHENG_MAX_ATTACHMENTS
    if len(files) > limit:
        raise DomainError(_("At most %(n)d attachments.") % {"n": limit})
    # Who and when first, then the files (read outside the case's lock), then both again.
    error = staff_attach_refusal(by, g)
    if error is not None:
        raise error
    for f in files:
        check_upload(f)
    with transaction.atomic():
        g = events.lock(g, None)
        error = staff_attach_refusal(by, g)
        if error is not None:
            raise error
        stored = [store_attachment(g, f, by=by) for f in files]
        events.save(g, [])
        events.record(
            g,
            EventKind.ATTACHMENT,
            by,
            public=False,
            data={"files": len(stored), "names": [a.name for a in stored]},
        )
    return stored
