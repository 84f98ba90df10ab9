"""The audit browser: the log read-only, for auditors and superusers, with the newest result
of the chain check. Only the "check now" button posts, and it changes no record: it brings
the worker's next check forward."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit import verify
from audit.forms import AuditFilterForm
from audit.models import AuditRecord, AuditVerification
from audit.scoping import may_read_audit, visible_audit_records
from grievances.intake import normalise_code
from grievances.models import EventKind
from grievances.scoping import visible_grievances
from minsheng import schedule
from minsheng.staff import staff_user

PAGE_SIZE = 50
# Who acted when no user did: the labels the actions write, as people read them.
ACTOR_LABELS = {
    "complainant": gettext_lazy("Complainant"),
    "public": gettext_lazy("The public (portal)"),
    "system": gettext_lazy("System (worker)"),
    "rekey command": gettext_lazy("Key rotation command"),
}
# The reasons audit/verify.py gives, as people read them.
REASONS = {
    verify.LINK_BROKEN: gettext_lazy("the link to the previous record is broken"),
    verify.CONTENT_CHANGED: gettext_lazy("the content does not match its hash"),
    verify.NUMBER_JUMPS: gettext_lazy("its number does not follow the previous record's"),
    verify.CHECKPOINT_DIFFERS: gettext_lazy("it is not the record the checkpoint names"),
}
GRIEVANCE = "grievances.grievance"
PERSONAL_DATA_VIEWS = ("identity.view",)


def _auditor(request: HttpRequest) -> Any:
    user = staff_user(request)
    if not may_read_audit(user):
        raise PermissionDenied
    return user


def _local_midnight(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(user: Any, d: dict[str, Any]) -> QuerySet[AuditRecord]:
    qs = visible_audit_records(user)
    if d["code"]:
        code = normalise_code(d["code"])
        ids = [
            str(pk)
            for pk in visible_grievances(user).filter(code=code).values_list("pk", flat=True)
        ]
        # The case's own records, and the views of its complainant's identity.
        qs = qs.filter(Q(object_type=GRIEVANCE, object_id__in=ids) | Q(data__grievance=code))
    if d["person"]:
        qs = qs.filter(Q(actor__username__iexact=d["person"]) | Q(actor_label__iexact=d["person"]))
    if d["kind"]:
        qs = qs.filter(action__startswith=d["kind"])
    if d["personal"]:
        qs = qs.filter(action__in=PERSONAL_DATA_VIEWS)
    if d["start"]:
        qs = qs.filter(created__gte=_local_midnight(d["start"]))
    if d["end"]:
        qs = qs.filter(created__lt=_local_midnight(d["end"] + timedelta(days=1)))
    return qs


def _case_codes(user: Any, rows: list[AuditRecord]) -> dict[str, str]:
    """object_id → receipt code for the records about cases on this page (one query)."""
    ids = {r.object_id for r in rows if r.object_type == GRIEVANCE}
    if not ids:
        return {}
    pks = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk): code
        for pk, code in visible_grievances(user).filter(pk__in=pks).values_list("pk", "code")
    }


def _kind_label(action: str) -> str:
    """The kind as people read it: a case event's label, a view of personal data, or the
    kind's own name for the rest (admin changes, unit changes)."""
    if action in PERSONAL_DATA_VIEWS:
        return _("Viewed personal data")
    prefix, _dot, kind = action.partition(".")
    if prefix == "grievance" and kind in EventKind.values:
        return str(EventKind(kind).label)
    return action


def _problems(check: AuditVerification | None) -> list[dict[str, Any]]:
    if check is None:
        return []
    out = []
    for p in check.problems:
        reason = str(p.get("reason", ""))
        if reason in REASONS:
            text = str(REASONS[reason])
        elif reason.startswith("the newest records are missing"):
            text = _("the newest records are missing (the stream ends before its checkpoint)")
        else:
            text = reason
        out.append({"stream": p.get("stream"), "record": p.get("record"), "reason": text})
    return out


def _code_of(r: AuditRecord, codes: dict[str, str]) -> str | None:
    if r.object_type == GRIEVANCE:
        return codes.get(r.object_id)
    code = r.data.get("grievance") if isinstance(r.data, dict) else None
    return code if isinstance(code, str) else None


@never_cache  # the log names who viewed whose personal data
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user = _auditor(request)
    form = AuditFilterForm(request.GET)
    # Filters that do not make sense show their errors and no records, never a 500.
    valid = form.is_valid()
    records = _filtered(user, form.cleaned_data) if valid else AuditRecord.objects.none()
    page = Paginator(records.select_related("actor").order_by("-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    codes = _case_codes(user, rows)
    entries = [
        {
            "record": r,
            "code": _code_of(r, codes),
            "personal": r.action in PERSONAL_DATA_VIEWS,
            "kind": _kind_label(r.action),
            "who": ACTOR_LABELS.get(r.actor_label, r.actor_label) if r.actor is None else None,
            "data": json.dumps(r.data, ensure_ascii=False, sort_keys=True)[:400],
        }
        for r in rows
    ]
    check = AuditVerification.objects.first()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "query": query.urlencode(),
            "check": check,
            "problems": _problems(check),
            "next_check": schedule.next_run("audit.verify"),
        },
    )


@login_required
@require_POST
def check_now(request: HttpRequest) -> HttpResponse:
    """Ask the worker to check the chain at its next tick (once, however often pressed)."""
    _auditor(request)
    schedule.run_soon("audit.verify")
    messages.success(
        request,
        _("The worker will check the chain within a minute; reload this page to see the result."),
    )
    return redirect("audit:log")
