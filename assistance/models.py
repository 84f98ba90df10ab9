"""The assistance module's rows (困难帮扶): households in hardship and their members, the
programmes that help them, applications from registration to payment, and the evidence of
each step (visits, committee reviews, objections, payments).

Rows are changed only by `assistance.lifecycle`; households and applications are versioned
with a timeline (`minsheng.records`), the evidence rows are append-only except an objection's
answer, which is written once. Personal data is encrypted at rest; an ID number is found by
its keyed hash."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.models import AppendOnlyModel
from minsheng.fields import EncryptedTextField
from minsheng.records import TimelineBase, Versioned
from orgs.models import Unit


class HardshipType(models.TextChoices):
    ILLNESS = "illness", _("Serious illness")
    DISABILITY = "disability", _("Disability")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    SINGLE_PARENT = "single_parent", _("Single parent")
    LOW_PENSION = "low_pension", _("Low pension")
    SCHOOL_COSTS = "school_costs", _("School costs")
    DISASTER = "disaster", _("Disaster")
    OTHER = "other", _("Other hardship")


class HouseholdStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SUPPORTED = "supported", _("Receiving support")
    CLOSED = "closed", _("Closed")


class Household(Versioned):
    """A household in hardship (困难户). Changed only by `assistance.lifecycle`."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="households", verbose_name=_("unit")
    )
    head_name = EncryptedTextField(_("head of household"))
    id_number = EncryptedTextField(_("ID number"))
    # The keyed hash of the normalised ID number: finds a second registration of one person.
    id_hash = models.CharField(max_length=64, unique=True)
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")
    hardship_types = models.JSONField(_("hardship types"), default=list)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=HouseholdStatus.choices,
        default=HouseholdStatus.REGISTERED,
    )
    closed_reason = models.TextField(_("reason for closing"), blank=True, default="")
    consent = models.TextField(_("consent given"))
    consent_at = models.DateTimeField(_("consent given on"))
    created = models.DateTimeField(_("registered"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="household_unit_status")]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.code

    def hardship_labels(self) -> list[str]:
        labels = dict(HardshipType.choices)
        return [str(labels.get(t, t)) for t in self.hardship_types]

    def stale_message(self) -> str:
        from django.utils.translation import gettext

        return gettext(
            "Someone else changed this household after you opened it. Nothing was saved;"
            " reload the page to see the change and try again."
        )

    def audit_data(self) -> dict[str, object]:
        return {"status": self.status, "version": self.version}


class HouseholdEventKind(models.TextChoices):
    REGISTERED = "registered", _("Household registered")
    CHANGED = "changed", _("Household changed")
    MEMBER_ADDED = "member_added", _("Member added")
    CLOSED = "closed", _("Household closed")
    SUPPORTED = "supported", _("Support started")
    SUPPORT_ENDED = "support_ended", _("Support ended")
    REOPENED = "reopened", _("Household reopened")


class HouseholdEvent(TimelineBase):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=HouseholdEventKind.choices)

    class Meta(TimelineBase.Meta):
        indexes = [models.Index(fields=["household", "created"], name="household_event")]


Household.timeline_model = HouseholdEvent
Household.timeline_fk = "household"
Household.audit_prefix = "household"


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other relative")


class Health(models.TextChoices):
    GOOD = "good", _("Good")
    CHRONIC = "chronic", _("Chronic illness")
    SERIOUS = "serious", _("Serious illness")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    UNABLE = "unable", _("Unable to work")


class Member(models.Model):
    """A person in a household. Income is by source: {"wage": "1200.00", "pension": "800"}."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    relation = models.CharField(_("relation"), max_length=8, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    health = models.CharField(
        _("health"), max_length=8, choices=Health.choices, default=Health.GOOD
    )
    disability = models.BooleanField(_("disability"), default=False)
    employment = models.CharField(_("employment"), max_length=12, choices=Employment.choices)
    income = models.JSONField(_("monthly income by source"), default=dict, blank=True)
    # The sum of `income`, written with it, so that a rule over the register is one query.
    monthly_income = models.DecimalField(
        _("monthly income"), max_digits=12, decimal_places=2, default=0
    )

    class Meta:
        ordering = ["household", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.household_id}/{self.relation}"


class ProgrammeKind(models.TextChoices):
    LIVING = "living", _("Monthly living allowance")
    MEDICAL = "medical", _("Medical aid")
    EDUCATION = "education", _("Education aid")
    FESTIVAL = "festival", _("Festival condolence payment")
    EMERGENCY = "emergency", _("Emergency aid")


class Period(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class Programme(models.Model):
    """A way of helping: who is eligible, how much, from which budget per period."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ProgrammeKind.choices)
    budget = models.DecimalField(_("budget per period"), max_digits=14, decimal_places=2)
    budget_period = models.CharField(
        _("budget period"), max_length=8, choices=Period.choices, default=Period.YEAR
    )
    eligibility = models.TextField(_("eligibility rule"), blank=True, default="")
    benefit = models.TextField(_("benefit rule"), blank=True, default="")
    units = models.ManyToManyField(Unit, related_name="programmes", verbose_name=_("units"))
    reverify = models.CharField(
        _("re-verification"), max_length=8, choices=Period.choices, default=Period.YEAR
    )
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"), default=7)
    active = models.BooleanField(_("active"), default=True)
    # Bumped by each change in the console: two administrators editing at once, the second
    # is told rather than overwriting the first (lifecycle.save_programme).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from assistance.rules import RuleError, parse

        rules: tuple[tuple[str, Literal["bool", "number"]], ...] = (
            ("eligibility", "bool"),
            ("benefit", "number"),
        )
        for name, expect in rules:
            text = getattr(self, name)
            if text.strip():
                try:
                    parse(text, expect=expect, values={"hardship": HardshipType.values})
                except RuleError as exc:
                    raise ValidationError({name: str(exc)}) from exc


class Channel(models.TextChoices):
    HOUSEHOLD = "household", _("By the household")
    STAFF = "staff", _("By a staff member")
    GRIEVANCE = "grievance", _("Referred from a grievance")


class AppState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    VERIFIED = "verified", _("Verified by a visit")
    REVIEWED = "reviewed", _("Reviewed by the committee")
    ON_NOTICE = "on_notice", _("On public notice")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Paid")
    ENDED = "ended", _("Support ended")


class Application(Versioned):
    """A household's application to a programme. Changed only by `assistance.lifecycle`."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("household"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("programme"),
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    grievance = models.ForeignKey(
        "grievances.Grievance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred from grievance"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=AppState.choices, default=AppState.APPLIED
    )
    reason = models.TextField(_("reason"), blank=True, default="")
    amount = models.DecimalField(
        _("proposed amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notice_starts = models.DateTimeField(_("notice published"), null=True, blank=True)
    notice_ends = models.DateTimeField(_("notice ends"), null=True, blank=True)
    # The name as published (张*明), written when the notice is: the public page reads it
    # without decrypting anything, and it records what the public was shown.
    notice_name = models.CharField(_("name as published"), max_length=50, blank=True, default="")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The next re-verification (动态管理) of supported households, on the programme's schedule;
    # None before approval and after support ends.
    next_check = models.DateField(_("next re-verification"), null=True, blank=True)
    created = models.DateTimeField(_("applied"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["programme", "state"], name="application_prog_state"),
            models.Index(
                fields=["notice_starts"],
                condition=models.Q(state="on_notice"),
                name="application_on_notice",
            ),
            models.Index(
                fields=["next_check"],
                condition=models.Q(next_check__isnull=False),
                name="application_next_check",
            ),
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return self.code

    def stale_message(self) -> str:
        from django.utils.translation import gettext

        return gettext(
            "Someone else changed this application after you opened it. Nothing was saved;"
            " reload the page to see the change and try again."
        )

    def audit_data(self) -> dict[str, object]:
        return {"state": self.state, "version": self.version}


class ApplicationEventKind(models.TextChoices):
    APPLIED = "applied", _("Applied")
    VISITED = "visited", _("Home visit recorded")
    REVIEWED = "reviewed", _("Committee decision")
    PUBLISHED = "published", _("Public notice published")
    OBJECTION = "objection", _("Objection lodged")
    ANSWERED = "answered", _("Objection answered")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Payment made")
    REVERIFIED = "reverified", _("Re-verified")
    ENDED = "ended", _("Support ended")


class ApplicationEvent(TimelineBase):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=ApplicationEventKind.choices)

    class Meta(TimelineBase.Meta):
        indexes = [models.Index(fields=["application", "created"], name="application_event")]


Application.timeline_model = ApplicationEvent
Application.timeline_fk = "application"
Application.audit_prefix = "application"


class Visit(AppendOnlyModel):
    """A home visit (入户核查) and what it found."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("date of the visit"))
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["visited_on", "id"]


class Decision(models.TextChoices):
    SUPPORT = "support", _("Support")
    REJECT = "reject", _("Do not support")


class CommitteeReview(AppendOnlyModel):
    """The committee's (评议小组) review: who sat, how they voted, what they decided."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    members = models.TextField(_("committee members"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reasons = models.TextField(_("reasons"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]


class Objection(models.Model):
    """An objection to a public notice, from anyone, anonymous allowed. Written once and
    answered once (`assistance.lifecycle.answer_objection`); approval waits for the answer."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="objections"
    )
    text = models.TextField(_("objection"))
    name = EncryptedTextField(_("name"), blank=True, default="")
    contact = EncryptedTextField(_("contact"), blank=True, default="")
    lodged_at = models.DateTimeField(_("lodged"))
    # The portal form's one-time token: the same form sent twice is one objection.
    once = models.CharField(max_length=64, null=True, blank=True, unique=True)
    answer = models.TextField(_("answer"), blank=True, default="")
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["lodged_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.application_id}/{self.pk}"


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")


class Payment(AppendOnlyModel):
    """One row of the disbursement ledger. Never changed; a correction is a new row."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("date paid"))
    method = models.CharField(_("method"), max_length=8, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["paid_on", "id"]
        indexes = [models.Index(fields=["programme", "paid_on"], name="payment_prog_date")]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
