"""Parsers that refuse an oversized body before reading it whole.

DRF's JSON parser reads the stream directly, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE (which
guards `request.body` and form fields) never applies to it. A multipart body is streamed to
temporary files, so its limit is the attachments' own: at most MINSHENG_MAX_ATTACHMENTS files
of MINSHENG_MAX_UPLOAD_BYTES each, with some room for the form's other fields."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is larger than the limit.")
    default_code = "too_large"


def _declared_length(parser_context: Mapping[str, Any] | None) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        return 0


class LimitedJSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _declared_length(parser_context) > limit:
            raise PayloadTooLarge
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise PayloadTooLarge
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except exceptions.ParseError as exc:
            raise exceptions.ParseError(_("The body is not valid JSON.")) from exc
        except RecursionError as exc:  # "[[[[…]]]]" nested deeper than Python recurses
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from exc
        if has_lone_surrogate(data):
            raise exceptions.ParseError(
                _(
                    "The JSON contains an escape of half a character (\\ud800 to \\udfff"
                    " without its other half), which is not text."
                )
            )
        return data


# A UTF-16 surrogate code point on its own. Python's json module turns "\ud800" into one; such
# a string cannot be encoded as UTF-8, stored in PostgreSQL or rendered, so it is refused
# where the body is read, before any field echoes it back in an error.
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(data: Any) -> bool:
    """True if any string in the parsed JSON, object key or value, holds a lone surrogate.
    Walks the document without recursion (a deep document was already accepted by the
    decoder, and must not overflow the stack here)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def multipart_limit() -> int:
    return settings.MINSHENG_MAX_ATTACHMENTS * settings.MINSHENG_MAX_UPLOAD_BYTES + 1024 * 1024


class LimitedMultiPartParser(parsers.MultiPartParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        if _declared_length(parser_context) > multipart_limit():
            raise PayloadTooLarge
        return super().parse(stream, media_type, parser_context)
