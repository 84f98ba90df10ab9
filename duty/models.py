"""The duty module's rows: the roster (shifts, leave, heightened periods, swaps, handovers)
and incident reports (see `docs/duty.md`).

Roster rows are changed only by the actions in `duty.roster`, each audited. Incident reports
describe events (what, where, how many, what was done), never who took part."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from audit.models import AppendOnlyModel
from minsheng.fields import EncryptedTextField
from minsheng.records import TimelineBase, Versioned
from orgs.models import Unit

NOTE_MAX = 5000


class Shift(models.Model):
    """One stretch of duty at a unit: a duty officer (值班员) and, where required, a duty
    leader (带班领导). Shifts of one unit never overlap (checked by `duty.roster`)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("unit")
    )
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_shifts",
        verbose_name=_("duty officer"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_shifts",
        null=True,
        blank=True,
        verbose_name=_("duty leader"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["unit", "starts"]
        indexes = [
            models.Index(fields=["unit", "starts"], name="shift_unit_starts"),
            models.Index(fields=["unit", "ends"], name="shift_unit_ends"),
            models.Index(fields=["officer", "starts"], name="shift_officer_starts"),
            models.Index(fields=["leader", "starts"], name="shift_leader_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="shift_ends_after_start",
                violation_error_message=_("A shift must end after it starts."),
            )
        ]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")

    def __str__(self) -> str:
        return f"{self.unit} {self.starts:%Y-%m-%d %H:%M}"


class Leave(models.Model):
    """Days a staff member is away: the rotation generator skips them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_leave",
        verbose_name=_("staff member"),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["first_day"]
        indexes = [models.Index(fields=["user", "first_day"], name="leave_user_first")]
        verbose_name = _("leave")
        verbose_name_plural = _("leave")

    def __str__(self) -> str:
        return f"{self.user} {self.first_day}–{self.last_day}"


class HeightenedPeriod(models.Model):
    """Dates an administrator adds on which every shift needs a leader and the whole day
    must be covered; public holidays from the calendar count too, without a row
    (`duty.roster.heightened_days`). `unit` empty: every unit."""

    name = models.CharField(_("name"), max_length=100)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Leave empty for every unit."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("heightened period")
        verbose_name_plural = _("heightened periods")

    def __str__(self) -> str:
        return self.name


class SwapState(models.TextChoices):
    PENDING = "pending", _("Waiting for the unit head")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SwapRequest(models.Model):
    """A request that someone else takes (part of) a shift, decided by the unit head."""

    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, related_name="swaps", verbose_name=_("shift")
    )
    role = models.CharField(
        _("role on the shift"),
        max_length=8,
        choices=[("officer", _("duty officer")), ("leader", _("duty leader"))],
        default="officer",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    replacement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("replacement"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(
        _("state"), max_length=12, choices=SwapState.choices, default=SwapState.PENDING
    )
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["state", "shift"], name="swap_state_shift")]
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")

    def __str__(self) -> str:
        return f"{self.shift} → {self.replacement}"


class Handover(models.Model):
    """The note the outgoing officer leaves at the change of shift (what happened, what is
    open), acknowledged by the next officer."""

    shift = models.OneToOneField(
        Shift, on_delete=models.PROTECT, related_name="handover", verbose_name=_("shift")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"))
    happened = models.TextField(_("what happened"), max_length=NOTE_MAX)
    open_items = models.TextField(_("what is still open"), max_length=NOTE_MAX, blank=True)
    next_shift = models.ForeignKey(
        Shift,
        on_delete=models.PROTECT,
        related_name="handovers_received",
        null=True,
        blank=True,
        verbose_name=_("next shift"),
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)

    class Meta:
        ordering = ["-written_at"]
        verbose_name = _("handover note")
        verbose_name_plural = _("handover notes")

    def __str__(self) -> str:
        return f"{self.shift}"


class DutyContact(models.Model):
    """The phone number a staff member is reached on while on duty: shown to staff only
    ("who is on duty now", the roster), encrypted at rest. Set by the person themselves on
    "My duty" (`duty.roster.set_duty_phone`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_contact",
        verbose_name=_("staff member"),
    )
    phone = EncryptedTextField(_("duty phone"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("duty phone")
        verbose_name_plural = _("duty phones")

    def __str__(self) -> str:
        return f"{self.user}"


# ---- incident reports (信息报送): below this line ------------------------------------------

# Incident reports (信息报送). An incident is the event; its reports (initial, follow-up,
# final) are evidence rows, never edited: a correction is a new version of a report, with a
# reason. The incident row carries the facts of its latest report, the deadlines and the
# flags (late 迟报, missing 漏报) that the steps in `duty.incidents` and the sweep in
# `duty.sweeps` set. Nothing here names the people who took part in an event.

INCIDENT_TEXT_MAX = 5000


class IncidentKind(models.TextChoices):
    SAFETY = "safety", _("Safety accident")
    DISASTER = "disaster", _("Natural disaster")
    HEALTH = "health", _("Public health")
    GATHERING = "gathering", _("Public gathering")
    OUTAGE = "outage", _("Service outage")
    OTHER = "other", _("Other")


class Severity(models.IntegerChoices):
    """The four grades of the national classification of emergencies (突发事件分级)."""

    I = 1, _("I (particularly serious)")  # noqa: E741
    II = 2, _("II (serious)")
    III = 3, _("III (relatively serious)")
    IV = 4, _("IV (ordinary)")


class IncidentState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportKind(models.TextChoices):
    INITIAL = "initial", _("Initial report")
    FOLLOW_UP = "follow_up", _("Follow-up report")
    FINAL = "final", _("Final report")


class ReportingDeadline(models.Model):
    """The organisation's reporting deadlines for one severity: the initial report within
    `initial_minutes` of the time the incident became known, the final report within
    `final_days`. A severity without a row uses the defaults (`duty.incidents.DEFAULTS`)."""

    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, unique=True
    )
    initial_minutes = models.PositiveIntegerField(
        _("minutes to the initial report"),
        validators=[MinValueValidator(1)],
        help_text=_("Counted from the time the incident became known."),
    )
    final_days = models.PositiveIntegerField(
        _("days to the final report"),
        validators=[MinValueValidator(1)],
        help_text=_(
            "Counted from the time the incident became known; an incident with no final"
            " report by then is marked missing."
        ),
    )

    class Meta:
        ordering = ["severity"]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")

    def __str__(self) -> str:
        return str(self.get_severity_display())


class EscalationPolicy(models.Model):
    """Who hears of a new report, in which order, until someone acknowledges it: the steps
    (duty officer, duty leader, unit head, the head of each unit above) with a wait between
    them. The most specific policy applies (unit and severity, then unit, then severity,
    then the default with neither); with none at all, `duty.escalation.DEFAULT_STEPS`."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("Leave empty for every unit."),
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        choices=Severity.choices,
        null=True,
        blank=True,
        help_text=_("Leave empty for every severity."),
    )
    steps = models.CharField(
        _("steps"),
        max_length=200,
        default="officer,leader,head,above",
        help_text=_(
            "In order, separated by commas: officer (the duty officer), leader (the duty"
            " leader), head (the unit head), above (the head of the next unit up; repeat it"
            " to go further)."
        ),
    )
    wait_minutes = models.PositiveIntegerField(
        _("minutes between steps"), default=10, validators=[MinValueValidator(1)]
    )

    class Meta:
        constraints = [
            # One policy per unit (or none: every unit) and severity (or none: every one).
            # Empty counts as a value here; SQLite has no NULLS NOT DISTINCT, so both
            # databases compare the columns with 0 for empty.
            models.UniqueConstraint(
                Coalesce("unit", Value(0)),
                Coalesce("severity", Value(0)),
                name="escalation_policy_one",
                violation_error_message=_(
                    "There is already a policy for this unit and severity: change that one."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(wait_minutes__gte=1), name="escalation_wait_positive"
            ),
        ]
        verbose_name = _("escalation policy")
        verbose_name_plural = _("escalation policies")

    def __str__(self) -> str:
        return self.steps

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from duty.escalation import parse_steps

        try:
            parse_steps(self.steps)
        except ValueError as exc:
            raise ValidationError({"steps": str(exc)}) from exc


class Incident(Versioned):
    """An event at a unit, reported in stages. Changed only by `duty.incidents`."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=IncidentKind.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    place = models.CharField(_("place"), max_length=300)
    occurred_at = models.DateTimeField(_("occurred"))
    known_at = models.DateTimeField(_("became known"))
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    state = models.CharField(
        _("state"), max_length=8, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    created = models.DateTimeField(_("first reported"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    initial_due = models.DateTimeField(_("initial report due"))
    final_due = models.DateTimeField(_("final report due"))
    # 迟报: a report was filed after its deadline. 漏报: no final report by final_due.
    # Both stay once set: they record what happened, whatever is filed later.
    late = models.BooleanField(_("late report"), default=False)
    missing = models.BooleanField(_("missing report"), default=False)
    # The next deadline the sweep watches (the final report's while open); None once the
    # final report is in or the incident is marked missing.
    next_due = models.DateTimeField(null=True, blank=True)
    sweep_claim = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["-known_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "-known_at"], name="inc_unit_known"),
            models.Index(fields=["-known_at", "-id"], name="inc_known"),
            models.Index(fields=["state", "unit"], name="inc_state_unit"),
            # The missing sweep's condition: a few open incidents among a million.
            models.Index(
                fields=["next_due"],
                condition=models.Q(next_due__isnull=False),
                name="inc_next_due",
            ),
            models.Index(
                fields=["sweep_claim"], condition=~models.Q(sweep_claim=""), name="inc_sweep_claim"
            ),
        ]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def stale_message(self) -> str:
        from django.utils.translation import gettext

        return gettext(
            "Someone else changed this incident after you opened it. Nothing was saved;"
            " reload the page to see the change and try again."
        )

    def audit_data(self) -> dict[str, object]:
        return {"state": self.state, "version": self.version}


class IncidentEventKind(models.TextChoices):
    REPORTED = "reported", _("Report filed")
    CORRECTED = "corrected", _("Report corrected")
    CLOSED = "closed", _("Closed by the final report")
    MISSING = "missing", _("Marked missing: no final report in time")
    NOTIFIED = "notified", _("Alert sent")
    ACKNOWLEDGED = "acknowledged", _("Alert acknowledged")
    LINKED = "linked", _("Grievance linked")
    UNLINKED = "unlinked", _("Grievance unlinked")


class IncidentEvent(TimelineBase):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=IncidentEventKind.choices)

    class Meta(TimelineBase.Meta):
        indexes = [models.Index(fields=["incident", "created"], name="incident_event")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.created:%Y-%m-%d}"


Incident.timeline_model = IncidentEvent
Incident.timeline_fk = "incident"
Incident.audit_prefix = "incident"


class Report(AppendOnlyModel):
    """One report of an incident, as filed: never changed. A correction is a new row with
    the same `sequence`, `version` + 1, `supersedes` the row it corrects, and a reason."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="reports", verbose_name=_("incident")
    )
    kind = models.CharField(_("report"), max_length=12, choices=ReportKind.choices)
    sequence = models.PositiveSmallIntegerField(_("number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    reason = models.TextField(_("reason for the correction"), max_length=2000, blank=True)
    reported_at = models.DateTimeField(_("reported"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    late = models.BooleanField(_("late (迟报)"), default=False)
    # What the report says. Events, never the people who took part in them.
    what_happened = models.TextField(_("what happened"), max_length=INCIDENT_TEXT_MAX)
    place = models.CharField(_("place"), max_length=300)
    occurred_at = models.DateTimeField(_("occurred"))
    known_at = models.DateTimeField(_("became known"))
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    actions_taken = models.TextField(_("what was done"), max_length=INCIDENT_TEXT_MAX, blank=True)
    needs = models.TextField(_("what is needed"), max_length=INCIDENT_TEXT_MAX, blank=True)

    class Meta:
        ordering = ["incident", "sequence", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "sequence", "version"], name="report_unique_version"
            ),
        ]
        indexes = [models.Index(fields=["reported_by", "-reported_at"], name="report_by")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.incident.code} #{self.sequence} v{self.version}"


class Alert(models.Model):
    """The escalation of one report: the steps of its policy, taken one after another by
    the worker (`duty.escalation.advance`) until someone acknowledges. Who was notified at
    each step is kept in `AlertPage` rows, which are evidence."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="alerts")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="alerts")
    opened_at = models.DateTimeField(_("opened"))
    steps = models.CharField(max_length=200)
    last_level = models.PositiveSmallIntegerField()
    wait = models.DurationField()
    level = models.PositiveSmallIntegerField(default=0)
    # When the next step is due; None once acknowledged or when the chain has run out.
    next_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    sweep_claim = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["opened_at", "id"]
        indexes = [
            models.Index(
                fields=["next_at"], condition=models.Q(next_at__isnull=False), name="alert_next_at"
            ),
            models.Index(fields=["incident", "opened_at"], name="alert_incident"),
            models.Index(
                fields=["sweep_claim"], condition=~models.Q(sweep_claim=""), name="alert_claim"
            ),
        ]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"{self.incident.code} {self.opened_at:%Y-%m-%d %H:%M}"


class AlertPage(AppendOnlyModel):
    """One person notified at one step of an alert, and when. Unique per alert, step and
    person, so two workers taking the same step write it once."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="pages")
    level = models.PositiveSmallIntegerField()
    step = models.CharField(max_length=12)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notified_at = models.DateTimeField()

    class Meta:
        ordering = ["notified_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "level", "user"], name="alert_page_once")
        ]
        indexes = [models.Index(fields=["user", "alert"], name="alert_page_user")]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.step} {self.user_id}"


class IncidentLink(models.Model):
    """A grievance linked to an incident (a collective grievance often is one). Unlinking
    deletes the row; both steps are on the incident's timeline and in the audit log."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="links")
    grievance = models.ForeignKey(
        "grievances.Grievance", on_delete=models.PROTECT, related_name="incident_links"
    )
    created = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "grievance"], name="incident_link_once")
        ]
        indexes = [models.Index(fields=["grievance"], name="incident_link_grievance")]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.grievance_id}"
