"""Attachments: size and type checked before anything is stored."""

from __future__ import annotations

import codecs
import os

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from grievances.models import Attachment, Grievance
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
    """Raise DomainError unless the file is within the size limit and of an allowed type."""
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
