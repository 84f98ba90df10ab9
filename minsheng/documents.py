"""Printable documents: one description, printed as an HTML page and as a PDF.

A `Document` says what a receipt slip or a letter holds (the organisation and unit that issue
it, its title, the receipt code, a few labelled lines, the sections of text, the closing); it
is built by the module that owns the record (`grievances/letters.py`) in the user's language.
The same document renders as a page (`templates/print/document.html`, printed with
`static/css/print.css`) and as a PDF (`render_pdf`).

The PDF embeds a subset of Noto Serif SC, installed from PyPI by the project's own setup
(`pylopdf-fonts-zh-cn`), so Chinese renders on a machine with no CJK font of its own; the
subset holds only the glyphs the document uses (about 20 kB for a one-page letter).
See docs/decisions.md, "Printing and PDFs".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.http import HttpResponse
from django.utils.translation import gettext as _

FONT_FAMILY = "NotoSerifSC"


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


@dataclass
class Document:
    """What is printed. Every string is already in the reader's language; none is HTML."""

    organisation: str  # the organisation at the top of the tree: 某某集团
    unit: str  # the unit that issues the document
    title: str  # 信访事项答复意见书
    code: str  # the receipt code
    filename: str  # the PDF's file name, without the extension
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    addressee: str = ""
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # issuing unit, date: right-aligned
    note: str = ""  # small print at the foot
    slip: bool = False  # a receipt slip (narrow, compact) rather than a letter


def font_path() -> Path:
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.serif_path())


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes: A4 for letters, A5 for a receipt slip, with the CJK font
    embedded as a subset. Never reads a system font."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format=(148, 210) if doc.slip else (210, 297))  # A5, A4
    pdf.set_creator("Minsheng")
    pdf.set_title(f"{doc.title} {doc.code}")
    pdf.set_lang("zh-CN" if _is_cjk(doc.title) else "en")
    margin = 14 if doc.slip else 25
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    pdf.add_font(FONT_FAMILY, fname=str(font_path()))
    pdf.add_page()
    width = pdf.epw
    base = 10.5 if doc.slip else 12

    def para(text: str, size: float, align: str = "L", gap: float = 1.0) -> None:
        pdf.set_font(FONT_FAMILY, size=size)
        pdf.multi_cell(width, size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    if doc.organisation and doc.organisation != doc.unit:
        para(doc.organisation, base, align="C", gap=0)
    para(doc.unit, base + 2, align="C", gap=2)
    para(doc.title, base + 6, align="C", gap=1)
    colon = "：" if _is_cjk(doc.title) else ": "
    para(f"{_('Receipt code')}{colon}{doc.code}", base - 1, align="C", gap=4)
    pdf.set_draw_color(160, 160, 160)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(4)
    if doc.addressee:
        para(doc.addressee, base, gap=2)
    for label, value in doc.lines:
        para(f"{label}{colon}{value}", base, gap=0.5)
    if doc.lines:
        pdf.ln(3)
    for section in doc.sections:
        if section.heading:
            para(section.heading, base + 1, gap=0.5)
        para(section.text, base, gap=3)
    if doc.closing:
        pdf.ln(6)
        for line in doc.closing:
            para(line, base, align="R", gap=0.5)
    if doc.note:
        pdf.ln(6)
        para(doc.note, base - 2.5, gap=0)
    return bytes(pdf.output())


def pdf_response(doc: Document) -> HttpResponse:
    """The PDF as a download; no cache keeps it (it may hold what only the case's staff or
    the complainant may read)."""
    response = HttpResponse(render_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = _disposition(f"{doc.filename}.pdf")
    response["Cache-Control"] = "no-store, private"
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "document.pdf"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
