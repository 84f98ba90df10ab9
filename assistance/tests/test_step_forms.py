"""The console's application step forms are built from the declared inputs
(`assistance.actions.APPLICATION_ACTIONS`): each step's form has the declared fields, and the
steps the page takes through them behave as before."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from assistance import lifecycle
from assistance.actions import APPLICATION_ACTIONS
from assistance.forms import STEP_FORMS
from assistance.models import Payment
from assistance.tests.helpers import to_state
from assistance.tests.test_pages import _client


def test_each_step_form_has_the_declared_fields() -> None:
    for action in APPLICATION_ACTIONS:
        form = STEP_FORMS[action.name]()
        assert list(form.fields) == [f.name for f in action.fields], action.name
        for spec in action.fields:
            assert form.fields[spec.name].required == spec.required


def test_an_objection_is_answered_from_the_page(cast: Any) -> None:
    a = to_state(cast, "on_notice")
    o, _again = lifecycle.lodge_objection(a, text="他家有车")
    c = _client(cast.handler)
    page = c.get(reverse("assistance:application", args=[a.code])).content.decode()
    assert f'type="hidden" name="objection" value="{o.pk}"' in page
    url = reverse("assistance:application_act", args=[a.code, "answer"])
    r = c.post(url, {"objection": o.pk, "answer": "经核实车辆已卖出", "upheld": "0"})
    assert r.status_code == 302
    o.refresh_from_db()
    assert o.answered_at is not None and o.upheld is False and o.answer == "经核实车辆已卖出"
    # Answered once only: the second answer is refused and changes nothing.
    r = c.post(url, {"objection": o.pk, "answer": "改为成立", "upheld": "1"})
    o.refresh_from_db()
    assert r.status_code == 400 and o.upheld is False and o.answer == "经核实车辆已卖出"


def test_a_payment_with_a_bad_amount_is_refused_from_the_page(cast: Any) -> None:
    a = to_state(cast, "approved")
    c = _client(cast.clerk)
    url = reverse("assistance:application_act", args=[a.code, "pay"])
    today = timezone.localdate().isoformat()
    for amount in ("-10", "12.345", "lots", ""):
        r = c.post(url, {"amount": amount, "paid_on": today, "method": "bank"})
        assert r.status_code == 400, amount
    assert not Payment.objects.exists()
    r = c.post(url, {"amount": "800.50", "paid_on": today, "method": "bank", "version": a.version})
    assert r.status_code == 302 and Payment.objects.get().amount == 800.50
    # A stale version is refused.
    r = c.post(url, {"amount": "10", "paid_on": today, "method": "bank", "version": a.version})
    assert r.status_code == 409 and Payment.objects.count() == 1
