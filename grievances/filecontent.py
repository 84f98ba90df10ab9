"""What an uploaded file's bytes say it is, against what its name says.

A file passes only when three things agree: its name's extension, the type a maintained
signature library (`puremagic`) reads from its first bytes, and the structure a parser for
that type finds in the whole file (Pillow for images, pypdf for PDFs, the zip directory for
DOCX and XLSX). The first bytes alone are not enough: a polyglot starts with a JPEG, PNG or
PDF signature and carries HTML after it, which a browser that sniffs the content would run.
So the parser must read the file as what it claims to be, and no HTML may sit in the window
a browser sniffs (its first 1,024 bytes). See docs/decisions.md ("Uploads checked by their
content").
"""

from __future__ import annotations

import re
import warnings
import zipfile
from typing import IO

import puremagic
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

# How much of the file a browser reads to sniff its type (WHATWG MIME sniffing reads 1,445
# bytes at most; 1,024 covers the patterns that start a document).
SNIFF_WINDOW = 1024

# Markup that makes a browser treat bytes as HTML (or SVG, which runs script too). Matched
# anywhere in the sniff window of a binary file, and at the start of a text file.
_HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta|style|title"
    rb"|img|div|table|!--)",
    re.IGNORECASE,
)

# Extension → the extensions puremagic may report for a real file of that type.
_SIGNATURES: dict[str, frozenset[str]] = {
    ".pdf": frozenset({".pdf"}),
    ".jpg": frozenset({".jpg", ".jpeg", ".jfif", ".jpe"}),
    ".jpeg": frozenset({".jpg", ".jpeg", ".jfif", ".jpe"}),
    ".png": frozenset({".png"}),
    ".docx": frozenset({".docx", ".zip"}),
    ".xlsx": frozenset({".xlsx", ".zip"}),
}

# Extension → the part every real Office Open XML document of that kind holds.
_OFFICE_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}

# An image larger than this is refused rather than decoded (a decompression bomb).
MAX_IMAGE_PIXELS = 60_000_000


class ContentMismatch(Exception):
    """The bytes are not a file of the type the name says."""


def check_content(f: IO[bytes], ext: str) -> None:
    """Raise ContentMismatch unless `f`, whose name ends in `ext` (lower case, with the dot),
    is a well-formed file of that type with no HTML where a browser would sniff it. Reads the
    file and leaves it at position 0; changes nothing."""
    try:
        f.seek(0)
        head = f.read(SNIFF_WINDOW)
        f.seek(0)
        if ext == ".txt":
            # Text is what it says unless it starts (after blanks) like a web page.
            if _HTML.match(head.lstrip()):
                raise ContentMismatch("text that is HTML")
            return
        if _HTML.search(head):
            raise ContentMismatch("HTML in the sniff window")
        try:
            found = {m.extension.lower() for m in puremagic.magic_string(head)}
        except puremagic.PureError as exc:
            raise ContentMismatch("no known signature") from exc
        if not found & _SIGNATURES[ext]:
            raise ContentMismatch(f"signature of {sorted(found)}")
        if ext in (".jpg", ".jpeg", ".png"):
            _check_image(f, "PNG" if ext == ".png" else "JPEG")
        elif ext == ".pdf":
            _check_pdf(f)
        else:
            _check_office(f, _OFFICE_PART[ext])
    finally:
        f.seek(0)


def _check_image(f: IO[bytes], fmt: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow warns about odd but readable files
        try:
            with Image.open(f, formats=[fmt]) as img:
                if img.width * img.height > MAX_IMAGE_PIXELS:
                    raise ContentMismatch("image too large to check")
                img.verify()  # PNG: every chunk's checksum
            f.seek(0)
            with Image.open(f, formats=[fmt]) as img:
                if fmt == "JPEG":
                    # Decode at 1/8 scale: cheap, and still reads every scan to the end.
                    img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))
                img.load()
        except ContentMismatch:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            OSError,
            SyntaxError,
            ValueError,
        ) as exc:
            raise ContentMismatch(f"not a readable {fmt}") from exc


def _check_pdf(f: IO[bytes]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(f, strict=False)
            if reader.is_encrypted:
                return  # its trailer and cross-references were read; its pages are locked
            if len(reader.pages) < 1:
                raise ContentMismatch("a PDF without pages")
        except ContentMismatch:
            raise
        except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ContentMismatch("not a readable PDF") from exc


def _check_office(f: IO[bytes], part: str) -> None:
    try:
        with zipfile.ZipFile(f) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ContentMismatch("not a readable zip") from exc
    if "[Content_Types].xml" not in names or part not in names:
        raise ContentMismatch(f"a zip without {part}")
