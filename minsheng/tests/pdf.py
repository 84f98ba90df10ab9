"""Reading PDFs in tests: their text, and the fonts they embed."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

# The font Minsheng's PDFs embed, named in each font's /BaseFont after its subset tag.
FONT = "NotoSerifSC"


def pdf_text(content: bytes) -> str:
    """The PDF's text with every space removed. pypdf reads the two-byte glyph codes of an
    embedded CID font (whose /Encoding is a CMap stream, not the name /Identity-H) one byte
    at a time, so each character comes out after a NUL or a space; poppler's pdftotext reads
    the same file cleanly. The characters themselves come from the file's ToUnicode map."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"[\s\x00]+", "", "".join(p.extract_text() for p in reader.pages))


def embedded_fonts(content: bytes) -> list[str]:
    """Base names of the fonts whose program is inside the file (FontFile, 2 or 3)."""
    reader = PdfReader(io.BytesIO(content))
    out = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc_font in font.get("/DescendantFonts", [font]):
                desc = desc_font.get_object().get("/FontDescriptor")
                if desc is None:
                    continue
                desc = desc.get_object()
                if any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    out.append(str(font["/BaseFont"]))
    return out
