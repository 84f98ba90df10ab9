"""Real files for upload tests, made on the spot: the smallest PDF, PNG, JPEG, DOCX and XLSX
that the content checks accept, and polyglots that start like one of them but are HTML."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>\n"


def pdf() -> bytes:
    w = PdfWriter()
    w.add_blank_page(72, 72)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, "JPEG")
    return out.getvalue()


def _office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(part, '<?xml version="1.0"?><document/>')
    return out.getvalue()


def docx() -> bytes:
    return _office("word/document.xml")


def xlsx() -> bytes:
    return _office("xl/workbook.xml")


# Polyglots: a real signature, then a web page.
JPEG_HTML = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + HTML
PNG_HTML = b"\x89PNG\r\n\x1a\n" + HTML
PDF_HTML = b"%PDF-1.4\n" + HTML + b"%%EOF\n"


def jpeg_with_html_comment() -> bytes:
    """A JPEG that decodes, with a web page in its comment segment, right after the
    signature, where a browser sniffing the content would find it."""
    real = jpeg()
    comment = b"\xff\xfe" + (len(HTML) + 2).to_bytes(2, "big") + HTML
    return real[:2] + comment + real[2:]
