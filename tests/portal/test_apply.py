"""Applying online: the application lands in intake as a 网上申请 matter with a tracking code,
after the privacy notice and consent; bad input is refused in place with everything kept."""

import uuid

import factories
import pytest

from sifasuo.core.models import AuditEntry
from sifasuo.intake.models import Channel, Matter, MatterType, RoutingRule
from sifasuo.portal.models import OnlineApplication
from sifasuo.portal.privacy import NOTICE_VERSION

pytestmark = pytest.mark.django_db


def test_the_form_shows_the_privacy_notice_before_anything_is_sent(client, world):
    page = client.get("/public/apply/mediation/").content.decode()
    assert page.index("个人信息处理告知书") < page.index('name="applicant_name"')
    for item in ("收集哪些信息", "用于什么", "谁能看到", "保存多久", "自事项办结之日起保存 10 年"):
        assert item in page
    assert f"第 {NOTICE_VERSION} 版" in page
    assert "秦楼司法所" in page and "洪凝司法所" in page  # every office can be chosen


def test_a_mediation_application_becomes_an_online_matter_with_a_tracking_code(
    client, world, post_application
):
    response = post_application(office=world.office_a1.pk)
    assert response.status_code == 302 and response.url == "/public/apply/receipt/"
    matter = Matter.objects.get()
    assert matter.channel == Channel.ONLINE
    assert matter.matter_type == MatterType.DISPUTE
    assert matter.unit == world.office_a1
    assert matter.counterpart_names == "赵六"
    assert matter.amount == 3500
    assert matter.narrative.startswith("【邻里纠纷】邻居赵六翻建院墙")
    party = matter.requesters.get()
    assert party.name == "王秀兰" and party.phone == "13963300021"
    receipt = client.get(response.url).content.decode()
    assert matter.tracking_code in receipt and "秦楼司法所" in receipt
    assert "打印回执" in receipt and "/public/status/" in receipt
    # The consent is kept with the matter: when, and to which text of the notice.
    online = OnlineApplication.objects.get(matter=matter)
    assert online.notice_version == NOTICE_VERSION and online.consent_at is not None
    assert online.details == {"dispute_type": "neighbour"}
    # Every audit row names the portal as the actor.
    written = AuditEntry.objects.filter(
        action__in=["party.create", "matter.register", "portal.apply"]
    )
    assert sorted(written.values_list("action", flat=True)) == [
        "matter.register",
        "party.create",
        "portal.apply",
    ]
    assert set(written.values_list("actor_name", flat=True)) == {"系统：公众服务门户"}
    consent = written.get(action="portal.apply")
    assert consent.object_id == str(matter.pk)
    assert consent.changes["notice_version"] == [None, NOTICE_VERSION]


def test_personal_data_is_sealed_at_rest(client, world, post_application):
    post_application(office=world.office_a1.pk, applicant_phone="13963300099")
    party = Matter.objects.get().requesters.get()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM core_party WHERE id = %s", [party.pk])
        phone, id_number = cursor.fetchone()
    assert "13963300099" not in phone and party.id_number not in id_number


def test_without_consent_nothing_is_sent_and_everything_typed_is_kept(client, world, form_data):
    data = form_data(office=world.office_a1.pk)
    del data["consent"]
    response = client.post("/public/apply/mediation/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "请阅读并同意个人信息处理告知书后再提交。" in page
    assert "邻居赵六翻建院墙占用两户之间的通道" in page and "王秀兰" in page
    assert Matter.objects.count() == 0


def test_a_bad_id_number_or_phone_is_refused_beside_its_box(client, world, form_data):
    data = form_data(applicant_id_number="371102198001010000", applicant_phone="12345")
    page = client.post("/public/apply/mediation/", data).content.decode()
    assert "身份证号码校验位不正确" in page
    assert "电话号码格式不正确" in page
    assert "371102198001010000" in page and "邻居赵六翻建院墙" in page
    assert Matter.objects.count() == 0


def test_every_field_is_bounded(client, world, form_data):
    data = form_data(narrative="纠" * 1600, applicant_name="王" * 60, respondent_names="赵" * 201)
    response = client.post("/public/apply/mediation/", data)
    errors = response.context["form"].errors
    for field in ("narrative", "applicant_name", "respondent_names"):
        assert errors[field][0].startswith("内容过长：最多"), field
    assert Matter.objects.count() == 0


def test_a_double_submit_creates_one_matter(client, world, post_application):
    first = post_application(office=world.office_a1.pk)
    second = post_application(office=world.office_a1.pk)
    assert first.status_code == second.status_code == 302
    assert Matter.objects.count() == 1
    assert "没有重复登记" in client.get("/public/apply/receipt/").content.decode()


def test_a_replayed_token_with_another_phone_learns_nothing(client, world, post_application):
    post_application(office=world.office_a1.pk)
    code = Matter.objects.get().tracking_code
    response = post_application(office=world.office_a1.pk, applicant_phone="13800000000")
    page = response.content.decode()
    assert response.status_code == 200 and "该表单已提交过" in page
    assert code not in page
    assert Matter.objects.count() == 1


def test_the_county_routing_rule_applies(client, world, post_application):
    RoutingRule.objects.create(
        county=world.county_a,
        matter_type=MatterType.LEGAL_AID,
        township=world.office_a1,
        target=world.office_a2,
    )
    post_application("/public/apply/legal-aid/", office=world.office_a1.pk)
    matter = Matter.objects.get()
    assert matter.unit == world.office_a2
    assert matter.online_application.unit == world.office_a1
    assert matter.online_application.routed_by == "chosen"


def test_the_address_routes_when_no_office_is_chosen(client, world, post_application):
    post_application(applicant_address="东港区河山镇后崖村5号")
    matter = Matter.objects.get()
    assert matter.unit == world.office_a2
    assert matter.online_application.routed_by == "address"


def test_an_address_naming_no_township_asks_for_the_office(client, world, post_application):
    page = post_application(applicant_address="幸福路8号").content.decode()
    assert "无法从住址确定受理的司法所" in page and "幸福路8号" in page
    assert Matter.objects.count() == 0


def test_a_legal_aid_application_records_what_the_window_records(client, world, post_application):
    response = post_application("/public/apply/legal-aid/", office=world.office_a1.pk)
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert matter.matter_type == MatterType.LEGAL_AID
    assert matter.due_on is not None  # the statutory period starts as at the window
    assert "第三十一条（五）请求确认劳动关系或者支付劳动报酬" in matter.narrative
    assert "人群类别：农民工" in matter.narrative
    online = matter.online_application
    assert online.details["art31_item"] == "5" and online.details["groups"] == ["migrant_worker"]
    assert online.sensitive_consent_at is not None


def test_legal_aid_needs_the_31st_article_item_and_separate_consent(
    client, world, post_application
):
    page = post_application(
        "/public/apply/legal-aid/",
        office=world.office_a1.pk,
        art31_item="",
        sensitive_consent="",
        means_basis="declared",
        exemption_item="",
    ).content.decode()
    assert "请选择申请事项（第三十一条）。" in page
    assert "申请法律援助须单独同意处理上述敏感个人信息。" in page
    assert "请说明家庭经济困难状况。" in page
    assert Matter.objects.count() == 0


def test_a_general_legal_matter(client, world, form_data):
    data = form_data(office=world.office_b1.pk, kind="consultation", counterpart="")
    data["submission_token"] = str(uuid.uuid4())
    response = client.post("/public/apply/general/", data)
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert matter.matter_type == MatterType.CONSULTATION and matter.unit == world.office_b1


def test_an_online_application_never_changes_a_registered_persons_record(
    client, world, post_application
):
    """Whoever knows a person's ID number must not attach a matter to that person's record or
    change their phone and address: the portal checks nobody's identity."""
    from sifasuo.core.models import Party, PartyKind
    from sifasuo.core.services import party_create

    id_number = factories.make_id_number()
    registered = party_create(
        actor=world.office_user,
        unit=world.office_a1,
        kind=PartyKind.PERSON,
        name="王秀兰",
        id_number=id_number,
        phone="13963300077",
        address="秦楼街道海滨社区3号",
    )
    post_application(
        office=world.office_a1.pk,
        applicant_id_number=id_number,
        applicant_phone="13963300088",
        applicant_address="别处某地",
    )
    registered.refresh_from_db()
    assert registered.phone == "13963300077" and registered.address == "秦楼街道海滨社区3号"
    party = Matter.objects.get().requesters.get()
    assert party.pk != registered.pk and party.phone == "13963300088"
    assert Party.objects.filter(unit=world.office_a1, name="王秀兰").count() == 2
