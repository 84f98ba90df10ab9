"""The grievance documents people print: the receipt slip, the reply letter (and the review and
re-review opinions, which are replies too), the decline notice and the review decision.

Each function builds a `minsheng.documents.Document` in the active language from records the
reader may already see; none reads the complainant's identity. `documents_for` lists the
documents a case has, and `document` finds one by its key ("receipt", "decline", "reply-12",
"review-34"), raising Http404 for a key the case does not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grievances.models import Complainant, EventKind, Grievance, Reply, TimelineEvent
from minsheng.documents import Document, Section
from orgs.models import Unit


@dataclass(frozen=True)
class Entry:
    key: str
    label: str

    @property
    def letter(self) -> bool:
        return is_letter(self.key)


def is_letter(key: str) -> bool:
    """Letters go to the complainant and may carry their name and address (`addressed`)."""
    return key == "decline" or key.startswith(("reply-", "review-"))


def addressed(doc: Document, complainant: Complainant) -> Document:
    """The letter addressed to the complainant by name, with their address for the envelope.
    The caller has revealed the identity through `grievances.identity.reveal_identity`,
    which records the viewing."""
    name = (complainant.name or "").strip()
    if name:
        doc.addressee = _("%(name)s:") % {"name": name}
    if (complainant.address or "").strip():
        doc.lines.insert(0, (_("Address"), complainant.address.strip()))
    doc.filename += "-addressed"
    return doc


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return str(formats.date_format(value, "DATE_FORMAT"))


def _organisation(unit: Unit) -> str:
    """The name at the top of the unit's tree (the organisation), from its path."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    if not ids or ids[0] == unit.pk:
        return unit.display_name
    root = Unit.objects.filter(pk=ids[0]).first()
    return root.display_name if root else ""


def _head(g: Grievance, unit: Unit, title: str, key: str) -> Document:
    return Document(
        organisation=_organisation(unit),
        unit=unit.display_name,
        title=title,
        code=g.code,
        filename=f"{g.code}-{key}",
    )


def _track_url() -> str:
    return settings.MINSHENG_BASE_URL.rstrip("/") + reverse("portal:track")


def _intro(g: Grievance) -> str:
    return _('On %(day)s you brought us the matter "%(subject)s" (receipt code %(code)s).') % {
        "day": _day(g.received_at),
        "subject": g.subject,
        "code": g.code,
    }


def receipt_slip(g: Grievance, secret: str = "") -> Document:
    """The slip handed to the person at registration. The tracking secret is printed only
    when given (at registration, once); it is kept nowhere in readable form."""
    doc = _head(g, g.unit, _("Grievance receipt"), "receipt")
    doc.slip = True
    doc.lines = [(_("Receipt code"), g.code)]
    if secret:
        doc.lines.append((_("Tracking secret"), secret))
    doc.lines += [
        (_("Received"), _day(g.received_at)),
        (_("Channel"), g.get_channel_display()),
        (_("Subject"), g.subject),
        (_("Unit handling it"), g.unit.display_name),
        (_("Decision on acceptance by"), _day(g.accept_due)),
    ]
    doc.sections = [
        Section(
            "",
            _(
                "By %(due)s the unit concerned decides whether it takes up your grievance, and"
                " tells you why if it does not. Follow your case at %(url)s with the receipt"
                " code and the tracking secret."
            )
            % {"due": _day(g.accept_due), "url": _track_url()},
        )
    ]
    doc.note = (
        _("Keep this slip. The tracking secret cannot be shown or printed again.")
        if secret
        else _(
            "The tracking secret was given when the grievance was registered; it is not kept"
            " in readable form and is not printed here."
        )
    )
    doc.closing = [g.unit.display_name, _day(g.received_at)]
    return doc


def _review_unit(g: Grievance, level: int) -> Unit:
    """The unit that decided the review at `level`: the one named when it was asked for."""
    for ev in g.events.filter(kind=EventKind.REVIEW_REQUESTED).order_by("-created", "-id"):
        if (ev.data or {}).get("level") == level:
            unit = Unit.objects.filter(code=(ev.data or {}).get("unit")).first()
            if unit is not None:
                return unit
    return g.review_unit or g.unit


def _reply_title(level: int) -> str:
    if level == 0:
        return _("Reply to a grievance")
    if level == 1:
        return _("Review opinion")
    return _("Re-review opinion")


def reply_letter(g: Grievance, r: Reply) -> Document:
    unit = g.unit if r.review_level == 0 else _review_unit(g, r.review_level)
    doc = _head(g, unit, _reply_title(r.review_level), f"reply-{r.pk}")
    doc.addressee = _("To the person who brought this grievance:")
    doc.sections = [
        Section("", _intro(g) + " " + _("Having looked into it, we reply as follows.")),
        Section(_("Facts found"), r.facts),
        Section(_("Decision"), r.decision),
        Section(_("Reasons"), r.reasons),
    ]
    if r.policy:
        doc.sections.append(Section(_("Policy applied"), r.policy))
    latest = g.replies.order_by("-created", "-id").values_list("pk", flat=True).first()
    if r.review_level >= 2:
        doc.sections.append(Section("", _("This re-review decision is final.")))
    elif latest == r.pk and g.review_window_due:
        doc.sections.append(
            Section(
                "",
                _(
                    "If you do not accept this reply, you can ask the unit above for a review"
                    " until %(due)s."
                )
                % {"due": _day(g.review_window_due)},
            )
        )
    doc.closing = [unit.display_name, _day(r.created)]
    return doc


def decline_notice(g: Grievance, ev: TimelineEvent) -> Document:
    doc = _head(g, g.unit, _("Notice of non-acceptance"), "decline")
    doc.addressee = _("To the person who brought this grievance:")
    doc.sections = [
        Section(
            "",
            _intro(g) + " " + _("We have decided not to take it up, for the reasons below."),
        ),
        Section(_("Reasons"), ev.text),
    ]
    doc.closing = [g.unit.display_name, _day(ev.created)]
    return doc


def review_decision(g: Grievance, ev: TimelineEvent) -> Document:
    data = ev.data or {}
    level = int(data.get("level") or 1)
    unit = _review_unit(g, level)
    title = _("Review decision") if level < 2 else _("Re-review decision")
    doc = _head(g, unit, title, f"review-{ev.pk}")
    doc.addressee = _("To the person who brought this grievance:")
    asked = _("You asked for a review of the reply to grievance %(code)s.") % {"code": g.code}
    if level >= 2:
        asked = _("You asked for a re-review of grievance %(code)s.") % {"code": g.code}
    outcome = (
        _("The reply is upheld.")
        if data.get("upheld")
        else _("The case is sent back to be handled again.")
    )
    doc.lines = [(_("Outcome"), outcome)]
    doc.sections = [Section("", asked)]
    # The decision and its reasons are kept on the opinion (a Reply) the event names; an
    # event recorded before they were split carries the opinion as its text.
    opinion = Reply.objects.filter(grievance=g, pk=data.get("reply") or 0).first()
    if opinion is not None:
        doc.sections.append(Section(_("Decision"), opinion.decision))
        if opinion.reasons:
            doc.sections.append(Section(_("Reasons"), opinion.reasons))
    elif ev.text:
        doc.sections.append(Section(_("Opinion"), ev.text))
    if data.get("upheld") and level >= 2:
        doc.sections.append(Section("", _("This re-review decision is final.")))
    doc.closing = [unit.display_name, _day(ev.created)]
    return doc


def _events(g: Grievance, kind: str) -> list[TimelineEvent]:
    return list(g.events.filter(kind=kind, public=True).order_by("created", "id"))


def documents_for(g: Grievance, replies: QuerySet[Reply] | None = None) -> list[Entry]:
    """The documents this case has, in the order they were issued: the receipt, then each
    decline, reply and review decision. `replies` are the replies that answer it (on the
    portal, a merged case is answered by its collective case's reply); its own by default."""
    out = [Entry("receipt", _("Receipt slip"))]
    dated: list[tuple[datetime, int, Entry]] = []
    for ev in _events(g, EventKind.DECLINED):
        dated.append((ev.created, 0, Entry("decline", _("Notice of non-acceptance"))))
    for r in (g.replies.all() if replies is None else replies).order_by("created", "id"):
        entry = Entry(f"reply-{r.pk}", f"{_reply_title(r.review_level)} · {_day(r.created)}")
        dated.append((r.created, 1, entry))
    for ev in _events(g, EventKind.REVIEW_DECIDED):
        level = int((ev.data or {}).get("level") or 1)
        label = _("Review decision") if level < 2 else _("Re-review decision")
        dated.append((ev.created, 2, Entry(f"review-{ev.pk}", f"{label} · {_day(ev.created)}")))
    out += [e for _created, _order, e in sorted(dated, key=lambda t: (t[0], t[1]))]
    return out


def document(g: Grievance, key: str, replies: QuerySet[Reply] | None = None) -> Document:
    """The document of this case named `key`; Http404 for a key it does not have."""
    if key == "receipt":
        return receipt_slip(g)
    if key == "decline":
        declined = _events(g, EventKind.DECLINED)
        if not declined:
            raise Http404
        return decline_notice(g, declined[-1])
    kind, _sep, number = key.partition("-")
    if not number.isdigit() or len(number) > 18:
        raise Http404
    if kind == "reply":
        r = (g.replies.all() if replies is None else replies).filter(pk=int(number)).first()
        if r is None:
            raise Http404
        return reply_letter(g, r)
    if kind == "review":
        ev = g.events.filter(pk=int(number), kind=EventKind.REVIEW_DECIDED, public=True).first()
        if ev is None:
            raise Http404
        return review_decision(g, ev)
    raise Http404
