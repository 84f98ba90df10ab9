"""The inbox's door: a user reaches their own notices only."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from notices.models import Notice


def inbox_of(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def get_notice_for(user: User, pk: int) -> Notice:
    """The user's own notice; another user's is a 404, as if it did not exist."""
    return get_object_or_404(inbox_of(user), pk=pk)


def mark_read(user: User, notice: Notice) -> bool:
    """Mark one of the user's notices read. Returns False if it already was."""
    return bool(
        inbox_of(user).filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    )


def mark_all_read(user: User) -> int:
    return inbox_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
