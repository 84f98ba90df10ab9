"""The roster's console pages: on duty now (with phones for staff), the month roster and
its export, the generator, coverage, my duty; scoping by unit (an outsider gets 404)."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from duty.models import Handover, Shift, SwapRequest, SwapState
from duty.roster import set_duty_phone, todo_items
from duty.shift_changes import request_swap, write_handover
from duty.tests.roster_helpers import at, frozen, shift


def test_on_duty_now_shows_names_and_phones_to_staff(client, cast):
    set_duty_phone(cast.handler, "138 0000 1111", by=cast.handler)
    with frozen(2026, 11, 2, 12, 0):
        shift(cast, at(2026, 11, 2), at(2026, 11, 3), officer=cast.handler, leader=cast.leader)
        client.force_login(cast.head)
        html = client.get(reverse("duty:now")).content.decode()
    assert "Hank Handler" in html and "Lena Leader" in html and "138 0000 1111" in html
    assert "Nobody on duty" in html  # the branch itself has no shift


def test_the_public_does_not_get_the_duty_pages(client, cast):
    r = client.get(reverse("duty:now"))
    assert r.status_code == 302  # to the login page


def test_the_phone_is_stored_encrypted(cast):
    from django.db import connection

    set_duty_phone(cast.handler, "13800001111", by=cast.handler)
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM duty_dutycontact")
        (stored,) = cur.fetchone()
    assert "13800001111" not in stored


def test_the_month_roster_lists_the_shifts_and_exports_xlsx(client, cast):
    shift(cast, at(2026, 10, 1), at(2026, 10, 2), leader=cast.leader)
    client.force_login(cast.leader)
    url = reverse("duty:roster") + "?unit=A1&month=2026-10"
    html = client.get(url).content.decode()
    assert "Hank Handler" in html and "heightened" in html
    csv = b"".join(client.get(url + "&export=csv").streaming_content).decode("utf-8-sig")
    assert "Hank Handler" in csv and "Lena Leader" in csv
    r = client.get(url + "&export=xlsx")  # last: closing the file ends the request
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    r.close()
    assert rows[1][2:4] == ["Hank Handler", "Lena Leader"]


def test_an_outsider_gets_404_for_another_units_roster(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("duty:roster") + "?unit=A1").status_code == 404


def test_adding_a_shift_from_the_console_and_a_refusal_message(client, cast):
    client.force_login(cast.leader)
    data = {
        "unit": "A1",
        "starts": "2026-11-02T08:30",
        "ends": "2026-11-03T08:30",
        "officer": cast.handler.pk,
    }
    r = client.post(reverse("duty:add_shift"), data, follow=True)
    assert "The shift is on the roster." in r.content.decode()
    r = client.post(reverse("duty:add_shift"), {**data, "officer": cast.clerk.pk}, follow=True)
    assert "overlaps" in r.content.decode()
    assert Shift.objects.count() == 1


def test_the_generator_previews_then_saves(client, cast):
    client.force_login(cast.leader)
    url = reverse("duty:generate") + "?unit=A1"
    form = {
        "unit": "A1",
        "first_day": "2026-11-02",
        "days": "5",
        "cadence": "daily",
        "start_hour": "8",
        "start_minute": "30",
        "officers": "handler clerk",
        "leaders": "",
    }
    r = client.post(url, {**form, "preview": "1"})
    assert r.status_code == 200 and "Cleo Clerk" in r.content.decode()
    assert Shift.objects.count() == 0
    r = client.post(url, {**form, "save": "1"})
    assert r.status_code == 302
    assert Shift.objects.count() == 5
    r = client.post(url, {**form, "officers": "nobody", "preview": "1"})
    assert "No such user: nobody." in r.content.decode()


def test_a_handler_cannot_open_the_generator(client, cast):
    client.force_login(cast.handler)
    assert client.get(reverse("duty:generate")).status_code == 403


def test_a_rotation_posted_for_a_unit_one_may_not_arrange_is_refused(client, cast):
    from orgs.models import Membership, Role

    # The leader leads the workshop and is a handler in branch B: sees B, may not arrange it.
    Membership.objects.create(user=cast.leader, unit=cast.branch_b, role=Role.HANDLER)
    client.force_login(cast.leader)
    form = {"unit": "B", "first_day": "2026-11-02", "days": "3", "cadence": "daily"}
    r = client.post(reverse("duty:generate"), {**form, "officers": "leader", "save": "1"})
    assert r.status_code == 403
    r = client.post(
        reverse("duty:generate"), {**form, "unit": "A", "officers": "head", "save": "1"}
    )
    assert r.status_code == 404  # a unit the leader does not see
    assert not Shift.objects.exists()


def test_coverage_shows_the_gaps_in_the_next_30_days(client, cast):
    with frozen(2026, 11, 2, 0, 0):
        shift(cast, at(2026, 11, 2, 0, 0), at(2026, 11, 20, 0, 0))
        client.force_login(cast.leader)
        html = client.get(reverse("duty:coverage")).content.decode()
    assert "2026-11-20 00:00 – 2026-12-02 00:00" in html


def test_my_duty_swap_and_handover_from_the_console(client, cast):
    with frozen(2026, 11, 2, 12, 0):
        first = shift(cast, at(2026, 11, 2), at(2026, 11, 3), officer=cast.handler)
        shift(cast, at(2026, 11, 3), at(2026, 11, 4), officer=cast.clerk)
        later = shift(cast, at(2026, 11, 5), at(2026, 11, 6), officer=cast.handler)
        client.force_login(cast.handler)
        assert client.get(reverse("duty:mine")).status_code == 200
        html = client.get(reverse("duty:mine"), {"swap": later.pk}).content.decode()
        assert 'name="replacement"' in html
        r = client.post(
            reverse("duty:act", args=["write-handover", first.pk]),
            {"happened": "平稳", "open_items": ""},
            follow=True,
        )
        assert r.status_code == 200
        client.post(
            reverse("duty:act", args=["request-swap", later.pk]),
            {"role": "officer", "replacement": cast.clerk.pk, "reason": "家中有事"},
        )
        assert SwapRequest.objects.get().state == SwapState.PENDING
        client.force_login(cast.clerk)
        note = Handover.objects.get()
        client.post(reverse("duty:act", args=["acknowledge-handover", note.pk]))
        note.refresh_from_db()
        assert note.acknowledged_by == cast.clerk
        client.force_login(cast.head)
        swap = SwapRequest.objects.get()
        client.post(reverse("duty:act", args=["decide-swap", swap.pk]), {"decision": "approve"})
    later.refresh_from_db()
    assert later.officer == cast.clerk


def test_an_outsider_cannot_reach_a_shift_through_the_act_page(client, cast):
    with frozen(2026, 11, 2, 12, 0):
        first = shift(cast, at(2026, 11, 2), at(2026, 11, 3), officer=cast.handler)
        client.force_login(cast.outsider)
        r = client.post(reverse("duty:act", args=["write-handover", first.pk]), {"happened": "x"})
    assert r.status_code == 404
    assert not Handover.objects.exists()


def test_the_todo_items_reach_the_head_and_the_next_officer(cast):
    with frozen(2026, 11, 2, 12, 0):
        first = shift(cast, at(2026, 11, 2), at(2026, 11, 3), officer=cast.handler)
        shift(cast, at(2026, 11, 3), at(2026, 11, 4), officer=cast.clerk)
        later = shift(cast, at(2026, 11, 5), at(2026, 11, 6), officer=cast.handler)
        write_handover(first, by=cast.handler, happened="平稳")
        request_swap(later, by=cast.handler, role="officer", replacement=cast.clerk, reason="x")
    assert [str(i.what) for i in todo_items(cast.clerk)] == ["Acknowledge a handover note"]
    assert [str(i.what) for i in todo_items(cast.head)] == ["Decide a duty swap"]
    assert todo_items(cast.chief) == []  # the nearest head is asked, not every head above
    assert todo_items(cast.outsider) == [] and todo_items(cast.leader) == []
    assert todo_items(cast.head)[0].due == date(2026, 11, 5)


def test_heightened_periods_page_lets_a_head_add_one(client, cast):
    client.force_login(cast.head)
    r = client.post(
        reverse("duty:heightened"),
        {
            "name": "重要会议",
            "first_day": "2030-11-10",
            "last_day": "2030-11-11",
            "unit": cast.branch_a.pk,
        },
        follow=True,
    )
    assert "重要会议" in r.content.decode()
    client.force_login(cast.handler)
    r = client.post(
        reverse("duty:heightened"),
        {"name": "x", "first_day": "2026-11-10", "last_day": "2026-11-11"},
    )
    assert r.status_code == 403
