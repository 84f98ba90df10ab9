"""What the API says about cases, units and categories. Never a complainant's name, phone,
ID number, address or e-mail: no serializer here has a field that could carry one."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grievances import timeline
from grievances.actions import TEXT_KINDS
from grievances.deadlines import step_due
from grievances.models import (
    Channel,
    DueKind,
    EventKind,
    Grievance,
    IdentityMode,
    Kind,
    Rating,
    Reply,
    State,
    TimelineEvent,
)
from minsheng.workdays import due_status

DUE_STATUS = [("", "not due soon"), ("due_soon", "due soon"), ("overdue", "overdue")]


class DeadlinesSerializer(serializers.Serializer):
    accept_due = serializers.DateField(help_text="Acceptance to be decided by.")
    resolve_due = serializers.DateField(allow_null=True, help_text="Reply due by.")
    feedback_due = serializers.DateField(allow_null=True, help_text="Feedback window ends.")
    review_window_due = serializers.DateField(
        allow_null=True, help_text="A review may be asked for until."
    )
    review_due = serializers.DateField(allow_null=True, help_text="Review to be decided by.")
    next_due = serializers.DateField(allow_null=True, help_text="The next deadline of any kind.")
    next_due_kind = serializers.ChoiceField(
        choices=[("", "none"), *DueKind.choices], help_text="Which step `next_due` is for."
    )
    due_status = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=DUE_STATUS))
    def get_due_status(self, g: Grievance) -> str:
        return due_status(g.next_due)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def deadlines(g: Grievance) -> dict[str, Any]:
    """What DeadlinesSerializer says, built directly: a list page has fifty of them, and a
    nested serializer per row would cost more than the rest of the row."""
    return {
        "accept_due": _iso(g.accept_due),
        "resolve_due": _iso(g.resolve_due),
        "feedback_due": _iso(g.feedback_due),
        "review_window_due": _iso(g.review_window_due),
        "review_due": _iso(g.review_due),
        "next_due": _iso(g.next_due),
        "next_due_kind": g.next_due_kind,
        "due_status": due_status(g.next_due),
    }


class GrievanceSummarySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The receipt code, e.g. ABCD-EFGH-JKMN.")
    subject = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.CharField(source="category.code", allow_null=True)
    unit = serializers.CharField(source="unit.code", help_text="The code of the unit handling it.")
    received_at = serializers.DateTimeField()
    headcount = serializers.IntegerField(help_text="How many people the case concerns.")
    is_collective = serializers.BooleanField()
    is_skip_level = serializers.BooleanField()
    review_level = serializers.IntegerField(help_text="0: none, 1: review, 2: re-review.")
    rating = serializers.ChoiceField(choices=[("", "not rated"), *Rating.choices])
    version = serializers.IntegerField(
        help_text="Pass it back to an action to refuse stale writes."
    )
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(DeadlinesSerializer)
    def get_deadlines(self, g: Grievance) -> dict[str, Any]:
        out = deadlines(g)
        if self.context.get("promised"):
            # The complainant's view: the open step's own deadline, not a supervision date.
            due, kind = step_due(g)
            out.update(next_due=_iso(due), next_due_kind=kind if due else "")
            out["due_status"] = due_status(due)
        return out


class TimelineEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    # `label` and `parent` are also attributes of every DRF Field; as declared fields they
    # are taken out of the class by the serializer's metaclass, which mypy cannot see.
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    date = serializers.DateTimeField(source="created")
    by_staff = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()

    def get_label(self, e: TimelineEvent) -> str:
        """The kind's label, with the outcome of a review or extension decision."""
        return timeline.title(e)

    def get_by_staff(self, e: TimelineEvent) -> bool:
        return e.actor_id is not None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, e: TimelineEvent) -> str | None:
        """The text of the kinds the portal shows (receipt, acceptance, decline, reply,
        review decision, rating); visit summaries and the like are written for staff."""
        return e.text if e.kind in TEXT_KINDS and e.text else None


class ReplySerializer(serializers.Serializer):
    date = serializers.DateTimeField(source="created")
    review_level = serializers.IntegerField(
        help_text="0: the reply; 1: a review (复查) opinion; 2: a re-review (复核) opinion."
    )
    sent_back = serializers.BooleanField(
        help_text="A review opinion that sent the case back to be handled again (it does not"
        " answer the case; a new reply will)."
    )
    facts = serializers.CharField(help_text="Empty in a review opinion.")
    decision = serializers.CharField()
    reasons = serializers.CharField()
    policy = serializers.CharField(help_text="The policy applied; may be empty.")


class GrievanceDetailSerializer(GrievanceSummarySerializer):
    description = serializers.CharField()
    location = serializers.CharField()
    identity_mode = serializers.ChoiceField(
        choices=IdentityMode.choices, help_text="How the complainant chose to be known."
    )
    merged_into = serializers.CharField(
        source="merged_into.code",
        allow_null=True,
        help_text="The collective case this one was merged into, whose reply answers it.",
    )
    timeline = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, g: Grievance) -> list[Any]:
        events = g.events.filter(public=True).order_by("created", "id")
        return list(TimelineEventSerializer(events, many=True).data)

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, g: Grievance) -> list[Any]:
        # A case merged into a collective case is answered by the collective case's reply.
        cases = [pk for pk in (g.pk, g.merged_into_id) if pk is not None]
        replies = Reply.objects.filter(grievance_id__in=cases).order_by("created", "id")
        return list(ReplySerializer(replies, many=True).data)


class GrievancePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null.")
    results = GrievanceSummarySerializer(many=True)


class CreatedSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The receipt code.")
    secret = serializers.CharField(
        help_text="The tracking secret: shown in this response only, stored only as a hash."
    )
    state = serializers.ChoiceField(choices=State.choices)
    unit = serializers.CharField(help_text="The code of the unit the case went to.")
    received_at = serializers.DateTimeField()
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(DeadlinesSerializer)
    def get_deadlines(self, created: dict[str, Any]) -> dict[str, Any]:
        return dict(created["deadlines"])


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    parent = serializers.CharField(source="parent.code", allow_null=True)  # type: ignore[assignment]
    level = serializers.IntegerField(help_text="0 at the top of the tree.")


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    parent = serializers.CharField(source="parent.code", allow_null=True)  # type: ignore[assignment]


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    created = serializers.DateTimeField()


class AttachmentsSerializer(serializers.Serializer):
    attachments = AttachmentSerializer(many=True)
