"""The duty module's console pages, under /console/duty/ (namespace `duty`)."""

from __future__ import annotations

from django.urls import path

from duty.views import roster

app_name = "duty"

urlpatterns = [
    # ---- roster ----
    path("", roster.now, name="now"),
    # ---- incidents ----
]
