"""Static files served by WhiteNoise, without its "No directory at var/static/" warning.

`STATIC_ROOT` (var/static) holds what `minsheng collectstatic` writes for production. The
demo and development never run it, and need not: WHITENOISE_USE_FINDERS serves the files
from the apps and `static/` directly. WhiteNoise still warns at every start that the
directory is missing; this middleware passes over a missing STATIC_ROOT when the finders
serve the files, and keeps the warning otherwise (a production setup that serves only
collected files and forgot to collect them)."""

from __future__ import annotations

import os
from typing import Any

from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def add_files(self, root: Any, prefix: str | None = None) -> None:
        static_root = getattr(self, "static_root", None)
        missing = not os.path.isdir(root)
        if (
            missing
            and self.use_finders
            and static_root
            and os.fspath(root) == os.fspath(static_root)
        ):
            return
        super().add_files(root, prefix=prefix)
