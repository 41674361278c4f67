"""Login, lockout, idle logout, logout and changing one's own password."""

import re
import time

import factories
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sifasuo.core.models import AuditEntry, User

LOGIN = "/login/"


def _login(client, username, password, meta=None, **extra):
    data = {"username": username, "password": password, **extra}
    return client.post(LOGIN, data, **(meta or {}))


def test_pages_need_login(db, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_login_page_is_chinese(db, client):
    body = client.get(LOGIN).content.decode()
    assert "用户名" in body
    assert "密码" in body


def test_right_password_logs_in_and_is_audited(world, client):
    response = _login(client, "a1_assistant", factories.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "我的待办" in home
    assert "秦楼司法所" in home  # the top bar names the user's unit
    assert "司法助理员" in home  # and role
    assert AuditEntry.objects.filter(action="user.login", actor_id=world.office_user.pk).exists()


def test_login_follows_a_local_next_but_not_an_outside_one(world, client):
    response = _login(client, "a1_assistant", factories.PASSWORD, next="/staff/")
    assert response["Location"] == "/staff/"
    client.logout()
    response = _login(client, "a1_assistant", factories.PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/"


def test_wrong_password_shows_remaining_attempts(world, client, settings):
    settings.SIFASUO_LOGIN_MAX_FAILURES = 5
    body = _login(client, "a1_assistant", "wrong").content.decode()
    assert "用户名或密码错误，还可尝试 4 次" in body
    body = _login(client, "a1_assistant", "wrong").content.decode()
    assert "还可尝试 3 次" in body
    assert 'value="a1_assistant"' in body  # the username stays filled in


def _messages(client, username, attempts, **extra):
    """The login error after each of `attempts` wrong passwords, lock time blanked out."""
    found = []
    for _ in range(attempts):
        body = _login(client, username, "wrong", **extra).content.decode()
        found.append(
            re.sub(r"\d\d:\d\d", "HH:MM", re.search(r'role="alert"><div>(.*?)</div>', body)[1])
        )
    return found


def test_unknown_username_answers_like_a_real_one(world, settings):
    from django.test import Client

    settings.SIFASUO_LOGIN_MAX_FAILURES = 5
    # A fresh client each time: the count lives on the server, not in a cookie one can drop.
    real = [_messages(Client(), "a1_assistant", 1)[0] for _ in range(6)]
    unknown = [_messages(Client(), "nobody", 1)[0] for _ in range(6)]
    assert real[0] == "用户名或密码错误，还可尝试 4 次。"
    assert real[4] == "账号已锁定，请于 HH:MM 后再试。"
    assert unknown == real


def test_unknown_and_real_usernames_both_hash_the_password_once(world, monkeypatch):
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher,
        "encode",
        lambda self, *a, **k: calls.append(1) or original(self, *a, **k),
    )
    from django.test import Client

    _login(Client(), "a1_assistant", "wrong")
    real_hashes, calls[:] = len(calls), []
    _login(Client(), "nobody", "wrong")
    assert real_hashes == len(calls) == 1


def test_failed_logins_are_audited_with_the_address(world, client):
    _login(client, "a1_assistant", "wrong", meta={"REMOTE_ADDR": "10.1.2.3"})
    failure = AuditEntry.objects.get(action="user.login_failed")
    assert failure.object_id == str(world.office_user.pk)
    assert failure.changes["client_ip"] == [None, "10.1.2.3"]
    _login(client, "a1_assistant", factories.PASSWORD, meta={"REMOTE_ADDR": "10.1.2.3"})
    login = AuditEntry.objects.get(action="user.login")
    assert login.changes["client_ip"] == [None, "10.1.2.3"]


def test_one_address_cannot_lock_every_account(world, settings):
    from django.test import Client

    settings.SIFASUO_LOGIN_MAX_FAILURES = 5
    settings.SIFASUO_LOGIN_ADDRESS_MAX_FAILURES = 8
    attacker = {"meta": {"REMOTE_ADDR": "203.0.113.9"}}
    for _ in range(5):
        _login(Client(), "a1_assistant", "wrong", **attacker)
    assert User.objects.get(username="a1_assistant").locked_until is not None
    for _ in range(3):
        _login(Client(), "a1_head", "wrong", **attacker)
    body = _login(Client(), "a1_head", "wrong", **attacker).content.decode()
    assert "本机登录失败次数过多" in body
    head = User.objects.get(username="a1_head")
    assert head.failed_logins == 3 and head.locked_until is None  # the throttle came first
    # The right password from the throttled address is refused too, without counting.
    assert _login(Client(), "a1_head", factories.PASSWORD, **attacker).status_code == 200
    # The owner, at another address, still gets in.
    assert (
        _login(
            Client(), "a1_head", factories.PASSWORD, meta={"REMOTE_ADDR": "10.0.0.7"}
        ).status_code
        == 302
    )


def test_address_comes_from_the_proxy_header_when_configured(world, settings):
    from django.test import Client

    settings.SIFASUO_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.SIFASUO_LOGIN_ADDRESS_MAX_FAILURES = 2
    for _ in range(2):
        _login(Client(), "nobody", "wrong", meta={"HTTP_X_REAL_IP": "198.51.100.1"})
    assert (
        "本机登录失败次数过多"
        in _login(
            Client(), "a1_head", "wrong", meta={"HTTP_X_REAL_IP": "198.51.100.1"}
        ).content.decode()
    )
    other = _login(Client(), "a1_head", factories.PASSWORD, meta={"HTTP_X_REAL_IP": "198.51.100.2"})
    assert other.status_code == 302


def test_admin_login_goes_through_the_same_gate(world, settings):
    from django.test import Client

    settings.SIFASUO_LOGIN_MAX_FAILURES = 5
    User.objects.create_superuser("root", password=factories.PASSWORD)
    for _ in range(5):
        _login(Client(), "root", "wrong")
    assert User.objects.get(username="root").locked_until is not None

    client = Client()
    response = client.get("/django-admin/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 302
    assert page["Location"] == "/login/?next=%2Fdjango-admin%2F"
    # Posting the right password to the admin login does not get past the lock.
    client.post("/django-admin/login/", {"username": "root", "password": factories.PASSWORD})
    assert client.get("/django-admin/").status_code == 302
    assert client.get("/parties/").status_code == 302
    assert not AuditEntry.objects.filter(action="user.login").exists()

    User.objects.filter(username="root").update(locked_until=None)
    response = _login(client, "root", factories.PASSWORD, next="/django-admin/")
    assert response["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200
    assert AuditEntry.objects.filter(action="user.login", actor_name="root").count() == 1


def test_account_locks_after_five_failures_even_for_the_right_password(world, client, settings):
    settings.SIFASUO_LOGIN_MAX_FAILURES = 5
    settings.SIFASUO_LOGIN_LOCK_MINUTES = 15
    for _ in range(4):
        _login(client, "a1_assistant", "wrong")
    body = _login(client, "a1_assistant", "wrong").content.decode()
    locked_until = User.objects.get(username="a1_assistant").locked_until
    hhmm = timezone.localtime(locked_until).strftime("%H:%M")
    assert f"账号已锁定，请于 {hhmm} 后再试" in body

    response = _login(client, "a1_assistant", factories.PASSWORD)
    assert response.status_code == 200
    assert f"账号已锁定，请于 {hhmm} 后再试" in response.content.decode()
    assert client.get("/").status_code == 302  # still not logged in


def test_lock_expires(world, client, settings):
    settings.SIFASUO_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        _login(client, "a1_assistant", "wrong")
    User.objects.filter(username="a1_assistant").update(
        locked_until=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert _login(client, "a1_assistant", factories.PASSWORD).status_code == 302


def test_timeout_notice_on_login_page(db, client):
    body = client.get(LOGIN + "?timeout=1").content.decode()
    assert "长时间未操作，已自动退出" in body
    assert "长时间未操作" not in client.get(LOGIN).content.decode()


def test_idle_session_is_logged_out(world, client, settings):
    settings.SIFASUO_SESSION_IDLE_MINUTES = 30
    client.force_login(world.office_user)
    assert client.get("/").status_code == 200
    session = client.session
    session["sifasuo_last_seen"] = time.time() - 31 * 60
    session.save()

    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?timeout=1")
    assert "长时间未操作，已自动退出" in client.get(response["Location"]).content.decode()
    assert client.get("/").status_code == 302  # the session is gone


def test_active_session_stays(world, client, settings):
    settings.SIFASUO_SESSION_IDLE_MINUTES = 30
    client.force_login(world.office_user)
    session = client.session
    session["sifasuo_last_seen"] = time.time() - 29 * 60
    session.save()
    assert client.get("/").status_code == 200
    assert client.session["sifasuo_last_seen"] > time.time() - 60  # activity moves the clock


def test_logout_is_post_only(world, client):
    client.force_login(world.office_user)
    assert client.get(reverse("core:logout")).status_code == 405
    response = client.post(reverse("core:logout"))
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_change_own_password(world, client):
    client.force_login(world.office_user)
    url = reverse("core:password_change")
    new = "Qinlou#2026x"
    response = client.post(
        url, {"old_password": factories.PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # the session survives the change
    client.logout()
    assert _login(client, "a1_assistant", new).status_code == 302


def test_change_password_checks_the_current_one(world, client):
    client.force_login(world.office_user)
    body = client.post(
        reverse("core:password_change"),
        {
            "old_password": "not-it",
            "password1": "Qinlou#2026x",
            "password2": "Qinlou#2026x",
        },
    ).content.decode()
    assert "当前密码不正确" in body


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abcdefghij", "至少三类"),
        ("Ab1!", "密码太短，至少需要 8 个字符"),
    ],
)
def test_weak_password_is_rejected_with_a_message(world, client, password, message):
    client.force_login(world.office_user)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": factories.PASSWORD,
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    world.office_user.refresh_from_db()
    assert world.office_user.check_password(factories.PASSWORD)


def test_shell_shows_navigation_by_role(world, client):
    client.force_login(world.office_head)
    body = client.get("/").content.decode()
    for label in ("我的待办", "期限事项", "当事人", "组织机构", "工作人员", "账号管理", "操作日志"):
        assert label in body
    assert "司法所所长" in body
    client.force_login(world.advisor)
    body = client.get("/").content.decode()
    assert "操作日志" not in body
    assert "账号管理" not in body


def test_missing_record_page_is_chinese_404(world, client):
    client.force_login(world.office_user)
    response = client.get("/staff/999999/")
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.content.decode()


def test_a_stale_form_token_gets_a_chinese_explanation(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "a1_assistant", "password": "x"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_a_page_within_the_minute_does_not_rewrite_the_session(world, client):
    client.force_login(world.office_user)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]


def test_pages_carry_a_content_security_policy(world, client, settings):
    response = client.get(LOGIN)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    client.force_login(world.office_user)
    assert "default-src 'self'" in client.get("/")["Content-Security-Policy"]
