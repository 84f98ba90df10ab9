"""Cursor paging of the grievance list: newest first, stable while cases keep arriving."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class GrievanceCursor(CursorPagination):
    ordering = ("-received_at", "-id")
    page_size = DEFAULT_LIMIT
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT

    def decode_cursor(self, request: Request) -> Cursor | None:
        """As DRF's, but a cursor that does not decode, or whose position is not a moment,
        is a 400 on the `cursor` parameter, not a 404 (or a 500 from the query)."""
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise _bad_cursor() from exc
        if cursor is not None and cursor.position is not None:
            try:
                valid = parse_datetime(str(cursor.position)) is not None
            except ValueError:
                valid = False
            if not valid:
                raise _bad_cursor()
        return cursor


def _bad_cursor() -> exceptions.ValidationError:
    return exceptions.ValidationError({"cursor": [_("This cursor is not valid.")]})
