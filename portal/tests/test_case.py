from __future__ import annotations

from django.utils import timezone

from grievances import lifecycle
from grievances.models import EventKind, State
from portal.tests.helpers import REPLY, replied_case, track, tracked_client, work_on


def page(client, g):
    response = client.get(f"/track/{g.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_shows_state_dates_and_the_full_reply(client, cast):
    g, secret = replied_case(cast)
    html = page(tracked_client(client, g, secret), g)
    assert "Replied" in html
    # The page shows local (Shanghai) dates: in the UTC evening they are already tomorrow's.
    assert timezone.localdate(g.received_at).isoformat() in html
    assert g.next_due.isoformat() in html  # the feedback window
    for text in REPLY.values():
        assert text in html


def test_the_public_timeline_lists_every_public_step_in_order(client, cast):
    g, secret = replied_case(cast)
    html = page(tracked_client(client, g, secret), g)
    labels = ["Received", "Accepted", "Owner and handler assigned", "Outreach visit", "Replied"]
    positions = [html.index(f"<strong>{label}</strong>") for label in labels]
    assert positions == sorted(positions)


def test_only_decisions_and_replies_show_their_text_on_the_timeline(client, cast):
    g, secret = replied_case(cast)
    html = page(tracked_client(client, g, secret), g)
    assert "属于本单位职责范围" in html  # the reasons for accepting
    assert "到车间走访" not in html  # a visit summary is written for staff


def test_internal_notes_never_appear_on_the_portal(client, cast):
    g, secret = cast.submit()
    g = work_on(cast, g)
    lifecycle.log_contact(g, by=cast.handler, kind=EventKind.NOTE, summary="内部备注：先不要答复")
    html = page(tracked_client(client, g, secret), g)
    assert "内部备注" not in html and "Internal note" not in html


def test_staff_are_shown_as_staff_never_by_name(client, cast):
    g, secret = replied_case(cast)
    html = page(tracked_client(client, g, secret), g)
    assert "staff" in html
    for name in ("Hank", "Handler Hank", "Lena", "Leader"):
        assert name not in html


def test_the_complainants_personal_details_are_not_on_the_case_page(client, cast):
    g, secret = replied_case(cast)
    html = page(tracked_client(client, g, secret), g)
    for detail in ("张晓明", "13812345678", "110101199001011234"):
        assert detail not in html


def test_html_in_the_subject_is_shown_as_text(client, cast):
    g, secret = cast.submit(
        subject="<script>alert(1)</script><b>x</b>", description="<img src=x onerror=alert(2)>"
    )
    html = page(tracked_client(client, g, secret), g)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_html_in_a_reply_is_shown_as_text(client, cast):
    g, secret = cast.submit()
    g = work_on(cast, g)
    lifecycle.reply(g, by=cast.leader, facts="<i>f</i>", decision="<u>d</u>", reasons="r")
    html = page(tracked_client(client, g, secret), g)
    assert "&lt;i&gt;f&lt;/i&gt;" in html and "<i>f</i>" not in html


def test_the_case_page_needs_the_code_and_secret_first(client, cast):
    g, _secret = cast.submit()
    response = client.get(f"/track/{g.code}/", follow=True)
    assert response.redirect_chain == [("/track/", 302)]
    assert "Enter your receipt code and secret to see your case." in response.content.decode()


def test_opening_one_case_does_not_open_another(client, cast):
    g1, secret1 = cast.submit()
    g2, _secret2 = cast.submit(subject="另一件事")
    tracked_client(client, g1, secret1)
    response = client.get(f"/track/{g2.code}/")
    assert response.status_code == 302 and response["Location"] == "/track/"


def test_a_declined_case_shows_why(client, cast):
    g, secret = cast.submit()
    lifecycle.decline(g, by=cast.handler, reasons="不属于本单位职责，请向劳动监察部门反映")
    html = page(tracked_client(client, g, secret), g)
    assert "Declined" in html and "请向劳动监察部门反映" in html


def test_a_merged_complainant_sees_the_collective_reply_and_can_rate_it(client, cast):
    primary, _ = cast.submit(subject="加班费（甲）")
    other, secret = cast.submit(subject="加班费（乙）", headcount=3)
    lifecycle.merge(primary, [other], by=cast.leader)
    tracked_client(client, other, secret)
    before = page(client, other)
    assert "Merged into a collective case" in before
    assert "joined with others about the same problem" in before
    assert primary.code not in before  # another person's receipt code stays private

    primary.refresh_from_db()
    lifecycle.reply(work_on(cast, primary), by=cast.leader, **REPLY)
    after = page(client, other)
    assert REPLY["decision"] in after and REPLY["facts"] in after
    assert f'action="/track/{other.code}/rate/"' in after

    response = client.post(f"/track/{other.code}/rate/", {"rate-rating": "satisfied"})
    assert response.status_code == 302
    other.refresh_from_db()
    primary.refresh_from_db()
    assert other.state == State.CLOSED and other.rating == "satisfied"
    assert primary.state == State.REPLIED and primary.rating == ""


def test_a_wrong_secret_for_a_merged_case_does_not_show_it(client, cast):
    primary, _ = cast.submit()
    other, _secret = cast.submit()
    lifecycle.merge(primary, [other], by=cast.leader)
    assert track(client, other.code, "WRONGSEC").status_code == 200
    assert client.get(f"/track/{other.code}/").status_code == 302


def test_staff_logged_in_elsewhere_get_no_shortcut_to_a_case_on_the_portal(client, cast):
    g, _secret = replied_case(cast)
    client.force_login(cast.outsider)
    response = client.get(f"/track/{g.code}/")
    assert response.status_code == 302 and response["Location"] == "/track/"
    response = client.post(f"/track/{g.code}/review/", {"review-reason": "冒名复查"})
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.state == State.REPLIED
