"""GeoReport v2 in JSON and XML: the two renderings of one Python value, and the error shape.

A response is built once as plain Python (dicts, lists, strings, numbers, booleans, None and
aware datetimes) and rendered by the format the path's suffix asks for. JSON follows the
specification's "Spark" mapping of its XML: a list is a bare JSON array, a container element
in XML whose children are named after it (`services` → `service`, `attributes` →
`attribute`). Every date and time carries its offset from UTC, both ways."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

Format = Literal["json", "xml"]

CONTENT_TYPES: dict[str, str] = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
SPEC_FORMATS = ["text/xml", "application/json"]

# The element name of one item of each list, as the specification names them.
ITEM_NAMES: dict[str, str] = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Open311Error(Exception):
    """A refusal in the specification's shape: an HTTP status and a list of (code,
    description). The code in the body is the HTTP status, as the specification's examples
    do; `errors` may hold several descriptions, all reported at once."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__("; ".join(str(d) for d in descriptions))
        self.status = status
        self.errors: list[tuple[int, str]] = [(status, str(d)) for d in descriptions]


def format_from_suffix(suffix: str | None, request: HttpRequest | None = None) -> Format:
    """The format a path's suffix names. Without a suffix: XML when the Accept header asks for
    XML before JSON, JSON otherwise."""
    if suffix:
        return "xml" if suffix.lower() == "xml" else "json"
    if request is not None:
        accept = request.headers.get("Accept", "").lower()
        xml_at = min((accept.find(t) for t in ("/xml", "+xml") if t in accept), default=-1)
        json_at = accept.find("json")
        if xml_at >= 0 and (json_at < 0 or xml_at < json_at):
            return "xml"
    return "json"


def w3_datetime(value: datetime | None) -> str | None:
    """ISO 8601 in the server's time zone with its offset, to the second
    (2010-01-01T08:00:00+08:00), as the specification's w3 note asks."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def end_of_day(day: date | None) -> datetime | None:
    """The last second of a local calendar day: a deadline "by 12 May" is kept all that day."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


# ---- rendering ----------------------------------------------------------------------------


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3_datetime(value) or ""
    return _NOT_XML.sub("", str(value))


def _append(parent: ET.Element, name: str, value: Any) -> None:
    el = ET.SubElement(parent, name)
    _fill(el, name, value)


def _fill(el: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            _append(el, key, sub)
    elif isinstance(value, list | tuple):
        item = ITEM_NAMES[name]
        for sub in value:
            _append(el, item, sub)
    else:
        el.text = _scalar_text(value)


def to_xml(root: str, value: Any) -> bytes:
    el = ET.Element(root)
    _fill(el, root, value)
    body = ET.tostring(el, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return w3_datetime(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_json_default).encode("utf-8")


def render(fmt: Format, root: str, value: Any, status: int = 200) -> HttpResponse:
    """`value` as JSON (a bare array for a list) or as XML under `root`."""
    body = to_xml(root, value) if fmt == "xml" else to_json(value)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    # Open311 is read from other sites' pages too; no cookie ever authenticates here, so
    # letting any origin read the answer gives nothing away.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(
    fmt: Format, status: int, errors: Iterable[tuple[int, str]] | None = None
) -> HttpResponse:
    items = [{"code": code, "description": text} for code, text in (errors or [])]
    return render(fmt, "errors", items, status=status)


def render_error(fmt: Format, exc: Open311Error, allow: Sequence[str] = ()) -> HttpResponse:
    response = error_response(fmt, exc.status, exc.errors)
    if allow:
        response["Allow"] = ", ".join(allow)
    return response
