"""操作日志: rows of the user's subtree (all rows for administrators), filters and pagination."""

import datetime as dt

import factories
import pytest
from django.urls import reverse
from django.utils import timezone

from sifasuo.core import services


@pytest.fixture
def trail(world):
    a1 = factories.staff(world.office_a1, name="秦楼人员")
    factories.staff(world.office_a2, name="河山人员")
    factories.staff(world.office_b1, name="洪凝人员")
    services.personal_data_reveal(actor=world.mediator, obj=a1, field="phone")
    return a1


def test_office_head_sees_rows_of_own_office_only(world, trail, client):
    client.force_login(world.office_head)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "秦楼人员" in body
    assert "河山人员" not in body
    assert "洪凝人员" not in body
    assert "新增工作人员" in body  # actions by their Chinese name
    assert "查看个人信息" in body
    assert "a1_mediator" in body


def test_supervisor_sees_county_and_admin_sees_all(world, trail, client):
    client.force_login(world.supervisor)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "秦楼人员" in body and "河山人员" in body
    assert "洪凝人员" not in body
    client.force_login(world.admin)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "洪凝人员" in body


def test_filter_by_action(world, trail, client):
    client.force_login(world.office_head)
    body = client.get(
        reverse("core:audit_list"), {"action": "personal_data.reveal"}
    ).content.decode()
    tbody = body[body.index("<tbody>") :]
    assert "查看个人信息" in tbody
    assert "新增工作人员" not in tbody


def test_filter_by_date(world, trail, client):
    client.force_login(world.office_head)
    today = timezone.localdate()
    body = client.get(reverse("core:audit_list"), {"date_from": today.isoformat()}).content.decode()
    assert "秦楼人员" in body
    tomorrow = today + dt.timedelta(days=1)
    body = client.get(
        reverse("core:audit_list"), {"date_from": tomorrow.isoformat()}
    ).content.decode()
    assert "秦楼人员" not in body
    yesterday = today - dt.timedelta(days=1)
    body = client.get(
        reverse("core:audit_list"), {"date_to": yesterday.isoformat()}
    ).content.decode()
    assert "秦楼人员" not in body


def test_changed_fields_are_named_in_chinese(world, trail, client):
    client.force_login(world.office_head)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "出生年份" in body


def test_list_is_paginated_and_constant_in_queries(world, client, django_assert_max_num_queries):
    for n in range(40):
        factories.staff(world.office_a1, name=f"人员{n:02d}")
    client.force_login(world.office_head)
    with django_assert_max_num_queries(10):
        body = client.get(reverse("core:audit_list")).content.decode()
    assert "下一页" in body


def test_roles_without_view_audit_are_refused(world, client):
    for persona in ("office_user", "mediator", "partner"):
        client.force_login(getattr(world, persona))
        assert client.get(reverse("core:audit_list")).status_code == 403
