"""Domain errors: raised by business actions, carrying a message meant for people."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A request the rules refuse. Nothing has been changed when it is raised."""

    status = 400

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class NotAllowed(DomainError):
    """The user may see the object but may not take this action on it."""

    status = 403


class StaleVersion(DomainError):
    """Someone else changed the object since the user loaded it."""

    status = 409
