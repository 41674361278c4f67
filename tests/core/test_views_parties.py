"""当事人: search, masked details with reveal, and registration with the services' validation."""

import factories
import pytest
from django.urls import reverse

from sifasuo.core.models import AuditEntry, Party


@pytest.fixture
def person(world):
    return factories.party(world.office_a1, name="李秀英", phone="13963301111")


@pytest.fixture
def company(world):
    return factories.party(
        world.office_a1,
        name="日照海滨建设有限公司",
        kind="organization",
        gender="",
        id_number="",
        credit_code=factories.make_credit_code(),
        address="日照市东港区秦楼街道北京路1号",
    )


def test_list_masks_numbers_and_shows_organizations_code(world, person, company, client):
    client.force_login(world.office_user)
    body = client.get(reverse("core:party_list")).content.decode()
    assert "李秀英" in body
    assert person.id_number not in body
    assert person.id_number[-4:] in body
    assert "139****1111" in body
    assert company.credit_code in body  # public registration data


def test_search_by_name(world, person, company, client):
    client.force_login(world.office_user)
    body = client.get(reverse("core:party_list"), {"q": "海滨建设"}).content.decode()
    assert "日照海滨建设有限公司" in body
    assert "李秀英" not in body


def test_list_is_constant_in_queries(world, client, django_assert_max_num_queries):
    for n in range(35):
        factories.party(world.office_a1, name=f"当事人{n:02d}")
    client.force_login(world.office_user)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("core:party_list")).content.decode()
    assert "第 1 / 2 页" in body


def test_detail_masks_person_and_reveals_address(world, person, client):
    client.force_login(world.mediator)
    url = reverse("core:party_detail", args=[person.pk])
    body = client.get(url).content.decode()
    assert person.id_number not in body
    assert "海滨二路88号" not in body
    assert "日照市东港区秦楼街道****" in body
    response = client.post(reverse("core:reveal", args=["core.party", person.pk, "address"]))
    assert "日照市东港区秦楼街道海滨二路88号" in response.content.decode()
    assert (
        AuditEntry.objects.filter(action="personal_data.reveal", object_type="core.party").count()
        == 1
    )


def test_reveal_party_id_number_by_mediator(world, person, client):
    client.force_login(world.mediator)
    response = client.post(reverse("core:reveal", args=["core.party", person.pk, "id_number"]))
    assert response.status_code == 200
    assert person.id_number in response.content.decode()


def test_reveal_party_by_advisor_is_refused(world, person, client):
    client.force_login(world.advisor)
    body = client.get(reverse("core:party_detail", args=[person.pk])).content.decode()
    assert "hx-post" not in body
    response = client.post(reverse("core:reveal", args=["core.party", person.pk, "id_number"]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="personal_data.reveal").exists()


def test_organization_detail_shows_credit_code_in_full(world, company, client):
    client.force_login(world.office_user)
    body = client.get(reverse("core:party_detail", args=[company.pk])).content.decode()
    assert company.credit_code in body
    assert "统一社会信用代码" in body


def _person_form(**overrides):
    data = {
        "unit": "",
        "kind": "person",
        "name": "张卫国",
        "gender": "male",
        "id_number": factories.make_id_number(birth="19700305"),
        "credit_code": "",
        "phone": "13853302222",
        "address": "日照市东港区秦楼街道泰安路6号",
    }
    data.update(overrides)
    return data


def test_create_person(world, client):
    client.force_login(world.office_user)
    response = client.post(reverse("core:party_create"), _person_form(unit=world.office_a1.pk))
    party = Party.objects.get(name="张卫国")
    assert response["Location"] == reverse("core:party_detail", args=[party.pk])
    assert party.unit == world.office_a1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "37110219700305001X", "身份证号码校验位不正确"),
        ("phone", "8888", "电话号码格式不正确"),
        ("credit_code", "91371102MA3CXXXX01", "自然人不填写统一社会信用代码"),
    ],
)
def test_create_shows_service_errors_next_to_field_and_keeps_input(
    world, client, field, value, message
):
    client.force_login(world.office_user)
    data = _person_form(unit=world.office_a1.pk, **{field: value})
    if field == "credit_code":
        data["credit_code"] = factories.make_credit_code()
    response = client.post(reverse("core:party_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    error_at = body.index(message)
    assert body.rfind(f'name="{field}"', 0, error_at) > body.rfind('<div class="field', 0, error_at)
    assert 'value="张卫国"' in body
    assert 'value="日照市东港区秦楼街道泰安路6号"' in body
    assert not Party.objects.filter(name="张卫国").exists()


def test_create_organization_with_bad_credit_code(world, client):
    client.force_login(world.office_user)
    response = client.post(
        reverse("core:party_create"),
        {
            "unit": world.office_a1.pk,
            "kind": "organization",
            "name": "某某合作社",
            "credit_code": "91371102MA3CXXXX0Z",
        },
    )
    body = response.content.decode()
    assert "统一社会信用代码" in body
    assert "校验位不正确" in body or "不允许的字符" in body
    assert 'value="某某合作社"' in body


def test_create_refuses_a_unit_outside_scope(world, client):
    client.force_login(world.office_user)
    response = client.post(reverse("core:party_create"), _person_form(unit=world.office_b1.pk))
    assert response.status_code == 200
    assert not Party.objects.filter(name="张卫国").exists()


def test_edit_keeps_hidden_values_and_updates_others(world, person, client):
    client.force_login(world.office_user)
    url = reverse("core:party_edit", args=[person.pk])
    form = client.get(url).content.decode()
    assert person.id_number not in form
    assert "海滨二路88号" not in form
    client.post(
        url,
        {
            "name": "李秀英",
            "gender": "female",
            "id_number": "",
            "credit_code": "",
            "phone": "13963305555",
            "address": "",
        },
    )
    person.refresh_from_db()
    assert person.phone == "13963305555"
    assert person.address == "日照市东港区秦楼街道海滨二路88号"
    body = client.get(reverse("core:history", args=["core.party", person.pk])).content.decode()
    assert "修改当事人信息" in body
    assert "139****5555" in body


def test_advisor_may_not_register_parties(world, person, client):
    client.force_login(world.advisor)
    assert client.get(reverse("core:party_create")).status_code == 403
    assert client.get(reverse("core:party_edit", args=[person.pk])).status_code == 403


def test_party_page_lists_their_intake_matters_and_mediation_cases(
    world, client, django_assert_max_num_queries
):
    from sifasuo.intake import services as intake_services
    from sifasuo.mediation import services as mediation_services

    id_number = factories.make_id_number()
    person = {"kind": "person", "name": "孙桂兰", "id_number": id_number, "phone": "13963309999"}
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="dispute",
        narrative="邻里排水纠纷",
        requesters=[person],
    )
    case = mediation_services.case_open(
        actor=world.mediator,
        unit=world.office_a1,
        dispute_type="neighbour",
        summary="两家因排水沟堵塞发生争执。",
        committee_kind="township",
        committee_name="秦楼街道人民调解委员会",
        mediators=[world.mediator],
        applicants=[person],
        respondents=[{"kind": "person", "name": "赵六", "phone": "13963300022"}],
    )
    party = Party.objects.get(name="孙桂兰")
    other = factories.party(world.office_a1, name="钱多多")
    client.force_login(world.office_user)
    with django_assert_max_num_queries(20):
        body = client.get(reverse("core:party_detail", args=[party.pk])).content.decode()
    assert matter.tracking_code in body and reverse("intake:detail", args=[matter.pk]) in body
    assert case.number in body and reverse("mediation:case_detail", args=[case.pk]) in body
    assert "人民调解" in body and "一站式受理" in body
    body = client.get(reverse("core:party_detail", args=[other.pk])).content.decode()
    assert matter.tracking_code not in body and case.number not in body
    assert "尚无事项或案件" in body
