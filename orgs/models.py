from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A unit in the organisation tree (enterprise → branch → workshop, or province → … →
    community). `path` holds the ids from the root, "/1/4/17/", so a subtree is a prefix."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    code = models.CharField(_("code"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    level = models.PositiveSmallIntegerField(_("level"), default=0, editable=False)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        level = self.parent.level + 1 if self.parent else 0
        if path != self.path or level != self.level:
            self.path, self.level = path, level
            Unit.objects.filter(pk=self.pk).update(path=path, level=level)

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent (not this unit)."""
        return [int(p) for p in self.path.strip("/").split("/")[:-1]]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


def root_unit() -> Unit | None:
    """The unit at the top of the tree: where a grievance goes when the person does not
    know which unit is concerned."""
    return Unit.objects.filter(parent__isnull=True).order_by("pk").first()


class Role(models.TextChoices):
    CLERK = "clerk", _("Intake clerk")
    HANDLER = "handler", _("Handler")
    LEADER = "leader", _("Leader")
    HEAD = "head", _("Unit head")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A staff user's role in one unit. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
