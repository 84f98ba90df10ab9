"""Reading GeoReport v2 parameters as real clients send them.

- A POST's parameters may arrive in its query string as well as in its body; both count,
  and the body wins where a name is in both.
- An empty parameter is a parameter not given (the specification's "Optional Arguments").
- Names nobody asked for are ignored.
- A list parameter may be comma separated, repeated, or both.
- A date and time must carry its offset from UTC (Z or +08:00). A `+` sent unencoded in a
  query string arrives as a space; that space is read back as the `+` it was."""

from __future__ import annotations

import re
from datetime import datetime

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from api.open311.formats import Open311Error

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# "2010-01-01T00:00:00 08:00": an unencoded "+08:00" in a query string.
_SPACE_FOR_PLUS = re.compile(
    r"^(\d{4}-?\d\d-?\d\d[T ]\d\d(?::?\d\d){0,2}(?:[.,]\d+)?) (\d\d(?::?\d\d)?)$"
)


def merged(request: HttpRequest) -> QueryDict:
    """GET and POST parameters together, POST winning. Raises Open311Error for a body that
    is too large or cannot be parsed."""
    params = request.GET.copy()
    if request.method == "POST":
        length = request.META.get("CONTENT_LENGTH") or "0"
        if request.content_type not in FORM_TYPES and length.isdigit() and int(length) > 0:
            raise Open311Error(
                400,
                _(
                    "Send the parameters form-encoded (application/x-www-form-urlencoded or"
                    " multipart/form-data), not as %(type)s."
                )
                % {"type": (request.content_type or "?")[:100]},
            )
        try:
            body = request.POST
        except RequestDataTooBig as exc:
            raise Open311Error(413, _("The request body is too large.")) from exc
        except (SuspiciousOperation, MultiPartParserError, UnreadablePostError) as exc:
            raise Open311Error(400, _("The request body could not be read.")) from exc
        for key, values in body.lists():
            params.setlist(key, values)
    for key, values in params.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            raise Open311Error(400, _("Parameters must not contain NUL characters."))
    return params


def text(params: QueryDict, name: str) -> str | None:
    """The parameter's value, stripped; None when absent or empty."""
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def listed(params: QueryDict, name: str) -> list[str]:
    """The values of a list parameter: comma separated and/or repeated, empty items dropped,
    order kept, duplicates removed."""
    out: list[str] = []
    for raw in params.getlist(name):
        for part in raw.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def parse_datetime(value: str, what: str) -> datetime:
    """An ISO 8601 date and time with its offset from UTC. Raises Open311Error (400) for
    anything else, a date and time without an offset included: guessing the zone would move
    the moment by hours for a client elsewhere."""
    raw = value.strip()
    m = _SPACE_FOR_PLUS.match(raw)
    if m:
        raw = f"{m.group(1)}+{m.group(2)}"
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise Open311Error(
            400,
            _("%(what)s is not a date and time in ISO 8601 (e.g. 2010-01-01T00:00:00Z).")
            % {"what": what},
        ) from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise Open311Error(
            400,
            _(
                "%(what)s has no time zone: add Z for UTC or an offset such as +08:00"
                " (e.g. 2010-01-01T00:00:00+08:00)."
            )
            % {"what": what},
        )
    if not 1900 <= parsed.year <= 2999:
        # Far enough for any real request, and far from the ends of the calendar, where
        # moving a moment by its offset or by a 90-day window would overflow.
        raise Open311Error(
            400, _("%(what)s must be between the years 1900 and 2999.") % {"what": what}
        )
    return parsed
