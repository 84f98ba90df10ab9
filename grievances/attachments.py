"""Attachments: size and type checked before anything is stored."""

from __future__ import annotations

import codecs
import os
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from grievances import events
from grievances.filecontent import ContentMismatch, check_content
from grievances.models import OPEN_STATES, Attachment, EventKind, Grievance
from minsheng.errors import DomainError, NotAllowed
from orgs.models import Role

# Extension → the leading bytes a real file of that type starts with (None: plain text).
ALLOWED: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".txt": None,
}


def check_upload(f: UploadedFile) -> None:
    """Raise DomainError unless the file is within the size limit, of an allowed type, and
    its content is what its name says (`grievances.filecontent`)."""
    name = f.name or ""
    ext = os.path.splitext(name)[1].lower()
    limit = settings.MINSHENG_MAX_UPLOAD_BYTES
    if f.size is not None and f.size > limit:
        raise DomainError(
            _("%(name)s is larger than the limit of %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)}
        )
    if ext not in ALLOWED:
        raise DomainError(
            _("%(name)s is not an allowed type (PDF, JPG, PNG, DOCX, XLSX or TXT).")
            % {"name": name}
        )
    magic = ALLOWED[ext]
    head = f.read(16)
    f.seek(0)
    if magic is None:
        try:
            # Incremental: a multi-byte character cut at the end of the chunk is not an error.
            codecs.getincrementaldecoder("utf-8")().decode(f.read(4096), final=False)
        except UnicodeDecodeError as exc:
            raise DomainError(_("%(name)s is not a text file.") % {"name": name}) from exc
        finally:
            f.seek(0)
    elif not any(head.startswith(m) for m in magic):
        raise DomainError(
            _("%(name)s does not look like a %(ext)s file.") % {"name": name, "ext": ext}
        )
    try:
        check_content(f, ext)
    except ContentMismatch as exc:
        raise DomainError(
            _(
                "%(name)s is not a real %(ext)s file: its content does not match its name."
                " Please send the original file."
            )
            % {"name": name, "ext": ext}
        ) from exc


def store_attachment(
    g: Grievance, f: UploadedFile, *, by: object = None, from_complainant: bool = False
) -> Attachment:
    check_upload(f)
    user = by if isinstance(by, User) else None
    return Attachment.objects.create(
        grievance=g,
        file=f,
        name=os.path.basename(f.name or "file")[:200],
        size=f.size or 0,
        content_type=(f.content_type or "application/octet-stream")[:100],
        uploaded_by=user,
        from_complainant=from_complainant,
        created=timezone.now(),
    )


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


# Who may add files to a case in the console: the unit's staff (the clerk too: papers arrive
# by post after intake), and the case's owner and handler wherever they sit.
STAFF_ROLES = frozenset({Role.CLERK, Role.HANDLER, Role.LEADER, Role.HEAD})


def staff_attach_refusal(by: User, g: Grievance) -> DomainError | None:
    """Why `by` may not add files to the case now, or None."""
    from grievances import lifecycle  # lifecycle → intake → attachments

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
