"""What the API accepts: a new grievance, and the body of each action. Parsing only: the
rules (who may, from which state, within which limits) are the domain's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import EmailValidator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers

from api.rest.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictDateField,
    StrictIntegerField,
    StrictSerializer,
)
from grievances.models import (
    DESCRIPTION_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    Category,
    EventKind,
    IdentityMode,
    Kind,
    Rating,
)
from orgs.models import Unit

PERSONAL_FIELDS = ("name", "phone", "id_number", "address", "email")
MAX_INT = 2**31 - 1


def text(required: bool = True, max_length: int = TEXT_MAX, **kwargs: Any) -> StrictCharField:
    if not required:
        kwargs.setdefault("default", "")
    return StrictCharField(
        required=required, allow_blank=not required, max_length=max_length, **kwargs
    )


def version() -> StrictIntegerField:
    return StrictIntegerField(
        required=False,
        min_value=1,
        max_value=MAX_INT,
        help_text="The case's `version` as last read; a 409 if it has changed since.",
    )


def normalise_secret(value: str) -> str:
    # Copied from paper: spaces and dashes are not part of it.
    return "".join(ch for ch in value if ch.isalnum())


def secret_field() -> StrictCharField:
    return StrictCharField(
        required=False,
        max_length=30,
        help_text="The tracking secret from the receipt. Needed when no token is given.",
    )


class GrievanceInput(StrictSerializer):
    """A new grievance. `context["units"]` are the units it may go to."""

    kind = StrictChoiceField(choices=Kind.choices)
    subject = text(max_length=SUBJECT_MAX)
    description = text(max_length=DESCRIPTION_MAX)
    category = StrictCharField(
        required=False, allow_null=True, max_length=32, help_text="A category code."
    )
    unit = StrictCharField(
        required=False,
        allow_null=True,
        max_length=32,
        help_text=(
            "The code of the unit concerned. Default: the token's unit, or for public intake"
            " the unit at the top, which sends the case on."
        ),
    )
    location = text(required=False, max_length=300)
    headcount = StrictIntegerField(min_value=1, max_value=100_000, default=1)
    identity_mode = StrictChoiceField(choices=IdentityMode.choices, default=IdentityMode.NAMED)
    name = text(required=False, max_length=100, help_text="Needed unless anonymous.")
    phone = text(required=False, max_length=30)
    id_number = text(required=False, max_length=30)
    address = text(required=False, max_length=300)
    email = text(required=False, max_length=254, validators=[EmailValidator()])

    def validate_category(self, value: str | None) -> Category | None:
        if not value:
            return None
        category = Category.objects.filter(code=value, active=True).first()
        if category is None:
            raise serializers.ValidationError(_("No such category."))
        return category

    def validate_unit(self, value: str | None) -> Unit | None:
        if not value:
            return None
        units: QuerySet[Unit] = self.context["units"]
        unit = units.filter(code=value).first()
        if unit is None:
            raise serializers.ValidationError(_("Not a unit this caller may bring cases to."))
        return unit

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("identity_mode") == IdentityMode.ANONYMOUS:
            # As on the portal: personal details sent with an anonymous grievance are
            # dropped, never stored.
            for name in PERSONAL_FIELDS:
                attrs[name] = ""
        elif not attrs.get("name", "").strip():
            raise serializers.ValidationError(
                {"name": [_("Please give a name, or choose to submit anonymously.")]}
            )
        return attrs


# ---- actions ------------------------------------------------------------------------------


class AcceptInput(StrictSerializer):
    reasons = text(required=False)
    version = version()


class ReasonsInput(StrictSerializer):
    reasons = text()
    version = version()


class AssignInput(StrictSerializer):
    owner = StrictCharField(max_length=150, help_text="Username of a leader: the owner (包案).")
    handler = StrictCharField(max_length=150, help_text="Username of a handler of the unit.")
    version = version()

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(_("No such user."))
        return user

    def validate_owner(self, value: str) -> Any:
        return self._user(value)

    def validate_handler(self, value: str) -> Any:
        return self._user(value)


CONTACT_CHOICES = [
    (k.value, k.label)
    for k in (EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE, EventKind.NOTE)
]


class ContactInput(StrictSerializer):
    kind = StrictChoiceField(
        choices=CONTACT_CHOICES, help_text="A note is internal; the others are public."
    )
    summary = text()
    date = StrictDateField(required=False, allow_null=True, help_text="Default: today.")
    place = text(required=False, max_length=200)
    participants = StrictIntegerField(
        required=False, allow_null=True, min_value=1, max_value=100_000
    )
    version = version()


class TransferInput(StrictSerializer):
    to_unit = StrictCharField(max_length=32, help_text="The code of the receiving unit.")
    reasons = text()
    version = version()

    def validate_to_unit(self, value: str) -> Unit:
        unit = Unit.objects.filter(code=value).first()
        if unit is None:
            raise serializers.ValidationError(_("No such unit."))
        return unit


class ExtendInput(StrictSerializer):
    days = StrictIntegerField(min_value=1, max_value=365)
    reason = text()
    version = version()


class DecideExtensionInput(StrictSerializer):
    approve = StrictBooleanField()
    note = text(required=False)


class ReplyInput(StrictSerializer):
    facts = text()
    decision = text()
    reasons = text()
    policy = text(required=False)
    version = version()


class CallbackInput(StrictSerializer):
    rating = StrictChoiceField(choices=Rating.choices)
    notes = text(required=False, help_text="Notes of the call.")
    version = version()


class DecideReviewInput(StrictSerializer):
    upheld = StrictBooleanField(
        help_text="true: the opinion becomes the new reply; false: the case is handled again."
    )
    opinion = text()
    version = version()


# ---- the complainant's steps --------------------------------------------------------------


class TrackInput(StrictSerializer):
    secret = secret_field()


class FeedbackInput(StrictSerializer):
    rating = StrictChoiceField(choices=Rating.choices)
    comment = text(required=False)
    secret = secret_field()


class ReviewInput(StrictSerializer):
    reason = text()
    secret = secret_field()


class AttachmentsInput(StrictSerializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False),
        allow_empty=False,
        help_text="One or more files: PDF, JPG, PNG, DOCX, XLSX or TXT.",
    )
    secret = serializers.CharField(
        required=False, max_length=30, help_text=secret_field().help_text
    )

    def validate_files(self, value: list[Any]) -> list[Any]:
        limit = settings.MINSHENG_MAX_ATTACHMENTS
        if len(value) > limit:
            raise serializers.ValidationError(_("At most %(n)d files at a time.") % {"n": limit})
        return value
