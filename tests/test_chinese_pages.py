"""Every console and portal page, and every kind of timeline event, read in Chinese: no
untranslated English (a run of two or more English words that is not a name, a code or an
address) and no raw choice value (`dissatisfied`, `basic`, `in_progress`) anywhere a person
sees or hears it.

One case goes through every event kind (the `story` fixture); each persona opens every page
of its menu, the case and its forms; the portal's pages are opened by the complainant. The
detector itself is tested against planted strings first (tests/zh_detector.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.models import ApiToken
from grievances import lifecycle, sweeps, timeline
from grievances.attachments import add_attachments
from grievances.links import record_link
from grievances.models import (
    Channel,
    DueKind,
    EventKind,
    ExtensionState,
    Grievance,
    IdentityMode,
    Kind,
    Rating,
    RoutingRule,
    State,
)
from grievances.tests import samples
from grievances.tests.helpers import fresh, received
from minsheng.names import person_name
from minsheng.workdays import local_date
from orgs.models import Role
from portal.views import SESSION_TRACKED
from tests.zh_detector import choice_values, english_runs, raw_values

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
RAW = choice_values(
    Channel, Kind, IdentityMode, State, Rating, DueKind, EventKind, ExtensionState, Role
)


def zh(client: Any) -> Any:
    client.cookies["django_language"] = "zh-hans"
    return client


def people() -> list[str]:
    return [person_name(u) for u in get_user_model().objects.all()]


def problems(html: str, raw: set[str] = RAW) -> list[str]:
    return english_runs(html, allow=people()) + raw_values(html, raw)


def check(client: Any, url: str, *, status: int = 200, method: str = "get", **data: Any) -> str:
    r = getattr(client, method)(url, data, **ZH)
    assert r.status_code == status, (url, r.status_code)
    html = r.content.decode()
    assert 'lang="zh-hans"' in html.lower(), url
    found = problems(html)
    assert found == [], f"{url}: {found}"
    return html


# ---- the detector catches what it must, and only that ------------------------------------


def test_the_detector_finds_planted_english_and_raw_values():
    page = (
        "<p>请于三日内答复</p><p title='Last used'>最近</p><td>dissatisfied</td>"
        "<p>Reply due soon</p><input type='submit' value='Send it'>"
    )
    assert english_runs(page) == ["Last used", "Reply due soon", "Send it"]
    assert raw_values(page, RAW) == ["dissatisfied"]


def test_the_detector_allows_codes_names_and_addresses():
    page = (
        "<p>7KQ2-M8XA-3PRD · HQ → B1-W3</p><p>Hank Handler 已受理</p>"
        "<p>https://example.org/api/v1/grievances/ · ops@example.org</p>"
        "<script>var in_progress = 'Some script text';</script>"
    )
    assert english_runs(page, allow=["Hank Handler"]) == []
    assert raw_values(page, RAW) == []


# ---- a case with every kind of event ----------------------------------------------------------


@pytest.fixture
def story(cast: Any, settings: Any) -> dict[str, Any]:
    """One case through every event kind but a decline (which ends a case), by the lifecycle
    and the sweeps; the sweeps are run with a clock far ahead, so they act on this case where
    it stands. And a litigation matter declined, in a deployment handled in Chinese."""
    settings.LANGUAGE_CODE = "zh-hans"
    declined = received(cast, kind=Kind.LITIGATION)
    lifecycle.decline(declined, by=cast.handler, reasons="已进入诉讼程序")
    first = received(cast)
    # Left at the top and sent to the branch by a routing rule (received, routed).
    RoutingRule.objects.create(category=cast.category, unit=cast.branch_a)
    g = received(cast, unit=cast.hq, route=True, repeat_of=first, headcount=3)
    assert g.unit_id == cast.branch_a.id
    lifecycle.transfer(g, by=cast.head, to_unit=cast.workshop, reasons="由车间办理")
    lifecycle.return_case(fresh(g), by=cast.handler, reasons="不属于本车间")  # returned
    lifecycle.transfer(fresh(g), by=cast.head, to_unit=cast.workshop, reasons="仍由车间办理")
    lifecycle.accept(fresh(g), by=cast.handler, reasons="予以受理")
    sweeps.escalate_overdue(timezone.now() + timedelta(days=90))  # escalated
    lifecycle.assign(fresh(g), by=cast.leader, owner=cast.leader, handler=cast.handler)
    other = received(cast)
    lifecycle.merge(fresh(g), [other], by=cast.leader)  # merged (both sides)
    for kind in (EventKind.VISIT, EventKind.APPOINTMENT, EventKind.DIALOGUE, EventKind.NOTE):
        lifecycle.log_contact(
            fresh(g), by=cast.handler, kind=kind, summary="到车间走访", place="三车间",
            participants=12,
        )  # fmt: skip
    ext = lifecycle.request_extension(fresh(g), by=cast.handler, days=10, reason="需核对考勤")
    lifecycle.decide_extension(ext, by=cast.head, approve=True, note="同意")
    due = fresh(g).resolve_due
    assert due is not None
    s = lifecycle.supervise(fresh(g), by=cast.head, instructions="本周内报告进展", due=due)
    lifecycle.report_progress(s, by=cast.handler, text="正在核算")  # supervision report
    add_attachments(
        fresh(g), [SimpleUploadedFile("考勤.pdf", samples.pdf(), "application/pdf")],
        by=cast.handler,
    )  # fmt: skip
    reply = {"facts": "查明加班费未发放", "decision": "补发", "reasons": "依照薪酬制度"}
    lifecycle.reply(fresh(g), by=cast.leader, **reply)
    sweeps.close_expired_feedback(local_date() + timedelta(days=200))  # closed
    sweeps.end_review_windows(local_date() + timedelta(days=200))  # review window ended
    lifecycle.rate(fresh(g), rating=Rating.DISSATISFIED, comment="金额不对")  # rated
    lifecycle.request_review(fresh(g), reason="补发金额不对")
    lifecycle.decide_review(
        fresh(g), by=cast.head, upheld=False, decision="重新办理", reasons="金额有误"
    )
    lifecycle.reply(fresh(g), by=cast.leader, **reply)
    lifecycle.rate(fresh(g), rating=Rating.BASIC, by=cast.clerk, via_callback=True)  # callback
    lifecycle.request_review(fresh(g), reason="仍不满意")
    lifecycle.decide_review(
        fresh(g), by=cast.chief, upheld=True, decision="维持", reasons="事实清楚"
    )
    # Another module's record links to the case (an incident, an application for assistance).
    record_link(fresh(g), by=cast.leader, module="duty", ref="SJ-20261206-0001", text="配电房停电")
    g = fresh(g)
    assert set(g.events.values_list("kind", flat=True)) == set(EventKind.values) - {
        EventKind.DECLINED
    }
    return {"g": g, "first": first, "other": other, "declined": declined}


def test_every_event_kind_reads_in_chinese_in_the_console(client, cast, story):
    g = story["g"]
    zh(client).force_login(cast.leader)
    html = check(client, reverse("grievances:case", args=[g.code]))
    # Unit names, not codes; labels, not values; outcomes said.
    assert "一分公司 → 一车间" in html and "A → A1" not in html
    assert "不满意" in html and "基本满意" in html
    assert "复查决定：退回重新办理" in html and "复核决定：维持原答复" in html
    assert "延期已批准" in html
    assert "本事项涉及诉讼" not in html  # not a litigation matter
    html = check(client, reverse("grievances:case", args=[story["declined"].code]))
    assert "本事项涉及诉讼" in html


def test_every_public_event_reads_in_chinese_on_the_portal(client, cast, story):
    g = story["g"]
    session = zh(client).session
    session[SESSION_TRACKED] = [g.code]
    session.save()
    html = check(client, reverse("portal:case", args=[g.code]))
    assert "复核决定：维持原答复" in html and "退回重新办理" in html


def test_a_real_regression_is_caught(client, cast, story, monkeypatch):
    """Undo one fix (the timeline's titles fall back to raw values): the check fails."""
    monkeypatch.setattr(timeline, "title", lambda e: e.kind)
    zh(client).force_login(cast.leader)
    r = client.get(reverse("grievances:case", args=[story["g"].code]), **ZH)
    assert {"review_decided", "extension_decided"} <= set(problems(r.content.decode()))


def test_an_english_page_is_caught_everywhere(client, cast, story):
    """The same page in English: the check finds its menu, headings and timeline."""
    client.force_login(cast.leader)
    r = client.get(reverse("grievances:case", args=[story["g"].code]), HTTP_ACCEPT_LANGUAGE="en")
    found = problems(r.content.decode())
    assert {"My cases", "Unit queue", "Facts found", "Extension approved"} <= set(found)


def test_a_declined_litigation_matter_reads_in_the_language_of_the_case(client, cast, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    g = received(cast, kind=Kind.LITIGATION)
    lifecycle.decline(g, by=cast.handler, reasons="已进入诉讼程序")
    session = zh(client).session
    session[SESSION_TRACKED] = [g.code]
    session.save()
    html = check(client, reverse("portal:case", args=[g.code]))
    assert "已进入诉讼程序" in html and "请通过人民法院或人民检察院" in html


# ---- every page, as every persona ------------------------------------------------------------

PERSONAS = ["clerk", "handler", "leader", "head", "chief", "auditor", "outsider"]
# Console pages that take an argument are opened below with the story's case; these answer
# only POST or send a file.
NOT_PAGES = {
    "duty:incident_act",
    "grievances:act",
    "grievances:attachment",
    "grievances:decide_extension",
    "notices:read",
    "notices:read_all",
    "audit:check",  # a POST that brings the chain check forward
    "duty:add_shift",  # POST only
    "duty:phone",  # POST only
}


def console_pages() -> list[tuple[str, bool]]:
    """(URL name, takes arguments) of every named page under /console/."""
    out: list[tuple[str, bool]] = []

    def walk(patterns: list[Any], prefix: str, ns: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                name = f"{ns}{p.namespace}:" if p.namespace else ns
                walk(p.url_patterns, prefix + str(p.pattern), name)
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                if route.startswith("console/"):
                    out.append((ns + p.name, "<" in route))

    walk(get_resolver().url_patterns, "", "")
    return sorted(set(out))


@pytest.mark.parametrize("who", PERSONAS)
def test_every_console_page_reads_in_chinese(client, cast, story, who):
    user = getattr(cast, who)
    zh(client).force_login(user)
    g = story["g"]
    seen = 0
    for name, has_args in console_pages():
        if name in NOT_PAGES or has_args:
            continue
        r = client.get(reverse(name), **ZH)
        if r.status_code in (301, 302):
            continue  # an old address, redirected
        # A page the persona may not open answers 403, and that page is read too.
        assert r.status_code in (200, 403), (who, name, r.status_code)
        raw = RAW
        if name == "audit:log":  # shows login names, and the cast's are its role values
            raw = RAW - set(get_user_model().objects.values_list("username", flat=True))
        found = problems(r.content.decode(), raw)
        assert found == [], f"{who} {name}: {found}"
        seen += 1
    assert seen >= 7
    # The lists with their filters open, sorted, with closed cases.
    for view in ("grievances:home", "grievances:queue", "grievances:supervised"):
        check(client, reverse(view), filters="1", sort="due", closed="on")
    # Search results, with their export links and the filters open.
    html = check(client, reverse("search:results"), q=g.subject, filters="1")
    if who != "outsider":
        assert "export=xlsx" in html
        check(client, reverse("grievances:case", args=[g.code]))
        check(client, reverse("grievances:case", args=[story["first"].code]))
        check(client, reverse("grievances:case", args=[story["declined"].code]))
    else:
        check(client, reverse("grievances:case", args=[g.code]), status=404)


def test_every_action_form_and_its_errors_read_in_chinese(client, cast):
    """The case page with every form a leader and a head are offered, and the same page
    answering a form sent empty."""
    g = received(cast)
    zh(client).force_login(cast.head)
    check(client, reverse("grievances:case", args=[g.code]))
    for action in ("decline", "transfer", "merge", "supervise"):
        url = reverse("grievances:act", args=[g.code, action])
        check(client, url, method="post", status=400)
    lifecycle.accept(g, by=cast.handler)
    zh(client).force_login(cast.leader)
    html = check(client, reverse("grievances:case", args=[g.code]))
    assert "一车间" in html  # the assign form's people carry their unit


def test_registering_and_the_receipt_read_in_chinese(client, cast):
    zh(client).force_login(cast.clerk)
    check(client, reverse("grievances:register"))
    check(client, reverse("grievances:register"), method="post", status=400)
    data = {
        "channel": Channel.WALK_IN,
        "kind": Kind.COMPLAINT,
        "unit": cast.workshop.pk,
        "subject": "宿舍停水",
        "description": "宿舍三天没有水。",
        "identity_mode": IdentityMode.NAMED,
        "name": "张晓明",
        "phone": "13812345678",
        "headcount": 1,
    }
    r = client.post(reverse("grievances:register"), data, **ZH)
    assert r.status_code == 302, r.content.decode()[:2000]
    check(client, r["Location"])
    g = Grievance.objects.get(subject="宿舍停水")
    check(client, reverse("grievances:identity", args=[g.code]))


def test_every_portal_page_reads_in_chinese(client, cast):
    zh(client)
    for name in ("portal:home", "portal:submit", "portal:track"):
        check(client, reverse(name))
    check(client, reverse("portal:submit"), method="post", status=400)
    check(client, reverse("portal:track"), method="post", status=400)
    data = {
        "kind": Kind.COMPLAINT,
        "subject": "宿舍停水",
        "description": "宿舍三天没有水。",
        "identity_mode": IdentityMode.ANONYMOUS,
        "headcount": 1,
    }
    r = client.post(reverse("portal:submit"), data, **ZH)
    assert r.status_code == 302, r.content.decode()[:3000]
    check(client, r["Location"])  # the receipt
    g = Grievance.objects.get(subject="宿舍停水")
    check(client, reverse("portal:case", args=[g.code]))
    # replied: the rating and review forms, and their errors
    lifecycle.transfer(g, by=cast.chief, to_unit=cast.workshop, reasons="由车间办理")
    lifecycle.accept(fresh(g), by=cast.handler)
    lifecycle.assign(fresh(g), by=cast.leader, owner=cast.leader, handler=cast.handler)
    lifecycle.reply(fresh(g), by=cast.leader, facts="查明", decision="修复", reasons="依规")
    check(client, reverse("portal:case", args=[g.code]))
    check(client, reverse("portal:rate", args=[g.code]), method="post", status=400)
    check(client, reverse("portal:review", args=[g.code]), method="post", status=400)


def test_the_admin_token_form_reads_in_chinese(client, cast):
    root = get_user_model().objects.create_superuser("root", password="x")
    zh(client).force_login(root)
    r = client.get(reverse("admin:api_apitoken_add"), **ZH)
    html = r.content.decode()
    # The form's user list shows usernames (the demo's are `clerk`, `handler`, …): names.
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert r.status_code == 200 and problems(html, RAW - usernames) == []
    assert "Prefix" not in html and "Last used" not in html and "Created" not in html
    token = ApiToken(name="热线", user=cast.clerk, unit=cast.workshop, scopes=[])
    token.set_key(ApiToken.new_key())
    token.save()
    for url in (
        reverse("admin:api_apitoken_changelist"),
        reverse("admin:api_apitoken_change", args=[token.pk]),
    ):
        r = client.get(url, **ZH)
        html = r.content.decode()
        assert r.status_code == 200 and problems(html, RAW - usernames) == [], url
        assert "Prefix" not in html and "Last used" not in html


def test_the_incident_pages_read_in_chinese(client, cast):
    """An incident with a late initial report, a correction, an acknowledged alert, a linked
    grievance and a missing final report; its list filtered, and its forms sent empty."""
    from duty import escalation, incidents, sweeps
    from duty.models import Alert, Shift

    now = timezone.now()
    Shift.objects.create(
        unit=cast.workshop, starts=now - timedelta(days=9), ends=now + timedelta(hours=2),
        officer=cast.handler, leader=cast.leader,
    )  # fmt: skip
    i = incidents.file_initial(
        by=cast.handler, unit=cast.workshop, title="三号仓库屋顶漏水", kind="safety",
        severity=1, place="三号仓库", occurred_at=now - timedelta(days=8, hours=2),
        known_at=now - timedelta(days=8, hours=1), people_affected=3,
        what_happened="暴雨导致漏水。",
    )  # fmt: skip
    incidents.correct(i.reports.get(), by=cast.leader, reason="人数核实", people_affected=5)
    escalation.acknowledge(Alert.objects.get(), by=cast.leader)
    g = received(cast)
    incidents.link_grievance(i, by=cast.leader, code=g.code)
    sweeps.mark_missing()
    zh(client).force_login(cast.leader)
    html = check(client, reverse("duty:incident", args=[i.code]))
    assert "漏报" in html and "迟报" in html and "已更正" in html
    check(client, reverse("duty:incidents"), severity="1", missing="1")
    check(client, reverse("duty:incident_new"))
    check(client, reverse("duty:incident_new"), method="post", status=400)
    for action in ("correct", "link", "follow-up"):
        url = reverse("duty:incident_act", args=[i.code, action])
        check(client, url, method="post", status=400)
    check(client, reverse("grievances:case", args=[g.code]))


# ---- the duty roster, with shifts, a swap, a handover and a refusal ------------------------------


def test_the_duty_roster_pages_read_in_chinese(client, cast):
    from duty.models import SwapRequest
    from duty.roster import save_shift, set_duty_phone
    from duty.shift_changes import request_swap, write_handover

    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    set_duty_phone(cast.handler, "13800001111", by=cast.handler)
    first = save_shift(
        cast.workshop,
        by=cast.leader,
        starts=hour - timedelta(hours=20),
        ends=hour + timedelta(hours=1),
        officer=cast.handler,
        leader=cast.leader,
    )
    save_shift(
        cast.workshop,
        by=cast.leader,
        starts=hour + timedelta(hours=1),
        ends=hour + timedelta(hours=25),
        officer=cast.clerk,
        leader=cast.leader,
    )
    later = save_shift(
        cast.workshop,
        by=cast.leader,
        starts=hour + timedelta(days=3),
        ends=hour + timedelta(days=4),
        officer=cast.handler,
        leader=cast.leader,
    )
    another = save_shift(
        cast.workshop,
        by=cast.leader,
        starts=hour + timedelta(days=5),
        ends=hour + timedelta(days=6),
        officer=cast.handler,
        leader=cast.leader,
    )
    write_handover(first, by=cast.handler, happened="夜间平稳。", open_items="泵房漏水待修。")
    request_swap(later, by=cast.handler, role="officer", replacement=cast.clerk, reason="家中有事")
    month = timezone.localtime(now).strftime("%Y-%m")
    pages = ["duty:now", "duty:coverage", "duty:mine", "duty:heightened", "duty:roster"]
    for who in ("handler", "clerk", "leader", "head", "auditor"):
        zh(client).force_login(getattr(cast, who))
        for name in pages:
            check(client, reverse(name))
        check(client, reverse("duty:roster"), unit="A1", month=month)
    zh(client).force_login(cast.handler)
    assert 'name="replacement"' in check(client, reverse("duty:mine"), swap=another.pk)
    zh(client).force_login(cast.leader)
    html = check(
        client,
        reverse("duty:generate"),
        method="post",
        unit="A1",
        first_day=(timezone.localdate() + timedelta(days=10)).isoformat(),
        days="3",
        cadence="daily",
        start_hour="8",
        start_minute="30",
        officers="handler clerk",
        preview="1",
    )
    assert "预览" in html
    # A refusal reads in Chinese: an overlapping shift.
    r = client.post(
        reverse("duty:add_shift"),
        {
            "unit": "A1",
            "starts": timezone.localtime(hour).strftime("%Y-%m-%dT%H:%M"),
            "ends": timezone.localtime(hour + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "officer": cast.clerk.pk,
        },
        follow=True,
        **ZH,
    )
    html = r.content.decode()
    assert "时间重叠" in html and problems(html) == []
    assert SwapRequest.objects.count() == 1


# ---- hardship assistance: the register, an application at every step, the public notices -------


def test_the_assistance_pages_read_in_chinese(client, cast):
    """Households and applications at every stage with their forms (and those forms sent
    empty), an objection waiting and one answered, and the portal's public notices."""
    import time_machine

    from assistance import lifecycle as assist
    from assistance.models import (
        AppState,
        Decision,
        HardshipType,
        HouseholdStatus,
        PaymentMethod,
        ProgrammeKind,
    )
    from assistance.models import (
        Channel as AChannel,
    )
    from assistance.tests.helpers import household, programme, to_state

    raw = RAW | choice_values(
        AppState, AChannel, Decision, HardshipType, HouseholdStatus, PaymentMethod, ProgrammeKind
    )
    p = programme(cast)
    applied = assist.apply(household(cast, hardship_types=["illness", "disability"]), p,
                           by=cast.clerk)  # fmt: skip
    verified = to_state(cast, "verified", p=p)
    noticed = to_state(cast, "on_notice", p=p)
    waiting, _again = assist.lodge_objection(noticed, text="请再核实收入")
    answered_app = to_state(cast, "on_notice", p=p)
    o, _again = assist.lodge_objection(answered_app, text="有车", name="匿名者")
    assist.answer_objection(o, by=cast.handler, answer="经核实无车", upheld=False)
    paid = to_state(cast, "paid", p=p)
    closed = household(cast)
    assist.close_household(closed, by=cast.handler, reason="困难解除")
    zh(client).force_login(cast.leader)
    html = check(client, reverse("console_home"))
    assert "答复公示异议" in html and problems(html, raw) == []
    for h in (applied.household, paid.household, closed):
        html = check(client, reverse("assistance:household", args=[h.code]))
        assert problems(html, raw) == []
    for a in (applied, verified, noticed, answered_app, paid):
        html = check(client, reverse("assistance:application", args=[a.code]))
        assert problems(html, raw) == []
    for step in ("visit", "refuse"):
        url = reverse("assistance:application_act", args=[applied.code, step])
        check(client, url, method="post", status=400)
    url = reverse("assistance:application_act", args=[verified.code, "committee"])
    check(client, url, method="post", status=400)
    url = reverse("assistance:application_act", args=[noticed.code, "approve"])
    check(client, url, method="post", status=400)
    url = reverse("assistance:application_act", args=[paid.code, "reverify"])
    check(client, url, method="post", status=400)
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        client.force_login(cast.leader)
        html = check(client, reverse("assistance:reverification"))
        assert paid.code in html and problems(html, raw) == []
    client.force_login(cast.leader)
    url = reverse("assistance:application_act", args=[paid.code, "pay"])
    data = {"amount": "9999", "paid_on": local_date(timezone.now()).isoformat(), "method": "bank"}
    r = client.post(url, data, **ZH)
    assert r.status_code == 400 and problems(r.content.decode(), raw) == []
    assert "超出批准金额 2,000.00 元：已支付 2,000.00 元" in r.content.decode()
    check(client, reverse("assistance:register"), method="post", status=400)
    for step in ("change", "member", "close", "apply"):
        url = reverse("assistance:household_act", args=[applied.household.code, step])
        check(client, url, method="post", status=400)
    html = check(client, reverse("assistance:programme", args=[p.pk]))
    assert problems(html, raw) == [] and "符合该规则" in html
    html = check(client, reverse("assistance:programmes"))
    assert problems(html, raw) == []
    r = client.get(reverse("assistance:households"), {"status": "closed"}, **ZH)
    assert r.status_code == 200 and problems(r.content.decode(), raw) == []
    check(client, reverse("assistance:applications"), state="paid")
    client.logout()
    html = check(client, reverse("notices"))
    assert problems(html, raw) == [] and "医疗救助" in html
    check(client, reverse("notice_objection", args=[noticed.code]))
    check(client, reverse("notice_objection", args=[noticed.code]), method="post", status=400)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        assert noticed.code not in check(client, reverse("notices"))
    assert waiting.answered_at is None


# ---- assistlinks: referral panel on the case page, reports, festival payment --------------------


def test_the_assistance_links_reports_and_festival_read_in_chinese(client, cast):
    from decimal import Decimal

    from assistance.models import AppState, ProgrammeKind
    from assistance.models import Channel as AChannel
    from assistance.tests.helpers import household, programme, to_state
    from grievances import lifecycle as glife

    raw = RAW | choice_values(AppState, AChannel, ProgrammeKind)
    g, _secret = cast.submit()
    glife.accept(g, by=cast.leader)
    g.refresh_from_db()
    glife.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    p = programme(cast)
    h = household(cast, id_number="110101199001011234")
    to_state(cast, "paid", p=p, h=h)
    zh(client).force_login(cast.handler)
    url = reverse("assistance:refer", args=[g.code])
    r = client.post(url, {"programme": p.pk}, follow=True, **ZH)
    html = r.content.decode()
    assert "转介困难帮扶" in html and problems(html, raw) == []
    fest = programme(cast, name="春节慰问", kind=ProgrammeKind.FESTIVAL, budget=Decimal("100"))
    client.force_login(cast.leader)
    html = check(client, reverse("grievances:case", args=[g.code]))
    assert "转介困难帮扶" in html and problems(html, raw) == []
    html = check(client, reverse("assistance:reports"))
    assert "预算执行情况" in html and problems(html, raw) == []
    check(client, reverse("assistance:reports"), status=400, year="x")
    html = check(client, reverse("assistance:programme", args=[fest.pk]))
    assert "节日慰问" in html and problems(html, raw) == []
    url = reverse("assistance:festival_pay", args=[fest.pk])
    check(client, url, method="post", status=400)
    today = local_date(timezone.now()).isoformat()
    r = client.post(url, {"paid_on": today, "method": "cash"}, **ZH)
    assert r.status_code == 400 and "超出该项目本期预算" in r.content.decode()
    assert problems(r.content.decode(), raw) == []
