"""The console's search page, mounted at /console/search/ (namespace `search`)."""

from __future__ import annotations

from django.urls import path

from grievances.views import search

app_name = "search"
urlpatterns = [path("", search.results, name="results")]
