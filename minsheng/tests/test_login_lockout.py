"""Staff login is limited: failed logins per account and per address lock further logins for
a while, with a message in the user's language and an audit record; an administrator can
unlock. API tokens and the console's other doors keep working."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from api.models import ApiToken, Scope
from audit.models import AuditRecord
from conftest import PASSWORD
from minsheng.models import FailedLogin

LOGIN = "/accounts/login/"
LIMIT = settings.MINSHENG_LOGIN_FAILURES
WRONG_PASSWORD = "The username or password is not right."


def login(client: Client, username: str, password: str, address: str = "10.0.0.1", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int, address: str = "10.0.0.1") -> list:
    return [login(client, username, "wrong-password", address) for _ in range(times)]


def test_the_limit_is_low_enough_to_matter():
    assert 3 <= LIMIT <= 10


def test_failures_below_the_limit_are_answered_and_the_right_password_still_works(client, cast):
    for response in fail(client, "head", LIMIT - 1):
        assert response.status_code == 200
        assert WRONG_PASSWORD in response.content.decode()
    response = login(client, "head", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_failure_that_reaches_the_limit_locks_the_account(client, cast):
    responses = fail(client, "head", LIMIT)
    last = responses[-1]
    assert last.status_code == 429
    assert int(last["Retry-After"]) == settings.MINSHENG_LOGIN_LOCK_MINUTES * 60
    html = last.content.decode()
    assert "Too many failed logins for this account or from your connection." in html
    assert "ask an administrator to unlock it" in html
    # The right password is refused too, from another address and another browser.
    other = Client()
    response = login(other, "head", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429 and not logged_in(other)


def test_thirty_wrong_passwords_are_not_all_answered(client, cast):
    answered = [r for r in fail(client, "head", 30) if r.status_code == 200]
    assert len(answered) == LIMIT - 1


def test_failures_from_one_address_lock_the_address_whatever_the_account(client, cast):
    for i in range(LIMIT):
        login(client, f"nobody{i}", "guess", address="10.0.0.7")
    response = login(Client(), "handler", PASSWORD, address="10.0.0.7")
    assert response.status_code == 429
    other = Client()
    response = login(other, "handler", PASSWORD, address="10.0.0.8")
    assert response.status_code == 302 and logged_in(other)


def test_failures_for_one_account_from_many_addresses_lock_the_account(client, cast):
    for i in range(LIMIT):
        login(Client(), "head", "guess", address=f"10.1.0.{i + 1}")
    assert login(Client(), "head", PASSWORD, address="10.1.0.99").status_code == 429
    # Another account from that address is not locked.
    other = Client()
    assert login(other, "leader", PASSWORD, address="10.1.0.99").status_code == 302
    assert logged_in(other)


def test_the_admin_login_is_locked_as_well(client, cast):
    for _ in range(LIMIT):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "head", "password": "nope"},
            REMOTE_ADDR="10.0.0.3",
        )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "head", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.3",
    )
    assert response.status_code == 429


def test_the_message_is_in_the_users_language(client, cast):
    responses = [
        login(client, "head", "wrong", HTTP_ACCEPT_LANGUAGE="zh-hans") for _ in range(LIMIT)
    ]
    html = responses[-1].content.decode()
    assert responses[-1].status_code == 429
    assert "登录失败次数过多" in html
    assert "Too many failed logins" not in html


def test_the_lock_ends_after_the_configured_minutes(client, cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        fail(client, "head", LIMIT)
        traveller.shift(timedelta(minutes=settings.MINSHENG_LOGIN_LOCK_MINUTES - 1))
        assert login(client, "head", PASSWORD).status_code == 429
        # That try started the minutes again.
        traveller.shift(timedelta(minutes=settings.MINSHENG_LOGIN_LOCK_MINUTES + 1))
        response = login(client, "head", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_lock_is_audited_once_however_many_tries_follow(client, cast):
    fail(client, "head", LIMIT + 10)
    records = AuditRecord.objects.filter(action="login.locked")
    assert records.count() == 1
    rec = records.get()
    assert (rec.object_type, rec.object_id) == ("auth.user", str(cast.head.pk))
    assert rec.data["username"] == "head"
    assert rec.data["address"] == "10.0.0.1"
    assert rec.data["failures"] == LIMIT
    assert "wrong-password" not in str(rec.data)


def test_a_lock_of_a_name_that_is_no_account_is_audited_under_that_name(client, cast):
    fail(client, "mallory", LIMIT)
    rec = AuditRecord.objects.get(action="login.locked")
    assert (rec.object_type, rec.object_id) == ("login", "mallory")


def test_no_password_is_kept_with_the_failed_logins(client, cast):
    fail(client, "head", 2)
    row = FailedLogin.objects.get()
    assert row.failures_since_start == 2
    assert "wrong-password" not in row.post_data


def _admin_client(django_user_model) -> tuple[Client, object]:
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    admin = Client()
    admin.force_login(root)
    return admin, root


def test_an_administrator_sees_the_lock_and_unlocks_it(client, cast, django_user_model):
    fail(client, "head", LIMIT)
    admin, root = _admin_client(django_user_model)
    page = admin.get("/admin/minsheng/failedlogin/")
    assert page.status_code == 200 and "head" in page.content.decode()
    rows = list(FailedLogin.objects.values_list("pk", flat=True))
    response = admin.post(
        "/admin/minsheng/failedlogin/",
        {"action": "unlock", "_selected_action": [str(pk) for pk in rows]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 failed login forgotten." in response.content.decode()
    assert not FailedLogin.objects.exists()
    rec = AuditRecord.objects.get(action="login.unlocked")
    assert rec.actor_id == root.pk and rec.object_id == str(cast.head.pk)
    assert rec.data["failures"] == LIMIT
    again = Client()
    assert login(again, "head", PASSWORD).status_code == 302 and logged_in(again)


def test_staff_who_are_not_administrators_cannot_unlock(client, cast):
    fail(client, "head", LIMIT)
    cast.leader.is_staff = True
    cast.leader.save()
    leader = Client()
    leader.force_login(cast.leader)
    rows = [str(pk) for pk in FailedLogin.objects.values_list("pk", flat=True)]
    leader.post("/admin/minsheng/failedlogin/", {"action": "unlock", "_selected_action": rows})
    assert FailedLogin.objects.count() == 1
    assert not AuditRecord.objects.filter(action="login.unlocked").exists()


def test_the_admin_offers_no_plain_delete_that_would_skip_the_audit(
    client, cast, django_user_model
):
    fail(client, "head", 1)
    admin, _root = _admin_client(django_user_model)
    html = admin.get("/admin/minsheng/failedlogin/").content.decode()
    assert 'value="unlock"' in html
    assert 'value="delete_selected"' not in html


def test_an_api_token_keeps_working_while_its_account_is_locked(client, cast):
    token = ApiToken(name="hotline", user=cast.handler, unit=cast.workshop)
    key = ApiToken.new_key()
    token.set_key(key)
    token.scopes = [Scope.READ]
    token.save()
    fail(client, "handler", LIMIT)
    assert login(Client(), "handler", PASSWORD).status_code == 429
    response = Client().get("/api/v1/grievances/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


@pytest.mark.parametrize("bad", ["x" * 5000, "a\x00b", ""])
def test_odd_usernames_are_refused_without_an_error(client, cast, bad):
    response = login(client, bad, "pw")
    assert response.status_code == 200


def test_a_long_name_is_counted_and_locked_like_any_other(client, cast):
    name = "x" * 5000
    responses = [login(client, name, "pw") for _ in range(LIMIT)]
    assert [r.status_code for r in responses][-2:] == [200, 429]
    assert FailedLogin.objects.get().username == "x" * 150
