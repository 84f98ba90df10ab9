"""What the API accepts: a new grievance, and the body of each action. Parsing only: the
rules (who may, from which state, within which limits) are the domain's."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import EmailValidator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.fields import empty

from api.rest.fields import (
    StrictAmountField,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictChoicesField,
    StrictDateField,
    StrictDateTimeField,
    StrictIntegerField,
    StrictSerializer,
)
from grievances.actions import BY_NAME, MAX_MERGE, Action, normalise_codes
from grievances.models import (
    DESCRIPTION_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    Category,
    IdentityMode,
    Kind,
)
from minsheng.actions import Field
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


# ---- actions: built from the declared list (grievances.actions) -----------------------------


class UserByName(StrictCharField):
    """A user named by username; the lifecycle decides whether they may take the role."""

    def run_validation(self, data: Any = empty) -> Any:
        username = super().run_validation(data)
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(_("No such user."))
        return user


class UnitByCode(StrictCharField):
    def run_validation(self, data: Any = empty) -> Any:
        code = super().run_validation(data)
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise serializers.ValidationError(_("No such unit."))
        return unit


class CodesInput(serializers.ListField):
    """Receipt codes as a JSON list of strings."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            child=StrictCharField(max_length=30), allow_empty=False, max_length=MAX_MERGE, **kwargs
        )

    def to_internal_value(self, data: Any) -> list[str]:
        if not isinstance(data, list):
            raise serializers.ValidationError(_("Not a list."))
        try:
            return normalise_codes(super().to_internal_value(data))
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc


def _api_field(spec: Field) -> serializers.Field:
    """The JSON field for one declared input: JSON types as they are (see api.rest.fields)."""
    kw: dict[str, Any] = {"required": spec.required}
    if spec.help:
        kw["help_text"] = spec.help
    match spec.kind:
        case "text" | "line":
            extra = {"help_text": spec.help} if spec.help else {}
            return text(required=spec.required, max_length=spec.max_length, **extra)
        case "number":
            if not spec.required:
                kw["allow_null"] = True
            return StrictIntegerField(min_value=spec.min_value, max_value=spec.max_value, **kw)
        case "choice":
            return StrictChoiceField(choices=[(k, v) for k, v in spec.choices], **kw)
        case "choices":
            return StrictChoicesField(choices=[(k, v) for k, v in spec.choices], **kw)
        case "amount":
            if not spec.required:
                kw["allow_null"] = True
            return StrictAmountField(min_value=spec.min_value, max_value=spec.max_value, **kw)
        case "yesno":
            return StrictBooleanField(**kw)
        case "date":
            if not spec.required:
                kw["allow_null"] = True
            return StrictDateField(**kw)
        case "datetime":
            if not spec.required:
                kw["allow_null"] = True
            return StrictDateTimeField(**kw)
        case "user":
            return UserByName(max_length=150, **kw)
        case "unit":
            return UnitByCode(max_length=32, **kw)
        case "codes":
            return CodesInput(**kw)
    raise ValueError(spec.kind)


@functools.cache
def action_input(action: Action) -> type[StrictSerializer]:
    """The body of `POST grievances/{code}/{action}/`, from the action's declared fields."""
    return fields_input(action.name, action.fields, versioned=action.versioned)


def fields_input(
    name: str, fields: tuple[Field, ...], *, versioned: bool = False
) -> type[StrictSerializer]:
    """The JSON body of any module's declared action `name` (`minsheng.actions.Field`s),
    with the row's `version` when the action takes one."""
    attrs: dict[str, Any] = {spec.name: _api_field(spec) for spec in fields}
    if versioned:
        attrs["version"] = version()
    cls = "".join(part.capitalize() for part in name.replace("_", "-").split("-")) + "Input"
    return type(cls, (StrictSerializer,), attrs)


def _class_name(action: Action, suffix: str) -> str:
    return "".join(part.capitalize() for part in action.name.split("-")) + suffix


# ---- the complainant's steps --------------------------------------------------------------


class TrackInput(StrictSerializer):
    secret = secret_field()


def complainant_input(action: Action) -> type[StrictSerializer]:
    """The body of a complainant's step: its declared fields, and the tracking `secret`."""
    attrs: dict[str, Any] = {spec.name: _api_field(spec) for spec in action.fields}
    attrs["secret"] = secret_field()
    return type(_class_name(action, "Input"), (StrictSerializer,), attrs)


FeedbackInput = complainant_input(BY_NAME["feedback"])
ReviewInput = complainant_input(BY_NAME["review"])


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
