"""法律明白人与民主法治村: the registry against the target, trainings, early reports into
intake with their reply, 示范村 and 村规民约, the import kit, indicators and outsider 404s."""

import datetime as dt
import io
import uuid

import factories
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from sifasuo.core.indicators import Period, value_for
from sifasuo.core.models import AuditEntry, UnitKind
from sifasuo.core.roles import Role
from sifasuo.intake import services as intake_services
from sifasuo.intake.models import Channel, Matter
from sifasuo.villages import services
from sifasuo.villages.models import EarlyReport, Understander

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def vil(world, freeze_today):
    freeze_today(TODAY)
    village2 = factories.unit("秦楼村", UnitKind.VILLAGE, world.office_a1)
    people = [
        services.understander_create(
            actor=factories.SETUP,
            office=world.office_a1,
            village=world.village_a1,
            name=name,
            role=role,
            model_household=household,
            phone="13853300011",
        )
        for name, role, household in (
            ("张红", "cadre", True),
            ("李强", "grid", False),
            ("王芳", "mediator", False),
        )
    ]
    return village2, people


def _person(vil):
    return vil[1][0]


def test_overview_shows_each_village_against_the_target(vil, world, login):
    services.understander_create(
        actor=factories.SETUP, office=world.office_a1, village=vil[0], name="赵六", role="elder"
    )
    page = login(world.office_user).get(reverse("villages:overview")).content.decode()
    assert "差 2 名" in page and "缺示范户" in page and "1 个未达标" in page
    year = Period.year(2026)
    assert value_for("villages.understanders", world.office_a1, year) == 4
    assert value_for("villages.villages_meeting_target", world.office_a1, year) == 1
    assert value_for("villages.target_rate", world.office_a1, year) == 50


def test_an_early_report_becomes_an_intake_matter_and_shows_its_reply(vil, world, login):
    client = login(world.office_user)
    data = {
        "reporter": _person(vil).pk,
        "reported_on": "2026-06-14",
        "kind": "dispute",
        "summary": "两户因空调外机对着窗户发生争吵。",
        "parties": "鲁某、曹某",
        "submission_token": str(uuid.uuid4()),
    }
    client.post(reverse("villages:report_create"), data)
    client.post(reverse("villages:report_create"), data)  # double submit
    report = EarlyReport.objects.get()
    matter = Matter.objects.get()
    assert report.matter == matter and matter.channel == Channel.GRASSROOTS
    assert "张红" in matter.narrative and matter.counterpart_names == "鲁某、曹某"
    intake_services.matter_assign(actor=world.office_user, matter=matter, handler=world.mediator)
    intake_services.matter_start(actor=world.office_user, matter=matter)
    intake_services.matter_close(actor=world.office_user, matter=matter, result="调解成功")
    client.post(
        reverse("villages:report_reply", args=[report.pk]), {"reply": "已调解成功，谢谢报告。"}
    )
    page = client.get(reverse("villages:report_detail", args=[report.pk])).content.decode()
    assert "调解成功" in page and "已调解成功，谢谢报告。" in page and matter.tracking_code in page
    assert value_for("villages.early_reports", world.office_a1, Period.year(2026)) == 1


def test_only_those_who_may_follow_them_are_offered_the_report_links(vil, world, login):
    """Registering a report and handing its matter to mediation are the office's registrars'
    work: a public lawyer (who works but registers nothing) and the county read the pages
    without links that would refuse them."""
    lawyer = factories.user("a1_lawyer", world.office_a1, Role.PUBLIC_LAWYER)
    report = services.report_receive(
        actor=world.office_user,
        reporter=_person(vil),
        reported_on=TODAY,
        kind="dispute",
        summary="两户因宅基地边界发生争吵。",
        parties="鲁某、曹某",
    )
    person_page = reverse("villages:understander_detail", args=[_person(vil).pk])
    report_page = reverse("villages:report_detail", args=[report.pk])
    new_report = f"{reverse('villages:report_create')}?reporter={_person(vil).pk}"
    hand_over = f"{reverse('mediation:case_create')}?matter={report.matter.pk}"
    client = login(world.office_user)
    assert new_report in client.get(person_page).content.decode()
    assert hand_over in client.get(report_page).content.decode()
    assert client.get(hand_over).status_code == 200
    for person in (lawyer, world.advisor, world.supervisor):
        client = login(person)
        assert "张红" in client.get(person_page).content.decode()
        assert "宅基地" in client.get(report_page).content.decode()
        assert new_report not in client.get(person_page).content.decode()
        assert hand_over not in client.get(report_page).content.decode()
        assert client.get(hand_over).status_code == 403
        assert client.get(new_report).status_code == 403


def test_a_training_counts_sessions_and_person_times(vil, world, login):
    client = login(world.office_head)
    client.post(
        reverse("villages:training_create"),
        {"held_on": "2026-05-10", "topic": "民法典宣讲", "attendees": [p.pk for p in vil[1]]},
    )
    services.training_record(
        actor=factories.SETUP,
        office=world.office_a1,
        held_on=dt.date(2026, 6, 1),
        topic="调解技巧",
        attendees=vil[1][:2],
    )
    year = Period.year(2026)
    assert value_for("villages.trainings", world.county_a, year) == 2
    assert value_for("villages.training_attendance", world.county_a, year) == 5
    page = client.get(reverse("villages:training_list")).content.decode()
    assert "共 2 期，5 人次" in page


def test_standing_and_rules_coverage(vil, world, login):
    client = login(world.office_user)
    village = world.village_a1
    client.post(
        reverse("villages:village_standing", args=[village.pk]), {"level": "city", "year": 2024}
    )
    client.post(
        reverse("villages:village_rules", args=[village.pk]),
        {"title": "海滨社区居民公约", "adopted_on": "2023-03-01"},
    )
    rules = village.rules
    client.post(
        reverse("villages:rules_revise", args=[rules.pk]),
        {"revised_on": "2026-04-01", "summary": "增加移风易俗条款"},
    )
    page = client.get(reverse("villages:village_detail"), {"village": village.pk}).content.decode()
    assert (
        "市级民主法治示范村" in page and "海滨社区居民公约" in page and "增加移风易俗条款" in page
    )
    year = Period.year(2026)
    assert value_for("villages.villages_with_rules", world.office_a1, year) == 1
    assert value_for("villages.rules_rate", world.office_a1, year) == 50
    assert value_for("villages.demo_city", world.office_a1, year) == 1
    assert value_for("villages.demo_city", world.office_a1, Period.year(2023)) == 0
    # A year without a level is refused with the reason.
    page = client.post(
        reverse("villages:village_standing", args=[village.pk]), {"level": "county"}, follow=True
    ).content.decode()
    assert "请填写命名年度" in page


def _sheet(rows):
    book = Workbook()
    book.active.append(["村/社区", "姓名", "身份", "示范户", "联系电话", "确定日期"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("名册.xlsx", buffer.getvalue())


def test_import_previews_writes_valid_rows_and_updates_on_reimport(vil, world, login):
    client = login(world.office_user)
    url = reverse("villages:understander_import")
    rows = [
        ["秦楼村", "赵六", "乡贤", "是", "13853300021", "2026-03-01"],
        ["秦楼村", "孙七", "网格员", "", "", ""],
        ["不存在村", "周八", "党员", "", "", ""],
        ["秦楼村", "吴九", "书记", "", "", "=1+1"],
        ["海滨社区", "李强", "网格员", "是", "", ""],  # already registered: an update
    ]
    page = client.post(url, {"unit": world.office_a1.pk, "file": _sheet(rows)}).content.decode()
    assert "“不存在村”不是本司法所辖区内的村/社区" in page
    assert "身份“书记”不在可选范围" in page and "确定日期“=1+1”不是有效日期" in page
    assert "更新：学法用法示范户" in page
    # The preview masks phone numbers as every list does.
    assert "13853300021" not in page and "138****0021" in page
    assert Understander.objects.count() == 3  # nothing written by the preview
    client.post(url, {"confirm": "1"})
    assert Understander.objects.count() == 5
    assert Understander.objects.get(name="李强").model_household is True
    entry = AuditEntry.objects.get(action="understander.import")
    assert entry.changes["created"] == 2 and entry.changes["updated"] == 1
    assert entry.changes["skipped"] == 2
    # The same list again: nothing is duplicated.
    client.post(url, {"unit": world.office_a1.pk, "file": _sheet(rows[:2])})
    client.post(url, {"confirm": "1"})
    assert Understander.objects.count() == 5


def test_a_broken_or_oversized_file_gets_a_message(vil, world, login, settings):
    client = login(world.office_user)
    url = reverse("villages:understander_import")
    broken = SimpleUploadedFile("名册.xlsx", b"PK\x03\x04broken")
    page = client.post(url, {"unit": world.office_a1.pk, "file": broken}).content.decode()
    assert "无法读取该 Excel 文件" in page
    wrong = SimpleUploadedFile("名册.csv", b"a,b")
    page = client.post(url, {"unit": world.office_a1.pk, "file": wrong}).content.decode()
    assert "只接受 .xlsx 文件" in page


def test_import_template_downloads(vil, world, login):
    response = login(world.office_user).get(reverse("villages:import_template"))
    assert response.status_code == 200


def test_an_outsider_gets_404_for_every_record_of_the_office(vil, world, login):
    person = _person(vil)
    report = services.report_receive(
        actor=factories.SETUP,
        reporter=person,
        reported_on=TODAY,
        kind="risk",
        summary="老人反映子女不赡养",
    )
    training = services.training_record(
        actor=factories.SETUP,
        office=world.office_a1,
        held_on=TODAY,
        topic="培训",
        attendees=[person],
    )
    rules = services.rules_set(
        actor=factories.SETUP, village=world.village_a1, title="公约", adopted_on=TODAY
    )
    village = world.village_a1.pk
    urls = [
        ("get", reverse("villages:village_detail") + f"?village={village}"),
        ("post", reverse("villages:village_standing", args=[village])),
        ("post", reverse("villages:village_rules", args=[village])),
        ("get", reverse("villages:rules_detail", args=[rules.pk])),
        ("post", reverse("villages:rules_revise", args=[rules.pk])),
        ("get", reverse("villages:understander_detail", args=[person.pk])),
        ("post", reverse("villages:understander_edit", args=[person.pk])),
        ("get", reverse("villages:training_detail", args=[training.pk])),
        ("get", reverse("villages:report_detail", args=[report.pk])),
        ("post", reverse("villages:report_reply", args=[report.pk])),
        ("get", reverse("villages:overview") + f"?unit={world.office_a1.pk}"),
        ("get", reverse("villages:understander_create") + f"?unit={world.office_a1.pk}"),
    ]
    client = login(world.outsider)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    listing = client.get(reverse("villages:understander_list")).content.decode()
    assert "张红" not in listing
    # A colleague in the same county does not see the office's people either.
    assert (
        "张红" not in login(world.colleague).get(reverse("villages:report_list")).content.decode()
    )


def test_phone_is_masked_until_revealed(vil, world, login):
    page = (
        login(world.advisor)
        .get(reverse("villages:understander_detail", args=[_person(vil).pk]))
        .content.decode()
    )
    assert "13853300011" not in page and "138****0011" in page
