"""The API's door to grievances: the console's scope of the acting user, narrowed to the
token's unit subtree when the call is made with a token."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from api.auth import request_token
from grievances.models import Grievance
from grievances.scoping import visible_grievances
from orgs.models import Unit
from orgs.scoping import subtree_ids


def api_grievances(request: Any) -> QuerySet[Grievance]:
    qs = visible_grievances(request.user)
    token = request_token(request)
    if token is not None:
        ids = subtree_ids(token.unit)
        if len(ids) < Unit.objects.count():  # a token of the root unit narrows nothing
            qs = qs.filter(unit_id__in=ids)
    return qs


def api_grievance(request: Any, code: str) -> Grievance:
    try:
        return api_grievances(request).select_related("unit", "category").get(code=code)
    except Grievance.DoesNotExist as exc:
        raise Http404 from exc
