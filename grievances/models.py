from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from audit.models import AppendOnlyModel
from minsheng.fields import EncryptedTextField
from minsheng.records import TimelineBase, Versioned
from minsheng.workdays import DayType
from orgs.models import Unit

SUBJECT_MAX = 200
DESCRIPTION_MAX = 5000
TEXT_MAX = 5000


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
    WEB = "web", _("Web portal")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    IMPORT = "import", _("Import")


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    HELP = "help", _("Request for help")
    SUGGESTION = "suggestion", _("Suggestion")
    WRONGDOING = "wrongdoing", _("Report of wrongdoing")
    LITIGATION = "litigation", _("Litigation-related")


class IdentityMode(models.TextChoices):
    NAMED = "named", _("Named")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    DECLINED = "declined", _("Declined")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")
    UNDER_REVIEW = "under_review", _("Under review")
    MERGED = "merged", _("Merged into a collective case")


OPEN_STATES = (
    State.RECEIVED,
    State.ACCEPTED,
    State.ASSIGNED,
    State.IN_PROGRESS,
    State.UNDER_REVIEW,
)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class DueKind(models.TextChoices):
    ACCEPT = "accept", _("Decide acceptance")
    RESOLVE = "resolve", _("Reply")
    FEEDBACK = "feedback", _("Feedback window ends")
    REVIEW = "review", _("Decide review")


class Category(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class DeadlinePolicy(models.Model):
    """Time limits for a kind and/or category; the most specific active policy applies.
    A policy with neither kind nor category is the default."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    day_type = models.CharField(
        _("counted in"), max_length=16, choices=DayType.choices, default=DayType.CALENDAR
    )
    accept_days = models.PositiveSmallIntegerField(_("days to decide acceptance"), default=15)
    resolve_days = models.PositiveSmallIntegerField(_("days to resolve"), default=60)
    max_extension_days = models.PositiveSmallIntegerField(_("longest extension"), default=30)
    feedback_days = models.PositiveSmallIntegerField(_("feedback window"), default=30)
    review_window_days = models.PositiveSmallIntegerField(_("window to ask for review"), default=30)
    review_decide_days = models.PositiveSmallIntegerField(_("days to decide a review"), default=30)
    max_returns = models.PositiveSmallIntegerField(_("most returns of a misrouted case"), default=2)
    escalation_days = models.PositiveSmallIntegerField(
        _("days between escalation steps"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_(
            "An overdue step goes to the case owner, then the unit head, then the head of each"
            " unit above, one level after this many days, until someone acts."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "category"], name="policy_unique_scope"),
            models.CheckConstraint(
                condition=models.Q(escalation_days__gte=1), name="policy_escalation_positive"
            ),
        ]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self) -> str:
        return f"{self.get_kind_display() or '*'} / {self.category or '*'}"


class RoutingRule(models.Model):
    """Where a grievance that comes in at the top goes: a category (and the categories under
    it), optionally narrowed to places, to the unit responsible. Kept by an administrator;
    applied at intake by grievances/routing.py."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional. Words for the place, separated by commas (for example: 三车间,"
            " Workshop No. 3). The rule applies when one of them appears in where the"
            " grievance says the problem is. Empty: any place."
        ),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category__code", "place", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "place"],
                name="routing_rule_unique_scope",
                violation_error_message=_("There is already a rule for this category and place."),
            )
        ]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        where = f" · {self.place}" if self.place else ""
        return f"{self.category}{where} → {self.unit}"

    def clean(self) -> None:
        self.place = ", ".join(place_words(self.place))

    def words(self) -> list[str]:
        return place_words(self.place)


def place_words(value: str) -> list[str]:
    """The words of a rule's place: split at commas (Chinese ones too), semicolons and
    enumeration commas, trimmed, without empties or repeats."""
    parts = (w.strip() for w in re.split(r"[,，;；、]", value))
    return list(dict.fromkeys(w for w in parts if w))


class Complainant(models.Model):
    """A person who brings grievances. Every personal field is encrypted at rest; phone and ID
    number are also kept as keyed hashes for lookup. Nothing here rates or flags the person."""

    name = EncryptedTextField(_("name"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self) -> str:
        return f"Complainant #{self.pk}"


class Grievance(Versioned):
    code = models.CharField(_("receipt code"), max_length=24, unique=True)
    secret_hash = models.CharField(max_length=128, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    location = models.CharField(_("location"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="grievances", verbose_name=_("unit")
    )
    arrival_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lodged at"),
        null=True,
        blank=True,
    )
    is_skip_level = models.BooleanField(_("skip-level"), default=False)
    # Came in at the top without the person choosing a unit, and placed by the routing
    # rules (or sent to the intake desk): the arrival was not the person's choice, so the
    # case is never skip-level (grievances/routing.py: is_skip_level).
    routed = models.BooleanField(_("routed by rule"), default=False)
    dispatched_from = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    return_count = models.PositiveSmallIntegerField(default=0)
    routing_disputed = models.BooleanField(_("routing disputed"), default=False)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_grievances",
        verbose_name=_("owner"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_grievances",
        verbose_name=_("handler"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    identity_mode = models.CharField(
        _("identity"), max_length=16, choices=IdentityMode.choices, default=IdentityMode.NAMED
    )
    complainant = models.ForeignKey(
        Complainant, on_delete=models.PROTECT, null=True, blank=True, related_name="grievances"
    )
    headcount = models.PositiveIntegerField(_("number of people"), default=1)
    is_collective = models.BooleanField(_("collective"), default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_cases"
    )
    repeat_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="repeats"
    )

    state = models.CharField(_("state"), max_length=16, choices=State.choices)

    received_at = models.DateTimeField(_("received"))
    accept_due = models.DateField(_("acceptance due"))
    decided_at = models.DateTimeField(_("acceptance decided"), null=True, blank=True)
    resolve_due = models.DateField(_("reply due"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(default=0)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    feedback_due = models.DateField(_("feedback window ends"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    rating_by_callback = models.BooleanField(default=False)
    review_level = models.PositiveSmallIntegerField(default=0)
    review_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_window_due = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    reopened = models.BooleanField(default=False)
    supervised = models.BooleanField(_("supervised"), default=False)

    # The next deadline, kept on the row for the sweep and the "due soon / overdue" filters.
    next_due = models.DateField(null=True, blank=True)
    next_due_kind = models.CharField(max_length=16, choices=DueKind.choices, blank=True)

    # Escalation of an overdue step (grievances/sweeps.py): 0 none, 1 the owner, 2 the heads
    # of the case's unit, 3 and up the heads of the units above. `escalate_at` is when the
    # next level is due; `escalated_to` the unit whose heads it has reached. A new deadline
    # (the step taken, an extension) starts afresh: events.save resets these with next_due.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalate_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalation_interval = models.DurationField(default=timedelta(days=2))
    # The due date the "due soon" notice went out for, so it goes out once per deadline.
    warned_due = models.DateField(null=True, blank=True)
    # The sweep that claimed the row last (a conditional UPDATE marks the rows it takes).
    sweep_claim = models.CharField(max_length=32, blank=True, default="")
    # Closed cases whose review window has ended have been told the decision is final.
    review_window_closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "-received_at"], name="g_unit_received"),
            models.Index(fields=["-received_at", "-id"], name="g_received"),
            models.Index(fields=["owner", "-received_at"], name="g_owner_received"),
            models.Index(fields=["handler", "-received_at"], name="g_handler_received"),
            models.Index(fields=["next_due"], name="g_next_due"),
            models.Index(fields=["state", "unit"], name="g_state_unit"),
            # The lists' sorts by deadline and by state (grievances/filters.py SORTS).
            models.Index(fields=["next_due", "id"], name="g_next_due_id"),
            models.Index(fields=["state", "-received_at", "-id"], name="g_state_received"),
            # Few cases are ever under review. Without this index the planner's statistics
            # count the NULLs as one huge value, and a scope's OR of units, owner, handler
            # and review unit looks costlier than reading the whole table.
            models.Index(
                fields=["review_unit"],
                condition=models.Q(review_unit__isnull=False),
                name="g_review_unit_set",
            ),
            # The escalation sweep's second condition (first escalations use g_next_due).
            models.Index(
                fields=["escalate_at"],
                condition=models.Q(escalate_at__isnull=False),
                name="g_escalate_at",
            ),
            models.Index(
                fields=["escalated_to"],
                condition=models.Q(escalated_to__isnull=False),
                name="g_escalated_to_set",
            ),
            models.Index(
                fields=["sweep_claim"], condition=~models.Q(sweep_claim=""), name="g_sweep_claim"
            ),
            models.Index(
                fields=["review_window_due"],
                condition=models.Q(review_window_closed=False, review_window_due__isnull=False),
                name="g_review_window_open",
            ),
            # The scorecard's cases still waiting for their acceptance decision past the
            # deadline (counted live, as of today): a few among a million.
            models.Index(
                fields=["unit", "accept_due"],
                condition=models.Q(state="received", decided_at__isnull=True),
                name="g_undecided_due",
            ),
        ]
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def stale_message(self) -> str:
        from django.utils.translation import gettext

        return gettext(
            "Someone else changed this case after you opened it. Nothing was saved; reload the"
            " page to see the change and try again."
        )

    def audit_data(self) -> dict[str, object]:
        return {"state": self.state, "version": self.version}


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ASSIGNED = "assigned", _("Owner and handler assigned")
    VISIT = "visit", _("Outreach visit")
    APPOINTMENT = "appointment", _("Appointment")
    DIALOGUE = "dialogue", _("Dialogue")
    NOTE = "note", _("Internal note")
    TRANSFERRED = "transferred", _("Transferred")
    RETURNED = "returned", _("Returned to the dispatching unit")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_DECIDED = "extension_decided", _("Extension decided")
    REPLIED = "replied", _("Replied")
    RATED = "rated", _("Rated")
    CALLBACK = "callback", _("Callback")
    CLOSED = "closed", _("Closed")
    REVIEW_REQUESTED = "review_requested", _("Review requested")
    REVIEW_DECIDED = "review_decided", _("Review decided")
    MERGED = "merged", _("Merged")
    SUPERVISED = "supervised", _("Placed under supervision")
    SUPERVISION_REPORT = "supervision_report", _("Progress report to supervisor")
    ATTACHMENT = "attachment", _("Attachment added")
    ESCALATED = "escalated", _("Overdue step escalated")
    REVIEW_WINDOW_ENDED = "review_window_ended", _("Window for review ended; the decision is final")
    ROUTED = "routed", _("Sent to the unit responsible")
    LINKED = "linked", _("Linked from another record")


class TimelineEvent(TimelineBase):
    grievance = models.ForeignKey(Grievance, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)

    class Meta(TimelineBase.Meta):
        indexes = [models.Index(fields=["grievance", "created"], name="event_grievance")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.created:%Y-%m-%d}"


Grievance.timeline_model = TimelineEvent
Grievance.timeline_fk = "grievance"
Grievance.audit_prefix = "grievance"


class Reply(AppendOnlyModel):
    """A written reply: what was found, what was decided and why, and the policy applied."""

    grievance = models.ForeignKey(Grievance, on_delete=models.PROTECT, related_name="replies")
    created = models.DateTimeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    facts = models.TextField(_("facts found"), max_length=TEXT_MAX)
    decision = models.TextField(_("decision"), max_length=TEXT_MAX)
    reasons = models.TextField(_("reasons"), max_length=TEXT_MAX)
    policy = models.TextField(_("policy applied"), max_length=TEXT_MAX, blank=True)
    review_level = models.PositiveSmallIntegerField(default=0)
    # A review opinion that sent the case back to be handled again: the complainant reads it
    # as the review's opinion, but it does not answer the case (the new reply will).
    sent_back = models.BooleanField(_("sent back to be handled again"), default=False)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"Reply to {self.grievance_id}"


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    grievance = models.ForeignKey(Grievance, on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"), max_length=TEXT_MAX)
    state = models.CharField(max_length=16, choices=ExtensionState.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The day the deciders were last reminded of this waiting request (sweeps.py).
    reminded_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"+{self.days}d ({self.state})"


class Supervision(models.Model):
    """督办: a unit head or a unit above places a case under supervision with instructions
    and a tighter deadline."""

    grievance = models.ForeignKey(Grievance, on_delete=models.PROTECT, related_name="supervisions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField()
    instructions = models.TextField(_("instructions"), max_length=TEXT_MAX)
    due = models.DateField(_("due"))
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Supervision of {self.grievance_id}"


class Attachment(models.Model):
    grievance = models.ForeignKey(Grievance, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_complainant = models.BooleanField(default=False)
    created = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class ScorecardDay(models.Model):
    """The scorecard's figures for the cases one unit received on one local day (the
    collective case counts, the cases merged into it do not), kept by `grievances.rollups`.
    A day with a row in ScorecardDirty is not trusted: the scorecard computes it live."""

    day = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    received = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    decided_on_time = models.PositiveIntegerField(default=0)
    replied = models.PositiveIntegerField(default=0)
    replied_on_time = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    first_level = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    # Sum over the replied cases of (replied_at - received_at), in microseconds.
    resolve_us = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="scorecard_day_unit_day"),
        ]
        indexes = [models.Index(fields=["day"], name="scorecard_day_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.unit_id}"


class ScorecardDirty(models.Model):
    """A case whose figures changed since the rollup was last refreshed: written by database
    triggers on the grievance table (migration 0004), whatever made the change, so no write
    path can forget it. `received_at` names the day whose rollup is stale, `unit_id` the unit
    (a case moved between units writes one row for each)."""

    received_at = models.DateTimeField()
    # Not a foreign key: the trigger's row must never make deleting or moving anything fail.
    unit_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"stale: cases received {self.received_at}"


class ScorecardState(models.Model):
    """One row: the time zone the rollup's days are counted in, and when it was refreshed.
    No row, or another time zone than the settings', means the rollup is not built: the
    scorecard computes everything live until the worker has rebuilt it."""

    time_zone = models.CharField(max_length=64)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"scorecard rollup in {self.time_zone}"
