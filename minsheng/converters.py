from __future__ import annotations


class ReceiptCodeConverter:
    """A receipt code in a URL: letters, digits and dashes. Anything else (a NUL byte, a
    quote, 5,000 characters) is no page at all, a 404, before any view or database sees it."""

    regex = "[A-Za-z0-9-]{1,30}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
