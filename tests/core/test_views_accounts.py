"""账号管理: accounts of the office head's subtree, roles, activation and password resets."""

import factories
import pytest
from django.urls import reverse

from sifasuo.core.models import User


def test_list_shows_accounts_of_own_subtree(world, client):
    client.force_login(world.office_head)
    body = client.get(reverse("core:user_list")).content.decode()
    for username in ("a1_assistant", "a1_mediator", "a1_police"):
        assert username in body
    for username in ("a2_assistant", "b1_assistant", "county_a"):
        assert username not in body
    assert "人民调解员" in body


def test_admin_sees_every_account(world, client):
    client.force_login(world.admin)
    body = client.get(reverse("core:user_list")).content.decode()
    assert "b1_assistant" in body and "a2_assistant" in body


def test_list_is_constant_in_queries(world, client, django_assert_max_num_queries):
    for n in range(40):
        factories.user(f"a1_user{n:02d}", world.office_a1, "mediator")
    client.force_login(world.office_head)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("core:user_list")).content.decode()
    assert "第 1 / 2 页" in body


def _new_account(world, **overrides):
    data = {
        "username": "a1_new",
        "display_name": "刘新",
        "unit": world.office_a1.pk,
        "role": "mediator",
        "password1": "Haibin@2026",
        "password2": "Haibin@2026",
    }
    data.update(overrides)
    return data


def test_office_head_creates_an_account_that_can_log_in(world, client):
    client.force_login(world.office_head)
    response = client.post(reverse("core:user_create"), _new_account(world))
    account = User.objects.get(username="a1_new")
    assert response["Location"] == reverse("core:user_detail", args=[account.pk])
    assert account.role == "mediator" and account.unit == world.office_a1
    client.logout()
    assert (
        client.post("/login/", {"username": "a1_new", "password": "Haibin@2026"}).status_code == 302
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("haibinhaibin", "至少三类"),
        ("Hb@1", "密码太短"),
        ("Password1", "太常见"),
    ],
)
def test_create_rejects_weak_passwords_with_a_message(world, client, password, message):
    client.force_login(world.office_head)
    response = client.post(
        reverse("core:user_create"), _new_account(world, password1=password, password2=password)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'value="a1_new"' in body
    assert not User.objects.filter(username="a1_new").exists()


def test_create_rejects_mismatched_and_taken_names(world, client):
    client.force_login(world.office_head)
    body = client.post(
        reverse("core:user_create"), _new_account(world, password2="Other@2026")
    ).content.decode()
    assert "两次输入的密码不一致" in body
    body = client.post(
        reverse("core:user_create"), _new_account(world, username="A1_Assistant")
    ).content.decode()
    assert "该用户名已被使用" in body


def test_office_head_cannot_create_admins_or_accounts_elsewhere(world, client):
    client.force_login(world.office_head)
    form = client.get(reverse("core:user_create")).content.decode()
    assert 'value="system_admin"' not in form
    client.post(reverse("core:user_create"), _new_account(world, role="system_admin"))
    client.post(reverse("core:user_create"), _new_account(world, unit=world.office_b1.pk))
    assert not User.objects.filter(username="a1_new").exists()


def test_edit_role_and_deactivate(world, client):
    client.force_login(world.office_head)
    url = reverse("core:user_edit", args=[world.advisor.pk])
    client.post(url, {"display_name": "周顾问", "role": "mediator"})
    world.advisor.refresh_from_db()
    assert world.advisor.role == "mediator"
    assert not world.advisor.is_active
    body = client.get(
        reverse("core:history", args=["core.user", world.advisor.pk])
    ).content.decode()
    assert "修改账号" in body
    assert "法律顾问" in body and "人民调解员" in body
    client.logout()
    body = client.post(
        "/login/", {"username": "a1_advisor", "password": factories.PASSWORD}
    ).content.decode()
    assert "用户名或密码错误" in body


def test_reset_password(world, client):
    client.force_login(world.office_head)
    url = reverse("core:user_password", args=[world.mediator.pk])
    body = client.post(url, {"password1": "12345678", "password2": "12345678"}).content.decode()
    assert "密码只包含数字" in body
    response = client.post(url, {"password1": "Tiaojie#2026", "password2": "Tiaojie#2026"})
    assert response.status_code == 302
    world.mediator.refresh_from_db()
    assert world.mediator.check_password("Tiaojie#2026")


def test_reset_unlocks_a_locked_account(world, client, settings):
    settings.SIFASUO_LOGIN_MAX_FAILURES = 1
    client.post("/login/", {"username": "a1_mediator", "password": "wrong"})
    assert User.objects.get(username="a1_mediator").locked_until is not None
    client.force_login(world.office_head)
    client.post(
        reverse("core:user_password", args=[world.mediator.pk]),
        {"password1": "Tiaojie#2026", "password2": "Tiaojie#2026"},
    )
    assert User.objects.get(username="a1_mediator").locked_until is None


def test_other_roles_cannot_manage_accounts(world, client):
    client.force_login(world.office_user)
    assert client.get(reverse("core:user_list")).status_code == 403
    assert client.get(reverse("core:user_edit", args=[world.mediator.pk])).status_code == 403
    assert (
        client.get(reverse("core:history", args=["core.user", world.mediator.pk])).status_code
        == 404
    )
    body = client.get("/").content.decode()
    assert "账号管理" not in body  # not offered in the navigation either


def test_an_office_head_can_set_up_a_public_sector_lawyer(world, client):
    """公职律师: a role of its own, offered among the office's roles (条例 第二十八条)."""
    client.force_login(world.office_head)
    form = client.get(reverse("core:user_create")).context["form"]
    assert ("public_lawyer", "公职律师") in [
        (v, str(label)) for v, label in form["role"].field.choices
    ]
    client.post(
        reverse("core:user_create"),
        _new_account(world, username="a1_lawyer", display_name="周律", role="public_lawyer"),
    )
    account = User.objects.get(username="a1_lawyer")
    assert account.role == "public_lawyer" and account.unit == world.office_a1
    body = client.get(reverse("core:user_list")).content.decode()
    assert "公职律师" in body
