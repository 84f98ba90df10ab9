"""POST Service Request: an Open311 request becomes a grievance through the intake that
every channel uses, with what Open311 adds kept beside it in a RequestDetail."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from api.models import ApiToken
from api.open311 import catalogue, query
from api.open311 import params as p
from api.open311.formats import Open311Error
from api.open311.models import AttributeType, RequestDetail, ServiceAttribute
from grievances import events, intake
from grievances.deadlines import policy_for
from grievances.models import Category, Channel, EventKind, Grievance, IdentityMode, Kind
from minsheng.errors import DomainError

SUBJECT_CHARS = 50
LOCATION_MAX = 300  # Grievance.location
LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "phone": 50,
    "email": 254,
    "device_id": 200,
    "account_id": 200,
    "address_id": 200,
    "media_url": 500,
}
# An Open311 request reports a problem for the organisation to put right: a complaint, with
# the complaint's time limits.
KIND = Kind.COMPLAINT
_SIX_PLACES = Decimal("0.000001")
FREE_TEXT = (AttributeType.STRING, AttributeType.TEXT)


@dataclass
class Created:
    grievance: Grievance
    detail: RequestDetail
    notice: str


def subject_for(description: str) -> str:
    """The first line of the description, cut to 50 characters."""
    first = description.strip().splitlines()[0].strip() if description.strip() else ""
    return first if len(first) <= SUBJECT_CHARS else first[: SUBJECT_CHARS - 1] + "…"


def composed_description(category: Category, pairs: list[tuple[ServiceAttribute, Any]]) -> str:
    """The description of a request sent without one (GeoReport v2 makes it optional): the
    service's name, then the answers chosen from the service's own lists, numbers and dates,
    one "question: answer" a line. Answers typed as free text are left out: a description is
    returned by every GET, and a typed answer may name a person. All answers stay on the
    staff-only note."""
    listed = [(a, v) for a, v in pairs if a.datatype not in FREE_TEXT]
    lines = [str(category.display_name)]
    if listed:
        lines.append(catalogue.describe_answers(listed))
    return "\n".join(lines)


def person_for(params: QueryDict) -> intake.Person | None:
    """The person who sent the request, from the contact fields; None when none is given
    (an anonymous request). Names are written as people write them: 张晓明 (family name
    first, no space) when either part is Chinese, "John Smith" otherwise. With contact
    details but no name, the e-mail (or phone) stands in for the name, so that the details
    are kept and the case is not mistaken for an anonymous one."""
    first = p.text(params, "first_name") or ""
    last = p.text(params, "last_name") or ""
    email = p.text(params, "email") or ""
    phone = p.text(params, "phone") or ""
    if not any((first, last, email, phone)):
        return None
    if _has_cjk(first + last):
        name = f"{last}{first}"
    else:
        name = " ".join(part for part in (first, last) if part)
    return intake.Person(name=name or email or phone, phone=phone, email=email)


def _has_cjk(value: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in value)


def _coordinate(value: str, name: str, limit: int, errors: list[str]) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not -limit <= number <= limit:
        errors.append(
            _("%(name)s must be a number between -%(n)d and %(n)d.") % {"name": name, "n": limit}
        )
        return None
    return number.quantize(_SIX_PLACES)


def notice(g: Grievance, secret: str = "") -> str:
    """What happens next, from the deadline policy; with the tracking secret right after
    the request is made (the only time it exists in plain text)."""
    text = query.received_notice(g.accept_due, policy_for(g.kind, g.category))
    if secret:
        text += " " + _(
            "To read the full reply on the portal, use receipt code %(code)s with tracking"
            " secret %(secret)s."
        ) % {"code": g.code, "secret": secret}
    return text


def create(token: ApiToken, params: QueryDict, files: list[UploadedFile]) -> Created:
    """Register the request as a grievance for the token's unit. Checks everything first and
    reports every problem at once; raises Open311Error (400, or 404 for an unknown service)
    having written nothing."""
    code = p.text(params, "service_code")
    if code is None:
        raise Open311Error(400, _("service_code was not provided."))
    category = catalogue.service(code)
    errors: list[str] = []

    description = p.text(params, "description")

    for name, limit in LIMITS.items():
        value = p.text(params, name)
        if value is not None and len(value) > limit:
            errors.append(
                _("%(name)s is longer than %(n)d characters.") % {"name": name, "n": limit}
            )
    email = p.text(params, "email")
    if email and len(email) <= LIMITS["email"]:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors.append(_("email is not an e-mail address."))
    media_url = p.text(params, "media_url") or ""
    if media_url and len(media_url) <= LIMITS["media_url"]:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors.append(_("media_url is not an http or https URL."))

    lat_raw, long_raw = p.text(params, "lat"), p.text(params, "long")
    address = p.text(params, "address_string") or ""
    address_id = p.text(params, "address_id") or ""
    lat = long = None
    if (lat_raw is None) != (long_raw is None):
        errors.append(_("lat and long must be given together."))
    elif lat_raw is not None and long_raw is not None:
        lat = _coordinate(lat_raw, "lat", 90, errors)
        long = _coordinate(long_raw, "long", 180, errors)
    if lat_raw is None and long_raw is None and not address and not address_id:
        errors.append(_("A location is required: lat and long, address_string or address_id."))
    if len(address) > LOCATION_MAX:
        errors.append(
            _("%(name)s is longer than %(n)d characters.")
            % {"name": "address_string", "n": LOCATION_MAX}
        )

    answers, answer_errors, pairs = catalogue.check_answers(category, params)
    errors.extend(answer_errors)
    if errors:
        raise Open311Error(400, *errors)
    if description is None:
        description = composed_description(category, pairs)

    person = person_for(params)
    try:
        with transaction.atomic():
            g, secret = intake.submit(
                channel=Channel.OPEN311,
                kind=KIND,
                subject=subject_for(description),
                description=description,
                unit=token.unit,
                category=category,
                location=address,
                identity_mode=IdentityMode.NAMED if person else IdentityMode.ANONYMOUS,
                person=person,
                by=token.user,
                files=files,
                latitude=lat,
                longitude=long,
                route=True,
            )
            detail = RequestDetail.objects.create(
                grievance=g,
                api_token=token,
                attributes=answers,
                address_id=address_id,
                media_url=media_url,
                device_id=p.text(params, "device_id") or "",
                account_id=p.text(params, "account_id") or "",
            )
            if pairs:
                answers_text = catalogue.describe_answers(pairs)
                # The answers for the staff: an internal note on the timeline, never shown
                # to the public (an answer may say something about the person).
                events.record(
                    g,
                    EventKind.NOTE,
                    token.user,
                    text=_("Answers given through Open311:") + "\n" + answers_text,
                    public=False,
                )
    except DomainError as exc:
        raise Open311Error(400, str(exc.message)) from exc
    return Created(grievance=g, detail=detail, notice=notice(g, secret))


def response_item(created: Created) -> dict[str, object]:
    """The POST answer. The request is made at once ("realtime"), so the answer carries its
    id and no token: GeoReport v2 says the id is not returned when a token is."""
    return {
        "service_request_id": created.grievance.code,
        "service_notice": created.notice,
        "account_id": created.detail.account_id or None,
    }
