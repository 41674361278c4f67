"""组织机构: the tree of visible units, a unit's page, and its maintenance by MANAGE_ORG."""

import factories
from django.urls import reverse
from factories import SETUP

from sifasuo.core import services
from sifasuo.core.models import OfficePremises, OrgUnit


def test_tree_of_supervisor_is_indented_with_staff_counts(world, client):
    factories.staff(world.office_a1, name="甲")
    factories.staff(world.office_a1, name="乙")
    factories.staff(world.office_a1, name="丙", is_active=False)
    client.force_login(world.supervisor)
    body = client.get(reverse("core:unit_list")).content.decode()
    order = [body.index(name) for name in ("东港区司法局", "秦楼司法所", "海滨社区", "河山司法所")]
    assert order == sorted(order)
    assert "五莲县司法局" not in body
    assert "洪凝司法所" not in body
    row = body[body.index("秦楼司法所") :]
    row = row[: row.index("</tr>")]
    assert "司法所" in row
    assert '<td class="num">2</td>' in row  # active staff only
    assert "--depth: 1" in body and "--depth: 2" in body


def test_tree_is_constant_in_queries(world, client, django_assert_max_num_queries):
    for n in range(20):
        services.unit_create(actor=SETUP, name=f"第{n}村", kind="village", parent=world.office_a1)
    client.force_login(world.supervisor)
    with django_assert_max_num_queries(10):
        body = client.get(reverse("core:unit_list")).content.decode()
    assert "第19村" in body


def test_office_page_shows_premises_children_staff_and_accounts(world, client):
    services.premises_set(
        actor=SETUP,
        unit=world.office_a1,
        area_m2="120.5",
        street_front=True,
        standardization="provincial",
        standardized_year=2023,
    )
    factories.staff(world.office_a1, name="王所长", post="head", phone="13853300009")
    client.force_login(world.office_head)
    body = client.get(reverse("core:unit_detail", args=[world.office_a1.pk])).content.decode()
    assert "120.5" in body
    assert "省级规范化司法所" in body
    assert "海滨社区" in body and "秦楼派出所" in body
    assert "王所长" in body
    assert "138****0009" in body and "13853300009" not in body
    assert "a1_mediator" in body
    assert "秦楼街道" in body
    assert reverse("core:history", args=["core.unit", world.office_a1.pk]) in body


def test_detail_is_constant_in_queries(world, client, django_assert_max_num_queries):
    for n in range(10):
        factories.staff(world.office_a1, name=f"人员{n}")
        services.unit_create(actor=SETUP, name=f"第{n}村", kind="village", parent=world.office_a1)
    client.force_login(world.office_head)
    with django_assert_max_num_queries(14):
        client.get(reverse("core:unit_detail", args=[world.office_a1.pk]))


def test_supervisor_creates_a_village_under_a_visible_office(world, client):
    client.force_login(world.supervisor)
    form = client.get(reverse("core:unit_create") + f"?parent={world.office_a1.pk}")
    assert f'<option value="{world.office_a1.pk}" selected>' in form.content.decode()
    response = client.post(
        reverse("core:unit_create"),
        {
            "name": "泰山社区",
            "kind": "village",
            "parent": world.office_a1.pk,
        },
    )
    unit = OrgUnit.objects.get(name="泰山社区")
    assert response["Location"] == reverse("core:unit_detail", args=[unit.pk])
    assert unit.path.startswith(world.office_a1.path)


def test_create_shows_hierarchy_error_on_parent(world, client):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("core:unit_create"),
        {
            "name": "错挂的司法所",
            "kind": "office",
            "parent": world.office_a1.pk,
        },
    )
    body = response.content.decode()
    assert "司法所的上级单位应为" in body
    assert 'value="错挂的司法所"' in body


def test_create_refuses_a_parent_outside_scope(world, client):
    client.force_login(world.supervisor)
    client.post(
        reverse("core:unit_create"),
        {
            "name": "外县社区",
            "kind": "village",
            "parent": world.office_b1.pk,
        },
    )
    assert not OrgUnit.objects.filter(name="外县社区").exists()


def test_edit_unit_and_see_history(world, client):
    client.force_login(world.supervisor)
    url = reverse("core:unit_edit", args=[world.office_a1.pk])
    assert 'value="秦楼司法所"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "秦楼司法所",
            "township_name": "秦楼街道",
            "township_kind": "subdistrict",
            "address": "秦楼街道海曲路9号",
            "phone": "0633-8123456",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    world.office_a1.refresh_from_db()
    assert world.office_a1.address == "秦楼街道海曲路9号"
    body = client.get(
        reverse("core:history", args=["core.unit", world.office_a1.pk])
    ).content.decode()
    assert "修改单位信息" in body
    assert "办公地址" in body
    assert "秦楼街道海曲路9号" in body  # an office address is public, unlike a person's


def test_premises_edit(world, client):
    client.force_login(world.supervisor)
    url = reverse("core:premises_edit", args=[world.office_a1.pk])
    response = client.post(
        url,
        {
            "area_m2": "86",
            "street_front": "on",
            "standardization": "applying",
            "standardized_year": "",
        },
    )
    assert response.status_code == 302
    premises = OfficePremises.objects.get(unit=world.office_a1)
    assert premises.area_m2 == 86 and premises.street_front
    body = client.get(
        reverse("core:history", args=["core.unit", world.office_a1.pk])
    ).content.decode()
    assert "登记业务用房" in body
    assert "创建中" in body  # the choice label, not the stored value


def test_premises_only_for_offices(world, client):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("core:premises_edit", args=[world.village_a1.pk]),
        {
            "area_m2": "20",
            "standardization": "none",
        },
    )
    assert "只有司法所登记业务用房" in response.content.decode()


def test_office_staff_may_not_manage_units(world, client):
    client.force_login(world.office_head)
    body = client.get(reverse("core:unit_detail", args=[world.office_a1.pk])).content.decode()
    assert reverse("core:unit_edit", args=[world.office_a1.pk]) not in body
    assert client.get(reverse("core:unit_edit", args=[world.office_a1.pk])).status_code == 403
    assert client.get(reverse("core:unit_create")).status_code == 403
