"""People's choices about their notices: how each kind reaches them, and in which language."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from audit import log as audit
from minsheng.errors import DomainError
from notices.kinds import Mode, get_kind, staff_kinds
from notices.models import NoticeSettings, Preference
from notices.outbox import valid_language


def modes_for(user: User) -> dict[str, str]:
    """The mode of every staff notice kind for `user`: their choice, else the default."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    return {k.key: chosen.get(k.key, k.default_mode) for k in staff_kinds()}


def language_for(user: User) -> str:
    row = NoticeSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return valid_language(row or "")


def set_preferences(
    user: User, *, modes: Mapping[str, str], language: str | None = None
) -> dict[str, str]:
    """Save `user`'s mode for each kind in `modes` and, if given, their notice language.
    Everything is checked first: an unknown kind, a complainant kind, an unknown mode or
    language raises DomainError and nothing is saved. Returns what changed (kind → mode,
    and "language"), which is also written to the audit log."""
    for key, mode in modes.items():
        kind = get_kind(key)
        if kind.for_complainants:
            raise DomainError(
                _("“%(kind)s” is sent to complainants, not to staff.") % {"kind": key}
            )
        if mode not in Mode.values:
            raise DomainError(_("“%(mode)s” is not a way to receive notices.") % {"mode": mode})
    if language is not None and language not in dict(settings.LANGUAGES):
        raise DomainError(
            _("“%(language)s” is not a language of this site.") % {"language": language}
        )
    with transaction.atomic():
        before = modes_for(user)
        changed: dict[str, str] = {}
        for key, mode in modes.items():
            Preference.objects.update_or_create(user=user, kind=key, defaults={"mode": mode})
            if before.get(key) != mode:
                changed[key] = mode
        if language is not None and language != language_for(user):
            NoticeSettings.objects.update_or_create(user=user, defaults={"language": language})
            changed["language"] = language
        if changed:
            audit.record(user, "notices.preferences", user, changed)
    return changed
