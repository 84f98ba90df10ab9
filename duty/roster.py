"""The duty roster's steps and reads (see `docs/duty.md`).

`on_duty(unit, at)` is the door other parts use (the escalation chain, "who is on duty now",
the API): the shift covering a moment at a unit, if any."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from duty.models import Shift
from orgs.models import Unit


def on_duty(unit: Unit, at: datetime | None = None) -> Shift | None:
    """The shift covering `at` (default: now) at `unit`, with its officer and leader."""
    at = at or timezone.now()
    return (
        Shift.objects.filter(unit=unit, starts__lte=at, ends__gt=at)
        .select_related("officer", "leader", "unit")
        .order_by("starts")
        .first()
    )


def on_duty_at(units: Iterable[Unit], at: datetime | None = None) -> dict[int, Shift]:
    """For each unit, the shift covering `at`, in one query: unit id → shift."""
    at = at or timezone.now()
    ids = [u.pk for u in units]
    rows = Shift.objects.filter(unit_id__in=ids, starts__lte=at, ends__gt=at).select_related(
        "officer", "leader"
    )
    return {s.unit_id: s for s in rows.order_by("-starts")}
