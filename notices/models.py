"""Notices: the inbox of each staff user, the outbox every delivery goes through, the
preferences people set, and the group robots (WeCom, DingTalk) alerts are posted to.

The inbox and the outbox are written inside the transaction of the action that causes them,
so a notice exists if and only if what it tells of happened. The worker delivers the outbox.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.fields import EncryptedTextField
from notices.kinds import Mode

validate_http_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
)


class NoticeSettings(models.Model):
    """One row per staff user who changed something: the language their notices are
    written in. No row means the site's language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notice_settings",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=16)

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class Preference(models.Model):
    """How a user receives one kind of notice. No row means the kind's default mode."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notice_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind of notice"), max_length=64)
    mode = models.CharField(_("how"), max_length=16, choices=Mode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_pref_user_kind"),
        ]
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mode}"


class Notice(models.Model):
    """One entry in one staff user's inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind of notice"), max_length=64)
    title = models.CharField(_("notice title"), max_length=300)
    body = models.TextField(_("notice text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # What the notice is about, as "type:key" (e.g. "grievance:AB12-CD34-EF56").
    subject = models.CharField(_("concerning"), max_length=100, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Delivered by the daily digest e-mail: waiting while digest_on is empty.
    in_digest = models.BooleanField(default=False)
    digest_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            # A sweep that runs twice, or two workers at once, never doubles a notice.
            models.UniqueConstraint(
                fields=["recipient", "kind", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notice_once",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notice_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"
            ),
            models.Index(
                fields=["recipient", "created"],
                condition=Q(in_digest=True, digest_on__isnull=True),
                name="notice_digest_waiting",
            ),
        ]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


WAITING_STATES = (OutboxState.PENDING, OutboxState.SENDING)


class Webhook(models.Model):
    """A group robot (企业微信 or 钉钉 群机器人) that receives the notice kinds chosen."""

    class Kind(models.TextChoices):
        WECOM = Channel.WECOM.value, Channel.WECOM.label
        DINGTALK = Channel.DINGTALK.value, Channel.DINGTALK.label

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("robot"), max_length=16, choices=Kind.choices)
    # The address carries the robot's key or access token: it is a credential, kept encrypted.
    url = EncryptedTextField(_("webhook address"), validators=[validate_http_url])
    secret = EncryptedTextField(
        _("signing secret"),
        blank=True,
        help_text=_("DingTalk robots with the “sign” security setting only (starts with SEC)."),
    )
    kinds = models.JSONField(_("kinds of notice"), default=list, blank=True)
    # Empty: the site's language (settings.LANGUAGE_CODE, read when a message is written).
    language = models.CharField(_("language"), max_length=16, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Forms check the address too; this holds for code and the shell as well.
        validate_http_url(self.url)
        super().save(*args, **kwargs)


class Outbox(models.Model):
    """One delivery on one channel: waiting, being sent (leased to a worker until
    next_attempt_at), sent, or failed after the last attempt. Rows are kept once sent."""

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind of notice"), max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    webhook = models.ForeignKey(
        Webhook,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("group robot"),
    )
    # An e-mail address or phone number (personal data for complainants): encrypted.
    target = EncryptedTextField(_("sent to"), blank=True)
    payload = models.JSONField(default=dict)
    subject = models.CharField(_("concerning"), max_length=100, blank=True)
    # kind, key and target of the delivery: a second write of the same delivery is refused
    # by the unique constraint.
    dedupe = models.CharField(max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dedupe"], condition=~Q(dedupe=""), name="outbox_once"),
        ]
        indexes = [
            # The delivery sweep: waiting or leased rows whose time has come. Not a partial
            # index: SQLite cannot match a partial index's condition to a query's bound
            # parameters, so it would read the whole table (docs/notices.md).
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
        ]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.kind} ({self.get_state_display()})"
