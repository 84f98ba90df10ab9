"""Open311 models (service attributes, request tokens); imported by api/models.py."""

from __future__ import annotations
