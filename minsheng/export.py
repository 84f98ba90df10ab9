"""Exporting a staff list to xlsx or CSV, streamed, in the user's language.

One helper for every list (the queue, my cases, the supervised cases, the to-do list, the
scorecard, search results). A list exports by giving its columns and an iterator of rows:

    from minsheng import export

    fmt = export.requested(request)          # "xlsx", "csv" or None, from ?export=
    if fmt:
        columns = [export.Column(_("Receipt code"), 18), export.Column(_("Received"), 12)]
        rows = ((g.code, g.received_at) for g in qs.iterator(chunk_size=2000))
        return export.response(fmt, "queue", columns, rows)

Rules for the rows:
- each row is a sequence with one value per column, already as the user reads it: choice
  values translated (`dict(State.choices)[g.state]`), names, not ids;
- values may be str (or lazy translations), int, float, Decimal, bool, date, datetime or None;
  a datetime is shown in local time (settings.TIME_ZONE), a date as it is, None as empty;
- rows are read lazily while the file is written: pass a generator over
  `queryset.iterator()`, never a list of the whole result, and memory stays flat.

xlsx is written by XlsxWriter in constant-memory mode (each row goes to a temporary file as it
is written) into a temporary file, which is then streamed back in blocks and removed; CSV is
streamed row by row as UTF-8 with a byte-order mark, so that Excel opens Chinese correctly.
Cells a spreadsheet would run as a formula (text starting with = + - @) are written as text:
in xlsx as string cells, in CSV with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise

from minsheng.workdays import local_date

FORMATS = ("xlsx", "csv")
PARAM = "export"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str | Promise
    width: int = 14  # in characters, for the xlsx column


def requested(request: HttpRequest) -> str | None:
    """The export format asked for with ?export=xlsx or ?export=csv; None for the page."""
    value = request.GET.get(PARAM, "")
    return value if value in FORMATS else None


def response(
    fmt: str,
    name: str,
    columns: Sequence[Column | str | Promise],
    rows: Iterable[Sequence[Any]],
) -> FileResponse | StreamingHttpResponse:
    """The download of `rows` under `columns` as `fmt` ("xlsx" or "csv"), named
    `<name>-<local date>.<fmt>`. Headers are translated now, in the active language."""
    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    headers = [str(c.header) for c in cols]
    filename = f"{name}-{local_date().isoformat()}.{fmt}"
    if fmt == "xlsx":
        resp: FileResponse | StreamingHttpResponse = FileResponse(
            _xlsx_file(cols, headers, rows), content_type=XLSX_TYPE
        )
    elif fmt == "csv":
        resp = StreamingHttpResponse(
            _csv_lines(headers, rows, translation.get_language()),
            content_type="text/csv; charset=utf-8",
        )
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    ascii_name = filename.encode("ascii", "ignore").decode()
    resp["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    resp["Cache-Control"] = "no-store, private"
    return resp


def _plain(value: Any) -> Any:
    """A cell's value: text for translations, local naive time for a datetime."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return value


def _csv_text(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _Line:
    """A file-like that keeps the last line csv.writer wrote."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> int:
        self.value = text
        return len(text)


def _csv_lines(
    headers: list[str], rows: Iterable[Sequence[Any]], lang: str | None
) -> Iterator[bytes]:
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(headers)
    yield ("\ufeff" + line.value).encode("utf-8")
    # The rows are read as the response streams, after the view returned: keep its language.
    with translation.override(lang):
        batch = io.StringIO()
        for n, row in enumerate(rows, start=1):
            writer.writerow([_csv_text(v) for v in row])
            batch.write(line.value)
            if n % 500 == 0:
                yield batch.getvalue().encode("utf-8")
                batch = io.StringIO()
        if batch.tell():
            yield batch.getvalue().encode("utf-8")


def _xlsx_file(
    columns: list[Column], headers: list[str], rows: Iterable[Sequence[Any]]
) -> io.BufferedReader:
    """The workbook written to a temporary file, opened for reading and already unlinked:
    the file goes away when the response closes it."""
    from xlsxwriter import Workbook

    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        wb = Workbook(path, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
        ws = wb.add_worksheet()
        head = wb.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
        day = wb.add_format({"num_format": "yyyy-mm-dd"})
        moment = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for i, col in enumerate(columns):
            ws.set_column(i, i, col.width)
        for i, text in enumerate(headers):
            ws.write_string(0, i, text, head)
        ws.freeze_panes(1, 0)
        r = 0
        for r, row in enumerate(rows, start=1):
            for c, raw in enumerate(row):
                value = _plain(raw)
                if isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, (int, float, Decimal)):
                    ws.write_number(r, c, float(value))
                elif isinstance(value, datetime):
                    ws.write_datetime(r, c, value, moment)
                elif isinstance(value, date):
                    ws.write_datetime(r, c, value, day)
                elif value != "":
                    ws.write_string(r, c, str(value))
        if r:
            ws.autofilter(0, 0, r, max(len(columns) - 1, 0))
        wb.close()
        handle = open(path, "rb")  # noqa: SIM115 -- the response closes it
    finally:
        os.unlink(path)
    return handle
