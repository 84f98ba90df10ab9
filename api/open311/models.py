"""Open311 models (service attributes, request details); imported by api/models.py.

A service is a grievance category. What GeoReport v2 adds to it is a list of questions
(`ServiceAttribute`); what an Open311 request adds to a grievance is kept beside it
(`RequestDetail`), so that nothing a client sends about its user ever reaches the grievance's
public fields."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from grievances.models import Category, Grievance
from minsheng.fields import EncryptedTextField

__all__ = ["AttributeType", "RequestDetail", "ServiceAttribute"]

ATTRIBUTE_CODE_MAX = 64


class AttributeType(models.TextChoices):
    STRING = "string", _("Text on one line")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Text")
    SINGLE = "singlevaluelist", _("One choice from a list")
    MULTI = "multivaluelist", _("Several choices from a list")


LIST_TYPES = (AttributeType.SINGLE, AttributeType.MULTI)


class ServiceAttribute(models.Model):
    """A question that a service asks (GeoReport v2 "service definition" attribute).

    `values` holds the choices of a list question: ``[{"key": "k", "name": "…",
    "name_en": "…"}]``; `name_en` is optional."""

    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="open311_attributes",
        verbose_name=_("category"),
    )
    code = models.CharField(
        _("code"),
        max_length=ATTRIBUTE_CODE_MAX,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_.-]+$",
                _("Letters, digits, dots, dashes and underscores only."),
            )
        ],
        help_text=_("Clients send the answer as attribute[code]."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), validators=[MinValueValidator(1)], help_text=_("1 is asked first.")
    )
    datatype = models.CharField(_("type"), max_length=16, choices=AttributeType.choices)
    required = models.BooleanField(_("required"), default=False)
    variable = models.BooleanField(
        _("asks for input"),
        default=True,
        help_text=_("Off: the description is only shown to the person, nothing is asked."),
    )
    description = models.TextField(_("question"), max_length=1000)
    description_en = models.TextField(_("question in English"), max_length=1000, blank=True)
    datatype_description = models.CharField(_("hint"), max_length=200, blank=True)
    values = models.JSONField(_("choices"), default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="o311_attr_code_unique"),
            models.UniqueConstraint(fields=["category", "order"], name="o311_attr_order_unique"),
        ]
        verbose_name = _("Open311 question")
        verbose_name_plural = _("Open311 questions")

    def __str__(self) -> str:
        return f"{self.category.code}/{self.code}"

    @property
    def display_description(self) -> str:
        if self.description_en and (get_language() or "").startswith("en"):
            return self.description_en
        return self.description

    def choices(self) -> list[tuple[str, str]]:
        """(key, name) of each choice, the name in the active language."""
        english = (get_language() or "").startswith("en")
        out = []
        for v in self.values or []:
            name = (english and v.get("name_en")) or v.get("name") or ""
            out.append((str(v.get("key")), str(name)))
        return out

    def clean(self) -> None:
        super().clean()
        values: Any = self.values
        if self.datatype in LIST_TYPES:
            if not isinstance(values, list) or not values:
                raise ValidationError({"values": _("A list question needs its choices.")})
            keys: set[str] = set()
            for v in values:
                if (
                    not isinstance(v, dict)
                    or not str(v.get("key", "")).strip()
                    or not str(v.get("name", "")).strip()
                ):
                    raise ValidationError({"values": _('Each choice needs a "key" and a "name".')})
                key = str(v["key"])
                if key in keys:
                    raise ValidationError(
                        {"values": _("The key %(key)s is used twice.") % {"key": key}}
                    )
                keys.add(key)
        elif values:
            raise ValidationError({"values": _("Only list questions have choices.")})


class RequestDetail(models.Model):
    """What an Open311 request brought beyond the grievance: the answers to the service's
    questions, the client's address id and media link, the token of the token flow, and the
    device and account ids (encrypted: they point at a person, and are never returned)."""

    grievance = models.OneToOneField(
        Grievance, on_delete=models.PROTECT, related_name="open311_detail"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    api_token = models.ForeignKey(
        "api.ApiToken", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attributes = models.JSONField(default=dict, blank=True)
    address_id = models.CharField(max_length=200, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    device_id = EncryptedTextField(blank=True)
    account_id = EncryptedTextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self) -> str:
        return f"Open311 {self.grievance_id}"
