from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit


class Scope(models.TextChoices):
    """What a token may do, per module: `<module>:<what>`. A new module adds its own here
    (`duty:read`, `duty:act`…) and checks them in its own endpoints."""

    READ = "grievances:read", _("Grievances: read cases")
    INTAKE = "grievances:intake", _("Grievances: bring grievances in")
    ACT = "grievances:act", _("Grievances: take lifecycle actions")
    DUTY_READ = "duty:read", _("Duty: read the roster and incident reports")
    DUTY_ACT = "duty:act", _("Duty: change the roster, file and acknowledge reports")
    ASSISTANCE_READ = "assistance:read", _("Assistance: read households and applications")
    ASSISTANCE_ACT = "assistance:act", _("Assistance: take the steps of applications")


def hash_key(key: str) -> str:
    # API keys are long random strings: a plain SHA-256 is enough (no dictionary to try).
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A key for one integration (a mini-program backend, a 12345 hotline, an Open311 app).

    The token acts as its service `user` (whose roles decide what it may do, exactly as in
    the console), limited further to `unit`'s subtree and to its `scopes`. Only a hash of the
    key is stored; the key is shown once, when the token is created."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key prefix"), max_length=12, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("acts as"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, verbose_name=_("unit scope"), related_name="+"
    )
    scopes = models.JSONField(_("scopes"), default=list)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "ms_" + secrets.token_urlsafe(32)

    def set_key(self, key: str) -> None:
        self.prefix = key[:10]
        self.key_hash = hash_key(key)

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class IdempotencyRecord(models.Model):
    """The first response to a create call with an Idempotency-Key, replayed for a retry.

    A record with a token is the REST API's (keys belong to a token); one without is the
    portal submission form's one-time token (portal/views.py). Records are removed
    MINSHENG_IDEMPOTENCY_HOURS after they were made (api/tasks.py)."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, null=True, blank=True)
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    grievance = models.ForeignKey(
        "grievances.Grievance", on_delete=models.PROTECT, related_name="+"
    )
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotency_unique"),
            # NULLs are distinct in the constraint above: the portal's keys need their own.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(token__isnull=True),
                name="idempotency_unique_without_token",
            ),
        ]
        indexes = [models.Index(fields=["created"], name="idempotency_created")]

    def __str__(self) -> str:
        return self.key


from api.open311.models import *  # noqa: E402,F403  (Open311's models belong to this app)
