"""工作人员: the masked roster, its filters and export, reveal, and maintenance by MANAGE_STAFF."""

from io import BytesIO

import factories
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifasuo.core import deadline_service
from sifasuo.core.models import AuditEntry, Staff


@pytest.fixture
def person(world):
    return factories.staff(
        world.office_a1,
        name="王建华",
        birth_year=1980,
        phone="13853301234",
        post="head",
        legal_qualification=True,
    )


def test_list_shows_roster_with_masked_phone_and_age(world, person, client):
    client.force_login(world.office_user)
    body = client.get(reverse("core:staff_list")).content.decode()
    assert "王建华" in body
    assert "所长" in body
    assert "政法专项编制" in body
    assert "138****1234" in body
    assert "13853301234" not in body
    assert person.id_number not in body
    assert f">{deadline_service.today().year - 1980}<" in body


def test_list_filters(world, person, client):
    factories.staff(world.office_a1, name="赵调解", post="mediator", employment="purchased")
    factories.staff(world.village_a1, name="孙社区", post="clerk")
    client.force_login(world.office_user)
    body = client.get(reverse("core:staff_list"), {"post": "mediator"}).content.decode()
    assert "赵调解" in body
    assert "王建华" not in body
    body = client.get(reverse("core:staff_list"), {"employment": "purchased"}).content.decode()
    assert "赵调解" in body
    assert "王建华" not in body
    body = client.get(reverse("core:staff_list"), {"unit": world.village_a1.pk}).content.decode()
    assert "孙社区" in body
    assert "王建华" not in body


def test_list_refuses_a_unit_outside_scope_as_filter(world, client):
    factories.staff(world.office_b1, name="洪凝人员")
    client.force_login(world.office_user)
    body = client.get(reverse("core:staff_list"), {"unit": world.office_b1.pk}).content.decode()
    assert "洪凝人员" not in body


def test_list_is_constant_in_queries_and_paginated(world, client, django_assert_max_num_queries):
    for n in range(45):
        factories.staff(world.office_a1, name=f"人员{n:02d}")
    client.force_login(world.office_user)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("core:staff_list")).content.decode()
    assert "第 1 / 2 页" in body
    assert "下一页" in body


def test_detail_masks_numbers_and_offers_reveal_to_those_allowed(world, person, client):
    client.force_login(world.mediator)
    body = client.get(reverse("core:staff_detail", args=[person.pk])).content.decode()
    assert person.id_number not in body
    assert person.id_number[:6] + "********" + person.id_number[-4:] in body
    assert "138****1234" in body
    assert reverse("core:reveal", args=["core.staff", person.pk, "id_number"]) in body

    client.force_login(world.advisor)
    body = client.get(reverse("core:staff_detail", args=[person.pk])).content.decode()
    assert "138****1234" in body
    assert reverse("core:reveal", args=["core.staff", person.pk, "id_number"]) not in body


def test_reveal_by_mediator_returns_clear_value_and_is_audited(world, person, client):
    client.force_login(world.mediator)
    response = client.post(
        reverse("core:reveal", args=["core.staff", person.pk, "id_number"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert person.id_number in response.content.decode()
    entry = AuditEntry.objects.get(action="personal_data.reveal")
    assert entry.actor_id == world.mediator.pk
    assert entry.object_type == "core.staff"
    assert entry.object_id == str(person.pk)
    assert person.id_number not in str(entry.changes)  # the trail itself stays masked


def test_reveal_by_advisor_is_403_without_audit_row(world, person, client):
    client.force_login(world.advisor)
    response = client.post(reverse("core:reveal", args=["core.staff", person.pk, "id_number"]))
    assert response.status_code == 403
    assert person.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action="personal_data.reveal").exists()


def test_reveal_is_post_only_and_limited_to_sensitive_fields(world, person, client):
    client.force_login(world.mediator)
    url = reverse("core:reveal", args=["core.staff", person.pk, "id_number"])
    assert client.get(url).status_code == 405
    assert (
        client.post(reverse("core:reveal", args=["core.staff", person.pk, "name"])).status_code
        == 403
    )
    assert (
        client.post(reverse("core:reveal", args=["core.unit", person.unit_id, "phone"])).status_code
        == 404
    )


def test_reveal_needs_csrf_token(world, person):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.mediator)
    response = client.post(reverse("core:reveal", args=["core.staff", person.pk, "id_number"]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="personal_data.reveal").exists()


def test_export_is_masked_and_follows_filters(world, person, client):
    factories.staff(world.office_a1, name="赵调解", post="mediator")
    client.force_login(world.office_user)
    response = client.get(reverse("core:staff_export"), {"post": "head"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["姓名", "单位", "岗位"]
    assert [row[0] for row in rows[1:]] == ["王建华"]
    text = " ".join(str(cell) for row in rows for cell in row)
    assert person.id_number not in text
    assert "13853301234" not in text
    assert "138****1234" in text
    assert person.id_number[-4:] in text


def test_create_staff(world, client):
    client.force_login(world.office_head)
    id_number = factories.make_id_number(birth="19900215")
    response = client.post(
        reverse("core:staff_create"),
        {
            "unit": world.office_a1.pk,
            "name": "陈晓",
            "gender": "female",
            "birth_year": 1990,
            "post": "assistant",
            "employment": "political_legal",
            "education": "bachelor",
            "law_major": "on",
            "id_number": id_number,
            "phone": "13953307777",
            "is_active": "on",
        },
    )
    created = Staff.objects.get(name="陈晓")
    assert response["Location"] == reverse("core:staff_detail", args=[created.pk])
    assert created.law_major and created.id_number == id_number


def test_create_with_bad_id_number_shows_error_next_to_field(world, client):
    client.force_login(world.office_head)
    response = client.post(
        reverse("core:staff_create"),
        {
            "unit": world.office_a1.pk,
            "name": "陈晓",
            "gender": "female",
            "birth_year": 1990,
            "post": "assistant",
            "employment": "political_legal",
            "education": "bachelor",
            "id_number": "371102199002150010",
            "phone": "12345",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码校验位不正确" in body
    assert "电话号码格式不正确" in body
    assert 'value="陈晓"' in body
    assert not Staff.objects.filter(name="陈晓").exists()


def test_edit_keeps_numbers_left_empty_and_never_prefills_them(world, person, client):
    client.force_login(world.office_head)
    url = reverse("core:staff_edit", args=[person.pk])
    form = client.get(url).content.decode()
    assert person.id_number not in form
    assert "13853301234" not in form
    assert "138****1234" in form  # as a hint
    client.post(
        url,
        {
            "unit": world.office_a1.pk,
            "name": "王建华",
            "gender": "male",
            "birth_year": 1981,
            "post": "head",
            "employment": "political_legal",
            "education": "bachelor",
            "legal_qualification": "on",
            "id_number": "",
            "phone": "",
            "is_active": "on",
        },
    )
    person.refresh_from_db()
    assert person.birth_year == 1981
    assert person.phone == "13853301234"
    assert person.id_number


def test_history_panel_uses_field_names_and_masks(world, person, client):
    client.force_login(world.office_head)
    client.post(
        reverse("core:staff_edit", args=[person.pk]),
        {
            "unit": world.office_a1.pk,
            "name": "王建华",
            "gender": "male",
            "birth_year": 1980,
            "post": "head",
            "employment": "political_legal",
            "education": "bachelor",
            "legal_qualification": "on",
            "phone": "13853309999",
            "is_active": "on",
        },
    )
    body = client.get(reverse("core:history", args=["core.staff", person.pk])).content.decode()
    assert "修改工作人员信息" in body
    assert "联系电话" in body
    assert "138****1234" in body and "138****9999" in body
    assert "13853309999" not in body
    assert "新增工作人员" in body
    assert "秦楼司法所" in body  # the unit foreign key shown by name


def test_delete_asks_then_deletes(world, person, client):
    client.force_login(world.office_head)
    url = reverse("core:staff_delete", args=[person.pk])
    assert "确定删除" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("core:staff_list")
    assert not Staff.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(action="staff.delete", object_id=str(person.pk)).exists()


def test_assistant_may_not_edit_or_delete(world, person, client):
    client.force_login(world.office_user)
    assert client.get(reverse("core:staff_edit", args=[person.pk])).status_code == 403
    assert client.post(reverse("core:staff_delete", args=[person.pk])).status_code == 403
    assert Staff.objects.filter(pk=person.pk).exists()


def test_the_roster_masks_personal_data_unless_asked_and_audits_the_clear_export(world, client):
    person = factories.staff(world.office_a1, "严十一", id_number=factories.make_id_number())
    client.force_login(world.office_head)

    def cells(query: str = "") -> str:
        content = client.get(reverse("core:staff_export") + query).content
        sheet = load_workbook(BytesIO(content)).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)

    assert person.id_number not in cells()
    assert not AuditEntry.objects.filter(action="personal_data.export").exists()
    assert person.id_number in cells("?personal=1")
    entry = AuditEntry.objects.get(action="personal_data.export")
    assert entry.actor_name == world.office_head.username
    assert entry.changes["document"].startswith("工作人员名册")
