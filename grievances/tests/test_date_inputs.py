"""Dates in date inputs are ISO 8601 in every language. A browser's date input accepts
nothing else: the Chinese interface rendered 2025/12/07, the input showed nothing, and the
scorecard's period could not be changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from grievances.actions import ACTIONS
from grievances.filters import QueueFilter
from grievances.forms import action_form_class
from grievances.tests.helpers import in_progress
from minsheng.workdays import local_date
from orgs.models import Unit

DAY = date(2025, 12, 7)


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Chinese leaves the thread's language activated; the next tests in this
    process expect English messages."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def chinese(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_the_scorecard_period_is_iso_in_chinese(client, cast):
    page = chinese(client, cast.head).get(reverse("grievances:scorecard")).content.decode()
    today = local_date()
    assert "单位考核" in page  # the page is in Chinese
    assert f'type="date" name="start" value="{(today - timedelta(days=364)).isoformat()}"' in page
    assert f'type="date" name="end" value="{today.isoformat()}"' in page
    assert today.strftime("%Y/%m/%d") not in page


def test_a_period_chosen_in_chinese_is_shown_back_in_iso(client, cast):
    params = {"start": "2025-12-07", "end": "2026-01-31"}
    page = chinese(client, cast.head).get(reverse("grievances:scorecard"), params)
    html = page.content.decode()
    assert page.context["start"] == DAY and page.context["end"] == date(2026, 1, 31)
    assert 'name="start" value="2025-12-07"' in html and 'name="end" value="2026-01-31"' in html


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_queue_filter_dates_are_iso(cast, lang):
    form = QueueFilter(
        initial={"received_from": DAY, "received_to": DAY + timedelta(days=1)},
        units=Unit.objects.all(),
    )
    with translation.override(lang):
        html = str(form["received_from"]) + str(form["received_to"])
    assert 'type="date"' in html
    assert 'value="2025-12-07"' in html and 'value="2025-12-08"' in html


def test_the_queue_accepts_an_iso_date_in_chinese(client, cast):
    in_progress(cast)
    page = chinese(client, cast.head).get(
        reverse("grievances:queue"), {"received_from": "2025-12-07"}
    )
    assert page.status_code == 200
    assert 'name="received_from" value="2025-12-07"' in page.content.decode()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_contact_date_is_iso(cast, lang):
    [contact] = [a for a in ACTIONS if a.name == "contact"]
    form = action_form_class(contact)(
        initial={"date": DAY}, grievance=in_progress(cast), prefix="contact"
    )
    with translation.override(lang):
        html = str(form["date"])
    assert 'type="date"' in html and 'value="2025-12-07"' in html
