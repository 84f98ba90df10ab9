"""What the admin's audit record says about a form: values, but never a secret's."""

from __future__ import annotations

from django import forms

from audit.admin import SECRET, form_changes


class AccountForm(forms.Form):
    name = forms.CharField()
    password = forms.CharField()
    api_key_hash = forms.CharField()
    pin = forms.CharField()


def bound(data, initial=None):
    form = AccountForm(data, initial=initial or {})
    assert form.is_valid()
    return form


def test_a_new_row_is_recorded_with_its_values_and_secrets_by_name_only():
    data = {"name": "热线", "password": "hunter2", "api_key_hash": "abc", "pin": "1234"}
    changes = form_changes(bound(data), change=False, secret_fields=("pin",))  # type: ignore[arg-type]
    assert changes == {
        "fields": {"name": "热线", "password": SECRET, "api_key_hash": SECRET, "pin": SECRET}
    }
    assert "hunter2" not in str(changes) and "1234" not in str(changes)


def test_a_change_records_old_and_new_values_of_changed_fields_only():
    initial = {"name": "热线", "password": "old", "api_key_hash": "abc", "pin": "1"}
    data = initial | {"name": "专线", "password": "new"}
    changes = form_changes(bound(data, initial), change=True)  # type: ignore[arg-type]
    assert changes == {"changed": {"name": ["热线", "专线"], "password": SECRET}}
