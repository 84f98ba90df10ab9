"""Group robots in the admin: only http(s) addresses, and the signing secret never shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notices.models import Webhook


@pytest.fixture
def admin_client(client, django_user_model, cast):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    return client


def form(**kw):
    data = {
        "name": "值班群",
        "kind": "dingtalk",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=t",
        "kinds": ["grievance.escalated", "grievance.overdue"],
        "language": "",
        "active": "on",
        "new_secret": "SECtopsecret",
    }
    data.update(kw)
    return data


def test_a_robot_is_added_with_its_kinds_and_secret(admin_client):
    response = admin_client.post(reverse("admin:notices_webhook_add"), form())
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert hook.kinds == ["grievance.escalated", "grievance.overdue"]
    assert hook.secret == "SECtopsecret"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://oapi.dingtalk.com/robot",
        "file:///etc/passwd",
        "oapi.dingtalk.com/robot",
        "javascript:alert(1)",
    ],
)
def test_an_address_that_is_not_http_is_refused_with_a_clear_message(admin_client, url):
    response = admin_client.post(reverse("admin:notices_webhook_add"), form(url=url))
    assert response.status_code == 200
    assert "Enter a web address that starts with http:// or https://." in response.content.decode()
    assert Webhook.objects.count() == 0


def test_an_unknown_kind_of_notice_is_refused(admin_client):
    response = admin_client.post(reverse("admin:notices_webhook_add"), form(kinds=["nope"]))
    assert response.status_code == 200
    assert Webhook.objects.count() == 0


def test_the_secret_is_never_shown_and_kept_when_left_empty(admin_client):
    admin_client.post(reverse("admin:notices_webhook_add"), form())
    hook = Webhook.objects.get()
    change = reverse("admin:notices_webhook_change", args=[hook.pk])
    page = admin_client.get(change).content.decode()
    assert "SECtopsecret" not in page
    assert (
        "SECtopsecret"
        not in admin_client.get(reverse("admin:notices_webhook_changelist")).content.decode()
    )
    admin_client.post(change, form(name="新名字", new_secret=""))
    hook.refresh_from_db()
    assert (hook.name, hook.secret) == ("新名字", "SECtopsecret")
    admin_client.post(change, form(new_secret="", clear_secret="on"))
    hook.refresh_from_db()
    assert hook.secret == ""


def test_the_outbox_page_does_not_show_a_complainant_s_address(admin_client):
    from notices.models import Outbox

    row = Outbox.objects.create(
        channel="sms", kind="complainant.accepted", target="13812345678", payload={"text": "x"}
    )
    assert (
        "13812345678"
        not in admin_client.get(reverse("admin:notices_outbox_changelist")).content.decode()
    )
    assert (
        "13812345678"
        not in admin_client.get(
            reverse("admin:notices_outbox_change", args=[row.pk])
        ).content.decode()
    )


def test_a_robot_saved_from_code_must_have_an_http_address(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Webhook.objects.create(name="x", kind="wecom", url="file:///etc/passwd")
    assert Webhook.objects.count() == 0


def test_adding_a_robot_in_the_admin_is_audited_without_its_address_or_secret(admin_client):
    from audit.models import AuditRecord

    response = admin_client.post(reverse("admin:notices_webhook_add"), form())
    assert response.status_code == 302
    hook = Webhook.objects.get()
    [record] = AuditRecord.objects.filter(object_type="notices.webhook")
    text = str(record.data)
    assert hook.name in text
    assert hook.url not in text and hook.secret not in text
