from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from duty import incidents
from duty.models import AlertPage, IncidentState, Report, ReportKind
from duty.tests.incident_helpers import at, frozen, initial, refused, shift
from notices.models import Notice

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 6, 21, 30)


def test_the_initial_report_opens_an_incident_with_a_code_and_reaches_the_officer(cast):
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        i = initial(cast, NOW - timedelta(minutes=20))
    assert i.code == "SJ-20261206-0001"
    assert i.state == IncidentState.OPEN
    r = i.reports.get()
    assert (r.kind, r.sequence, r.version, r.late) == (ReportKind.INITIAL, 1, 1, False)
    assert r.reported_at == NOW  # the server's time, never typed in
    assert list(AlertPage.objects.values_list("user__username", "step")) == [("handler", "officer")]
    assert Notice.objects.filter(kind="incident.alert", recipient=cast.handler).exists()


def test_codes_count_up_within_a_day(cast):
    with frozen(NOW):
        a = initial(cast, NOW)
        b = initial(cast, NOW)
    assert (a.code, b.code) == ("SJ-20261206-0001", "SJ-20261206-0002")


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"occurred_at": NOW + timedelta(minutes=5)}, "happened is in the future"),
        ({"known_at": NOW + timedelta(minutes=5)}, "became known is in the future"),
        (
            {"occurred_at": NOW - timedelta(minutes=1), "known_at": NOW - timedelta(minutes=30)},
            "cannot have happened after",
        ),
        ({"severity": 5}, "I, II, III and IV"),
        ({"severity": 0}, "I, II, III and IV"),
        ({"what_happened": "  "}, "what happened"),
        ({"people_affected": -3}, "whole number"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(cast, kw, message):
    with frozen(NOW), refused(message):
        initial(cast, **{"known_at": NOW - timedelta(minutes=40), **kw})


def test_the_refusal_reads_in_chinese(cast):
    with frozen(NOW), translation.override("zh-hans"), refused("未来"):
        initial(cast, NOW + timedelta(hours=1))


def test_a_unit_the_user_does_not_act_in_is_refused(cast):
    with frozen(NOW), refused("unit you act in"):
        initial(cast, NOW, by=cast.outsider)
    with frozen(NOW), refused("unit you act in"):
        initial(cast, NOW, by=cast.auditor)


def test_the_duty_officer_on_shift_may_report_without_a_role_there(cast):
    from django.contrib.auth import get_user_model

    temp = get_user_model().objects.create_user("temp")
    shift(cast, at(2026, 12, 6, 8), officer=temp)
    with frozen(NOW):
        i = initial(cast, NOW, by=temp)
    assert i.created_by == temp


def test_follow_up_and_final_reports_number_on_and_the_final_closes(cast):
    with frozen(NOW):
        i = initial(cast, NOW - timedelta(minutes=5))
    with frozen(NOW + timedelta(hours=2)):
        r2 = incidents.file_follow_up(
            i, by=cast.handler, version=i.version, what_happened="积水已抽干。", people_affected=5
        )
    i.refresh_from_db()
    assert (r2.sequence, r2.kind, r2.place, r2.people_affected) == (2, "follow_up", "三号仓库", 5)
    assert i.people_affected == 5
    with frozen(NOW + timedelta(days=1)):
        r3 = incidents.file_final(i, by=cast.leader, what_happened="已修复屋顶，无人员伤亡。")
    i.refresh_from_db()
    assert (r3.sequence, r3.kind, r3.late) == (3, "final", False)
    assert i.state == IncidentState.CLOSED and i.next_due is None
    with frozen(NOW + timedelta(days=2)), refused("closed"):
        incidents.file_follow_up(i, by=cast.handler, what_happened="又漏水。")


def test_a_follow_up_needs_what_happened_and_a_current_version(cast):
    with frozen(NOW):
        i = initial(cast, NOW)
    with frozen(NOW), refused("what happened"):
        incidents.file_follow_up(i, by=cast.handler, what_happened="")
    with frozen(NOW), refused("Someone else changed"):
        incidents.file_follow_up(i, by=cast.handler, version=i.version - 1, what_happened="x")


def test_reports_are_evidence_rows_that_cannot_be_changed(cast):
    from audit.models import AppendOnlyError

    with frozen(NOW):
        i = initial(cast, NOW)
    r = i.reports.get()
    r.what_happened = "改写"
    with pytest.raises(AppendOnlyError):
        r.save()
    with pytest.raises(AppendOnlyError):
        Report.objects.filter(pk=r.pk).update(what_happened="改写")
