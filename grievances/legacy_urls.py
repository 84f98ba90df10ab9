"""The grievance pages' addresses before they moved under /console/grievances/.

Links in e-mails, notices and bookmarks still point at /console/queue/, /console/case/<code>/
and the like. Each old address answers with a permanent redirect (308, so a POST is re-posted
to the new address rather than turned into a GET) to the same page under its new name, with
the query string kept. The old /console/ itself (then "My cases") is now the shell's to-do
page, so it has no redirect here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import path, reverse


class HttpResponsePermanentRedirectKeepMethod(HttpResponsePermanentRedirect):
    status_code = 308


def moved(request: HttpRequest, *, to: str, **kwargs: object) -> HttpResponsePermanentRedirect:
    url = reverse(f"grievances:{to}", kwargs=kwargs)
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirectKeepMethod(url)


# (old route under /console/, the page's name in the `grievances` namespace)
OLD_ROUTES = [
    ("queue/", "queue"),
    ("supervised/", "supervised"),
    ("new/", "register"),
    ("new/<code:code>/receipt/", "receipt"),
    ("scorecard/", "scorecard"),
    ("case/<code:code>/", "case"),
    ("case/<code:code>/identity/", "identity"),
    ("case/<code:code>/attachment/<int:pk>/", "attachment"),
    ("case/<code:code>/act/<str:action>/", "act"),
    ("extension/<int:pk>/decide/", "decide_extension"),
]

urlpatterns = [path(route, moved, {"to": name}) for route, name in OLD_ROUTES]
