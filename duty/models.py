"""The duty module's rows: the roster (shifts, leave, heightened periods, swaps, handovers)
and incident reports (see `docs/duty.md`).

Roster rows are changed only by the actions in `duty.roster`, each audited. Incident reports
describe events (what, where, how many, what was done), never who took part."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.fields import EncryptedTextField
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
