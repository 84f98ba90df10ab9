"""Files added to a case after it came in, for the complainant.

The portal takes files only with the submission (grievances.intake.submit); the API brings
the grievance in as JSON and its files after. This keeps the portal's limits: each file is
checked by grievances.attachments.check_upload, and a case holds at most
MINSHENG_MAX_ATTACHMENTS files from the complainant, as many as one portal submission.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from grievances import events
from grievances.attachments import check_upload, store_attachment
from grievances.models import OPEN_STATES, Attachment, EventKind, Grievance
from minsheng.errors import DomainError


def add_attachments(
    g: Grievance, files: Sequence[UploadedFile], *, by: User | None
) -> list[Attachment]:
    """Store the files on the open case, with one timeline event and its audit record.
    `by` is None for the complainant, else the user of the token acting for them. Raises
    DomainError, having stored nothing, for a file over the limit or of a type not allowed,
    for too many files, or for a case that is no longer open."""
    for f in files:
        check_upload(f)
    limit = settings.MINSHENG_MAX_ATTACHMENTS
    with transaction.atomic():
        g = events.lock(g, None)
        if g.state not in OPEN_STATES:
            raise DomainError(_("Files can be added only while the case is open."))
        held = g.attachments.filter(from_complainant=True).count()
        if held + len(files) > limit:
            raise DomainError(
                _("A case holds at most %(n)d files from the complainant; it has %(held)d.")
                % {"n": limit, "held": held}
            )
        stored = [store_attachment(g, f, by=by, from_complainant=True) for f in files]
        events.save(g, [])
        events.record(
            g,
            EventKind.ATTACHMENT,
            by,
            data={"files": len(stored)},
            actor_label="" if by else "complainant",
        )
    return stored
