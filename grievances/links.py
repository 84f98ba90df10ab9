"""A door for other modules: say on a case's timeline that one of their records now refers
to it (an incident report linked to a collective grievance, a household referred to hardship
assistance), so that whoever reads the case sees the link and where it leads.

    from grievances.links import record_link
    record_link(grievance, by=user, module="assistance", ref=application.code, text=…)

The event is for staff (never shown on the portal), written with its audit record in the
caller's transaction; the case itself does not change (no new version). Other modules import
only this and `grievances.scoping` from grievances.

Two read doors about the complainant, for a module acting on the case (assistance registers
the complainant's household from it):

    complainant_status(grievance)      # "anonymous", "no_id_number" or "has_id_number"
    complainant_identity(grievance, by=user, purpose="assistance.register")

The first reads no personal data. The second decrypts the identity for the staff who may see
it on the case's identity page (`grievances.identity.may_see_identity`) and writes the same
`identity.view` audit record that page writes, naming the purpose; in the caller's
transaction, so a step that fails after reading leaves neither a change nor the record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grievances.identity import reveal_identity
from grievances.models import EventKind, Grievance, IdentityMode
from minsheng import records

TEXT_MAX = 300


def record_link(
    grievance: Grievance, *, by: Any, module: str, ref: str, text: str, url: str = ""
) -> None:
    """A staff-only `linked` event on the case: `module` and `ref` name the record (e.g.
    "assistance", "JZ-20261206-0001"), `text` says what it is in a line, `url` where it is."""
    records.record(
        grievance,
        EventKind.LINKED,
        by,
        text=text[:TEXT_MAX],
        public=False,
        data={"module": module, "ref": ref, "url": url},
    )


ANONYMOUS = "anonymous"
NO_ID_NUMBER = "no_id_number"
HAS_ID_NUMBER = "has_id_number"


def complainant_status(grievance: Grievance) -> str:
    """Whether the case has a complainant with an ID number, read from the keyed hash only
    (nothing is decrypted, nothing audited): `ANONYMOUS` (anonymous, or no person at all),
    `NO_ID_NUMBER`, or `HAS_ID_NUMBER`."""
    complainant = grievance.complainant if grievance.complainant_id else None
    if complainant is None or grievance.identity_mode == IdentityMode.ANONYMOUS:
        return ANONYMOUS
    return HAS_ID_NUMBER if complainant.id_hash else NO_ID_NUMBER


@dataclass(frozen=True)
class ComplainantIdentity:
    """The complainant as the case holds them, decrypted: for the step that reads it, not to
    be kept or shown beyond what the step writes."""

    name: str
    id_number: str
    phone: str
    address: str


def complainant_identity(
    grievance: Grievance, *, by: Any, purpose: str
) -> ComplainantIdentity | None:
    """The complainant's identity if `by` may see it on the case (its owner and handler
    always; see `grievances.identity.may_see_identity`), else None. Each read is an
    `identity.view` audit record naming the case and `purpose`."""
    if grievance.identity_mode == IdentityMode.ANONYMOUS:
        return None
    person = reveal_identity(by, grievance, purpose=purpose)
    if person is None:
        return None
    return ComplainantIdentity(
        name=person.name, id_number=person.id_number, phone=person.phone, address=person.address
    )
