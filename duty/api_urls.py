"""The duty module's REST endpoints, under /api/v1/duty/ (scopes `duty:read`, `duty:act`).
Each path starts with "duty/" (`api/rest/urls.py` lists them under /api/v1/); names start
with "api-duty-"."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = [
    # ---- roster ----
    # ---- incidents ----
]
