"""The grievance list's query string: every parameter checked, none ignored. A value that is
not valid, a parameter given twice, or one the list does not know is a 400 that names it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from api.rest.pagination import MAX_LIMIT
from grievances.models import Category, Channel, Grievance, Kind, State
from minsheng.workdays import due_soon_days, local_date
from orgs.models import Unit
from orgs.scoping import subtree_ids

MAX_ID = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1900, 9000


class ListQuery(serializers.Serializer):
    """`context["units"]`: the units the caller may filter by."""

    state = serializers.ChoiceField(choices=State.choices, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    category = serializers.CharField(required=False, max_length=32, help_text="A category code.")
    unit = serializers.CharField(
        required=False,
        max_length=32,
        help_text="A unit code (or id): cases of that unit and every unit below it.",
    )
    received_from = serializers.DateField(required=False, help_text="YYYY-MM-DD, inclusive.")
    received_to = serializers.DateField(required=False, help_text="YYYY-MM-DD, inclusive.")
    due = serializers.ChoiceField(
        choices=[("soon", "due within 3 days"), ("overdue", "overdue")], required=False
    )
    collective = serializers.BooleanField(required=False, allow_null=True)
    skip_level = serializers.BooleanField(required=False, allow_null=True)
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_LIMIT, help_text="Page size (default 50)."
    )
    cursor = serializers.CharField(
        required=False, max_length=1000, help_text="From a page's `next` or `previous` link."
    )

    def to_internal_value(self, data: Any) -> Any:
        errors: dict[str, list[str]] = {}
        for name in data:
            if name not in self.fields:
                errors[str(name)] = [_("Unknown parameter.")]
            elif hasattr(data, "getlist") and len(data.getlist(name)) > 1:
                errors[str(name)] = [_("Give this parameter once.")]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def validate_category(self, value: str) -> Category:
        category = Category.objects.filter(code=value).first()
        if category is None:
            raise serializers.ValidationError(_("No such category."))
        return category

    def validate_unit(self, value: str) -> Unit:
        units: QuerySet[Unit] = self.context["units"]
        unit = units.filter(code=value).first()
        if unit is None and value.isdigit() and int(value) <= MAX_ID:
            unit = units.filter(pk=int(value)).first()
        if unit is None:
            raise serializers.ValidationError(_("No such unit among those you may see."))
        return unit

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("received_from"), attrs.get("received_to")
        for name, day in (("received_from", start), ("received_to", end)):
            # Far outside any case's dates, and beyond what the time-zone arithmetic can do.
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise serializers.ValidationError(
                    {
                        name: [
                            _("Give a date between %(a)d and %(b)d.")
                            % {"a": FIRST_YEAR, "b": LAST_YEAR}
                        ]
                    }
                )
        if start and end and start > end:
            raise serializers.ValidationError(
                {"received_to": [_("The end date is before the start date.")]}
            )
        return attrs

    def apply(self, qs: QuerySet[Grievance]) -> QuerySet[Grievance]:
        d = self.validated_data
        for name in ("state", "kind", "channel", "category"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("unit"):
            qs = qs.filter(unit_id__in=subtree_ids(d["unit"]))
        # Whole local days, as a range on the column itself so its index serves the query.
        if d.get("received_from"):
            qs = qs.filter(received_at__gte=_start_of(d["received_from"]))
        if d.get("received_to"):
            qs = qs.filter(received_at__lt=_start_of(d["received_to"] + timedelta(days=1)))
        today = local_date()
        if d.get("due") == "overdue":
            qs = qs.filter(next_due__lt=today)
        elif d.get("due") == "soon":
            qs = qs.filter(next_due__gte=today, next_due__lte=today + timedelta(due_soon_days()))
        if d.get("collective") is not None:
            qs = qs.filter(is_collective=d["collective"])
        if d.get("skip_level") is not None:
            qs = qs.filter(is_skip_level=d["skip_level"])
        return qs


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
