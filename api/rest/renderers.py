"""The JSON renderer of the API, which cannot fail on the text it is given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer


class _AsciiJSONRenderer(JSONRenderer):
    ensure_ascii = True


class SafeJSONRenderer(JSONRenderer):
    """DRF's renderer (UTF-8, Chinese as it is), except that a string which is not text
    (a lone surrogate, which UTF-8 cannot encode) does not turn the answer into a 500: the
    body is then written with ASCII escapes, which every JSON reader decodes to the same
    data. The parser refuses such input, so this is the net under it, not the rule."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return _AsciiJSONRenderer().render(data, accepted_media_type, renderer_context)
