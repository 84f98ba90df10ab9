"""The public notices on the portal, mounted at /notices/ (names `notices`, `notice_objection`)."""

from __future__ import annotations

from django.urls import path

from assistance import public

urlpatterns = [
    path("", public.notices, name="notices"),
    path("<str:code>/object/", public.objection, name="notice_objection"),
]
