from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minsheng.errors import DomainError

PATH_LENGTH = 255
_PG_TREE_LOCK = 7_262_002  # any constant: the advisory lock that serialises changes to the tree


def lock_tree() -> None:
    """Serialise changes to the tree until the end of the transaction, so that two moves
    cannot make a loop between them. SQLite's write lock already does (IMMEDIATE mode)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_TREE_LOCK])


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
    path = models.CharField(max_length=PATH_LENGTH, db_index=True, editable=False, default="")
    # At most one unit is the intake desk: it receives what comes in at the top and no
    # routing rule places (grievances/routing.py). Set through orgs.actions.set_intake_desk.
    is_intake_desk = models.BooleanField(
        _("intake desk"),
        default=False,
        help_text=_(
            "Grievances that come in at the top unit and that no routing rule places go"
            " here, to be sent on by hand. One unit at most."
        ),
    )

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_intake_desk"],
                condition=models.Q(is_intake_desk=True),
                name="unit_one_intake_desk",
                violation_error_message=_(
                    "Another unit is already the intake desk: untick it there first."
                ),
            )
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save the unit and keep every path in the tree right: a unit given another parent
        takes its whole subtree along (one UPDATE), so heads above keep seeing it.

        Raises DomainError, changing nothing, for a parent inside the unit's own subtree.
        Changing the tree is an orgs action (`orgs.actions`), which also audits it; this only
        keeps the paths true whoever saves."""
        with transaction.atomic():
            lock_tree()
            old_path = None
            if not self._state.adding:
                old_path = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            parent_path = "/"
            if self.parent_id is not None:
                parent_path = Unit.objects.values_list("path", flat=True).get(pk=self.parent_id)
                if old_path and parent_path.startswith(old_path):
                    raise DomainError(_("A unit cannot be placed under itself or a unit below it."))
            if old_path:  # what is stored, whatever this object last read
                self.path, self.level = old_path, old_path.count("/") - 2
            super().save(*args, **kwargs)
            new_path = f"{parent_path}{self.pk}/"
            if not old_path:
                Unit.objects.filter(pk=self.pk).update(path=new_path, level=new_path.count("/") - 2)
            elif new_path != old_path:
                _rewrite_subtree(old_path, new_path)
            self.path, self.level = new_path, new_path.count("/") - 2

    def clean(self) -> None:
        """The admin's form check: no loop in the tree."""
        if self.pk and self.parent_id is not None:
            parent_path = Unit.objects.filter(pk=self.parent_id).values_list("path", flat=True)
            own = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            if own and (parent_path.first() or "").startswith(own):
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or a unit below it.")}
                )

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


def _rewrite_subtree(old_path: str, new_path: str) -> int:
    """Replace the prefix `old_path` by `new_path` in every path below it, and shift the
    levels to match, in one statement. Returns the number of units moved."""
    subtree = Unit.objects.filter(path__startswith=old_path)
    longest = subtree.aggregate(m=Max(Length("path")))["m"] or 0
    if longest - len(old_path) + len(new_path) > PATH_LENGTH:
        raise DomainError(_("The tree would be too deep there: move fewer levels under it."))
    return subtree.update(
        path=Concat(
            Value(new_path),
            Substr("path", len(old_path) + 1),
            output_field=models.CharField(),
        ),
        level=F("level") + (new_path.count("/") - old_path.count("/")),
    )


def intake_desk() -> Unit | None:
    """The unit designated as the intake desk, if any."""
    return Unit.objects.filter(is_intake_desk=True).first()


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
