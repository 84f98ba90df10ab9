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
from minsheng.errors import DomainError

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
