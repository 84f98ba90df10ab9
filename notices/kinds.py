"""The registry of notice kinds. Each module registers the kinds it sends, from its
AppConfig.ready(): `register_kind("duty.report_late", _("Incident report late"), Mode.IMMEDIATE)`.

A kind's key is what preferences, webhooks and the outbox store; its label is what people
read on the preferences page and in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minsheng.errors import DomainError


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", gettext_lazy("Immediately")
    DIGEST = "digest", gettext_lazy("Daily digest")
    OFF = "off", gettext_lazy("Off")


@dataclass(frozen=True)
class NoticeKind:
    key: str
    label: str | Promise
    default_mode: str
    for_complainants: bool = False


_REGISTRY: dict[str, NoticeKind] = {}


class UnknownKind(DomainError):
    pass


def register_kind(
    key: str,
    label: str | Promise,
    default_mode: str = Mode.IMMEDIATE,
    for_complainants: bool = False,
) -> NoticeKind:
    """Register a kind of notice. Registering the same key again with the same meaning is
    harmless (ready() may run twice in tests); a different meaning is a programming error."""
    if default_mode not in Mode.values:
        raise ValueError(f"{default_mode!r} is not a notice mode")
    if not key or len(key) > 64:
        raise ValueError(f"{key!r} is not a valid notice kind key")
    kind = NoticeKind(key, label, str(default_mode), for_complainants)
    known = _REGISTRY.get(key)
    if known is not None and (known.default_mode, known.for_complainants) != (
        kind.default_mode,
        kind.for_complainants,
    ):
        raise ValueError(f"notice kind {key!r} is already registered differently")
    _REGISTRY[key] = kind
    return kind


def get_kind(key: str) -> NoticeKind:
    """The registered kind, or UnknownKind (a DomainError with a message for people)."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UnknownKind(
            _("There is no kind of notice called “%(kind)s”.") % {"kind": key}
        ) from None


def staff_kinds() -> list[NoticeKind]:
    """Kinds staff users receive and set preferences for, in registration order."""
    return [k for k in _REGISTRY.values() if not k.for_complainants]


def complainant_kinds() -> list[NoticeKind]:
    return [k for k in _REGISTRY.values() if k.for_complainants]
