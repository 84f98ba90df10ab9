"""The notice settings page: a mode per kind and a language; bad input saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from minsheng.errors import DomainError
from notices.models import NoticeSettings, Preference
from notices.preferences import set_preferences


def test_the_page_shows_every_staff_kind_with_its_default(client, staff):
    client.force_login(staff.handler)
    page = client.get(reverse("notices:settings")).content.decode()
    assert "An overdue case was escalated to you" in page
    assert "Your grievance was accepted" not in page  # complainants' kinds are not staff's
    assert 'name="mode-grievance.due_soon"' in page


def test_saving_modes_and_language(client, staff):
    client.force_login(staff.handler)
    response = client.post(
        reverse("notices:settings"),
        {
            "mode-grievance.overdue": "digest",
            "mode-grievance.escalated": "off",
            "language": "zh-hans",
        },
        follow=True,
    )
    assert "Your notice settings are saved." in response.content.decode()
    assert dict(Preference.objects.filter(user=staff.handler).values_list("kind", "mode")) == {
        "grievance.overdue": "digest",
        "grievance.escalated": "off",
    }
    assert NoticeSettings.objects.get(user=staff.handler).language == "zh-hans"
    record = AuditRecord.objects.get(action="notices.preferences")
    assert record.data == {
        "grievance.overdue": "digest",
        "grievance.escalated": "off",
        "language": "zh-hans",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode-grievance.nonexistent": "off"}, "There is no kind of notice called"),
        ({"mode-grievance.overdue": "hourly"}, "is not a way to receive notices"),
        ({"mode-complainant.accepted": "off"}, "is sent to complainants"),
        ({"language": "fr"}, "is not a language of this site"),
    ],
)
def test_bad_input_gives_a_clear_message_and_saves_nothing(client, staff, data, message):
    client.force_login(staff.handler)
    response = client.post(reverse("notices:settings"), {"mode-grievance.escalated": "off", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Preference.objects.count() == 0
    assert NoticeSettings.objects.count() == 0
    assert not AuditRecord.objects.filter(action="notices.preferences").exists()


def test_a_preference_for_an_unknown_kind_is_refused_by_the_action_too(staff):
    with pytest.raises(DomainError):
        set_preferences(staff.handler, modes={"nope": "off"})
    assert Preference.objects.count() == 0


def test_saving_the_same_settings_again_changes_nothing(staff):
    set_preferences(staff.handler, modes={"grievance.overdue": "off"})
    assert set_preferences(staff.handler, modes={"grievance.overdue": "off"}) == {}
    assert AuditRecord.objects.filter(action="notices.preferences").count() == 1


def test_one_user_s_settings_do_not_touch_another_s(staff):
    set_preferences(staff.handler, modes={"grievance.overdue": "off"})
    assert not Preference.objects.filter(user=staff.leader).exists()


def test_the_settings_page_speaks_chinese(client, staff):
    client.force_login(staff.handler)
    page = client.get(reverse("notices:settings"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "通知设置" in page
    assert "每日汇总" in page
