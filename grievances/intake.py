"""Intake: every channel brings a grievance in through `submit`."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from grievances import events, routing
from grievances.attachments import check_upload, store_attachment
from grievances.deadlines import policy_for, refresh_next_due
from grievances.models import (
    DESCRIPTION_MAX,
    SUBJECT_MAX,
    Category,
    Channel,
    Complainant,
    EventKind,
    Grievance,
    IdentityMode,
    Kind,
    State,
)
from minsheng import crypto
from minsheng.errors import DomainError
from minsheng.workdays import add_days, local_date
from orgs.models import Unit

# No 0/O, 1/I/L: codes are read out over the phone and typed from paper receipts.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def new_secret() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def normalise_code(value: str) -> str:
    raw = "".join(ch for ch in value.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}" if len(raw) == 12 else value.strip().upper()


def hash_secret(code: str, secret: str) -> str:
    return salted_hmac("minsheng.tracking", f"{code}:{secret.strip().upper()}").hexdigest()


def secret_matches(g: Grievance, secret: str) -> bool:
    """Constant work whether or not the case has a secret (cases imported without one)."""
    expected = g.secret_hash or hash_secret(g.code, new_secret())
    return constant_time_compare(expected, hash_secret(g.code, secret)) and bool(g.secret_hash)


@dataclass
class Person:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    email: str = ""

    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.id_number, self.address, self.email))


def _check_text(subject: str, description: str) -> None:
    if not subject.strip():
        raise DomainError(_("Please give a subject."))
    if len(subject) > SUBJECT_MAX:
        raise DomainError(_("The subject is longer than %(n)d characters.") % {"n": SUBJECT_MAX})
    if not description.strip():
        raise DomainError(_("Please describe the problem."))
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            _("The description is longer than %(n)d characters.") % {"n": DESCRIPTION_MAX}
        )


def _check_coordinates(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        raise DomainError(_("lat and long must be given together."))
    for value, limit in ((latitude, 90), (longitude, 180)):
        if value is not None and not (value.is_finite() and -limit <= value <= limit):
            raise DomainError(_("The coordinates are outside the range of the map."))


def submit(
    *,
    channel: str,
    kind: str,
    subject: str,
    description: str,
    unit: Unit,
    category: Category | None = None,
    location: str = "",
    identity_mode: str = IdentityMode.NAMED,
    person: Person | None = None,
    headcount: int = 1,
    arrival_unit: Unit | None = None,
    repeat_of: Grievance | None = None,
    by: events.Actor = None,
    received_at: datetime | None = None,
    files: Iterable[UploadedFile] = (),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    route: bool = False,
) -> tuple[Grievance, str]:
    """Register a grievance from any channel. Returns it with the tracking secret, which is
    shown once to the person and never stored in plain text. `latitude` and `longitude`
    (WGS84, both or neither) are where the problem is. Raises DomainError for bad input,
    with nothing written.

    `route`: the channel lets people leave the unit at the top when they do not know which
    unit is concerned (the portal, the API, Open311). A grievance that then arrives at a top
    unit is placed by the routing rules (grievances/routing.py) and is never skip-level;
    one brought to a unit below the top stays there."""
    person = person or Person()
    _check_text(subject, description)
    _check_coordinates(latitude, longitude)
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."))
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of grievance."))
    if identity_mode not in IdentityMode.values:
        raise DomainError(_("Unknown identity choice."))
    if identity_mode == IdentityMode.ANONYMOUS:
        person = Person()
    elif not person.name.strip():
        raise DomainError(_("Please give a name, or choose to submit anonymously."))
    if headcount < 1 or headcount > 100_000:
        raise DomainError(_("The number of people must be between 1 and 100000."))
    files = list(files)
    if len(files) > settings.MINSHENG_MAX_ATTACHMENTS:
        raise DomainError(
            _("At most %(n)d attachments.") % {"n": settings.MINSHENG_MAX_ATTACHMENTS}
        )
    for f in files:
        check_upload(f)
    arrival = arrival_unit or unit
    placed = None
    if route and arrival_unit is None and unit.parent_id is None:
        placed = routing.route(unit, category, location)
        unit = placed.unit
    received = received_at or timezone.now()
    policy = policy_for(kind, category)
    secret = new_secret()
    with transaction.atomic():
        complainant = None
        if not person.is_empty():
            complainant = Complainant.objects.create(
                name=person.name.strip(),
                phone=person.phone.strip(),
                id_number=person.id_number.strip(),
                address=person.address.strip(),
                email=person.email.strip(),
                phone_hash=crypto.lookup_hash("phone", person.phone),
                id_hash=crypto.lookup_hash("id", person.id_number),
            )
        # 31^12 codes: a collision is practically impossible, and the unique constraint
        # turns one into an error rather than a duplicate.
        code = new_code()
        g = Grievance(
            code=code,
            secret_hash=hash_secret(code, secret),
            channel=channel,
            kind=kind,
            category=category,
            subject=subject.strip(),
            description=description.strip(),
            location=location.strip()[:300],
            unit=unit,
            arrival_unit=arrival,
            routed=placed is not None,
            dispatched_from=placed.returns_to if placed is not None else None,
            identity_mode=identity_mode,
            complainant=complainant,
            headcount=headcount,
            latitude=latitude,
            longitude=longitude,
            is_collective=headcount > 1,
            repeat_of=repeat_of,
            created_by=by if isinstance(by, User) else None,
            state=State.RECEIVED,
            received_at=received,
            accept_due=add_days(local_date(received), policy.accept_days, policy.day_type),
            escalation_interval=timedelta(days=policy.escalation_days),
        )
        g.is_skip_level = routing.is_skip_level(g)
        refresh_next_due(g)
        g.save()
        events.record(
            g,
            EventKind.RECEIVED,
            by,
            data={"channel": channel, "repeat_of": repeat_of.code if repeat_of else None},
            actor_label="public" if by is None else "",
        )
        if placed is not None and placed.unit != placed.arrival:
            events.record(
                g,
                EventKind.ROUTED,
                None,
                data={
                    "from": placed.arrival.code,
                    "to": placed.unit.code,
                    "rule": placed.rule.pk if placed.rule else None,
                    "intake_desk": placed.to_desk,
                },
                actor_label="system",
            )
        for f in files:
            store_attachment(g, f, by=by, from_complainant=by is None)
    return g, secret
