"""Office management: staffing and premises over time, the standardization indicators rolled up
by county and city, the duty catalogue's versions and import, the rules register, the township
profile, honours, the pages and who may open what."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from sifasuo.core import indicators, lines
from sifasuo.core.indicators import Period
from sifasuo.core.models import AuditEntry, OfficePremises, UnitKind
from sifasuo.offices import facts, selectors, services
from sifasuo.offices.models import ChangeKind, DutyItem, HonourLevel, Level, PremisesRecord

BEFORE = dt.date(2019, 12, 31)
AFTER = dt.date(2023, 12, 31)


def _value(code, unit, day):
    return indicators.value_for(code, unit, Period.between(dt.date(day.year, 1, 1), day))


def _hire(world, unit=None, *, on, kind=ChangeKind.HIRED, **values):
    defaults = dict(
        name="王晓",
        gender="female",
        birth_year=1990,
        post="assistant",
        employment="political_legal",
        education="bachelor",
        law_major=True,
    )
    defaults.update(values)
    return services.staff_hire(
        actor=world.office_head,
        unit=unit or world.office_a1,
        effective_on=on,
        kind=kind,
        **defaults,
    )


# ---------------------------------------------------------------------------------------------
# Staffing over time


def test_history_gives_the_staffing_on_any_date_and_keeps_the_current_row(world):
    veteran = _hire(
        world,
        on=dt.date(2008, 3, 1),
        birth_year=1963,
        education="college",
        law_major=False,
        employment="other_establishment",
        name="老李",
    )
    services.staff_change_record(
        actor=world.office_head,
        staff=veteran,
        effective_on=dt.date(2020, 2, 1),
        kind=ChangeKind.LEFT,
        note="年龄老化，调整岗位",
    )
    back = _hire(
        world, on=dt.date(2020, 4, 1), kind=ChangeKind.RETURNED, name="回归者", birth_year=1986
    )
    recruit = _hire(
        world, on=dt.date(2020, 9, 1), kind=ChangeKind.RECRUITED, name="新人", birth_year=1997
    )
    services.staff_change_record(
        actor=world.office_head,
        staff=back,
        effective_on=dt.date(2021, 3, 1),
        kind=ChangeKind.PROMOTED,
        post="deputy_head",
    )
    services.staff_change_record(
        actor=world.office_user,
        staff=recruit,
        effective_on=dt.date(2022, 11, 1),
        kind=ChangeKind.UPDATED,
        legal_qualification=True,
    )
    before = [p.name for p in facts.people_on([world.office_a1.pk], BEFORE)]
    after = {p.name: p for p in facts.people_on([world.office_a1.pk], AFTER)}
    assert before == ["老李"]
    assert set(after) == {"回归者", "新人"}
    assert after["回归者"].post == "deputy_head"
    # In between: promoted on 2021-03-01, not before.
    mid = {p.name: p for p in facts.people_on([world.office_a1.pk], dt.date(2021, 2, 28))}
    assert mid["回归者"].post == "assistant"
    # Core's current rows follow the latest change.
    veteran.refresh_from_db(), back.refresh_from_db(), recruit.refresh_from_db()
    assert not veteran.is_active
    assert back.post == "deputy_head"
    assert recruit.legal_qualification
    # Before and after the reform, from the same records.
    a1 = world.office_a1
    assert _value("offices.staff", a1, BEFORE) == 1
    assert _value("offices.staff", a1, AFTER) == 2
    assert _value("offices.average_age", a1, BEFORE) == Decimal("56.0")  # 2019 − 1963
    assert _value("offices.average_age", a1, AFTER) == Decimal("31.5")  # (37 + 26) ÷ 2
    assert _value("offices.law_graduates", a1, BEFORE) == 0
    assert _value("offices.law_graduates", a1, AFTER) == 2
    assert _value("offices.qualified", a1, dt.date(2022, 10, 31)) == 0
    assert _value("offices.qualified", a1, AFTER) == 1
    year_2020 = Period.year(2020)
    assert indicators.value_for("offices.returned", world.county_a, year_2020) == 1
    assert indicators.value_for("offices.recruited", world.city, year_2020) == 1
    assert indicators.value_for("offices.promoted", world.city, year_2020) == 0
    assert indicators.value_for("offices.promoted", world.city, Period.year(2021)) == 1
    entry = AuditEntry.objects.filter(action="offices.staff_change", object_id=str(back.pk)).last()
    assert entry.changes["post"] == ["assistant", "deputy_head"]
    assert str(lines.action_labels()["offices.staff_change"]) == "登记人员变动"


def _edit_in_staff_form(client, person, **values):
    """Post core's staff form (工作人员 → 编辑) with the person's current values and `values`."""
    person.refresh_from_db()
    form = {
        "unit": person.unit_id,
        "name": person.name,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "post": person.post,
        "employment": person.employment,
        "education": person.education,
        "law_major": "on" if person.law_major else "",
        "legal_qualification": "on" if person.legal_qualification else "",
        "id_number": "",
        "phone": "",
        "is_active": "on" if person.is_active else "",
    }
    form.update(values)
    response = client.post(reverse("core:staff_edit", args=[person.pk]), form)
    assert response.status_code == 302, response.content.decode()


def test_an_edit_in_core_staff_form_enters_the_dated_history(world, login):
    person = _hire(world, on=dt.date(2020, 3, 1), post="assistant", employment="political_legal")
    today = timezone.localdate()
    a1, a2 = world.office_a1.pk, world.office_a2.pk

    _edit_in_staff_form(login(world.office_head), person, post="mediator", employment="purchased")
    [now] = facts.people_on([a1], today)
    assert (now.post, now.employment) == ("mediator", "purchased")
    # The history before the edit is kept.
    [then] = facts.people_on([a1], dt.date(2021, 1, 1))
    assert (then.post, then.employment) == ("assistant", "political_legal")

    _edit_in_staff_form(login(world.supervisor), person, unit=a2)
    assert facts.people_on([a1], today) == []
    assert [p.name for p in facts.people_on([a2], today)] == ["王晓"]
    assert [p.name for p in facts.people_on([a1], dt.date(2021, 1, 1))] == ["王晓"]

    _edit_in_staff_form(login(world.supervisor), person, is_active="")
    assert facts.people_on([a2], today) == []
    _edit_in_staff_form(login(world.supervisor), person, is_active="on")
    assert [p.name for p in facts.people_on([a2], today)] == ["王晓"]
    # An edit the history does not hold (the name) adds no change.
    _edit_in_staff_form(login(world.supervisor), person, name="王小")
    kinds = list(person.changes.order_by("effective_on", "id").values_list("kind", flat=True))
    assert kinds == ["hired", "reassigned", "reassigned", "left", "hired"]
    assert (
        AuditEntry.objects.filter(action="offices.staff_change", object_id=str(person.pk)).count()
        == 4
    )


def test_a_person_without_history_counts_from_joining_and_gets_a_baseline(world):
    person = factories.staff(world.office_a1, name="赵敏", joined_on=dt.date(2015, 5, 1))
    assert [p.name for p in facts.people_on([world.office_a1.pk], dt.date(2016, 1, 1))] == ["赵敏"]
    assert facts.people_on([world.office_a1.pk], dt.date(2014, 1, 1)) == []
    services.staff_change_record(
        actor=world.supervisor,
        staff=person,
        effective_on=dt.date(2021, 6, 1),
        kind=ChangeKind.REASSIGNED,
        unit=world.office_a2,
    )
    kinds = list(person.changes.values_list("kind", "unit_id", "effective_on"))
    assert kinds == [
        (ChangeKind.BASELINE, world.office_a1.pk, dt.date(2015, 5, 1)),
        (ChangeKind.REASSIGNED, world.office_a2.pk, dt.date(2021, 6, 1)),
    ]
    assert [p.name for p in facts.people_on([world.office_a1.pk], dt.date(2020, 1, 1))] == ["赵敏"]
    assert [p.name for p in facts.people_on([world.office_a2.pk], dt.date(2022, 1, 1))] == ["赵敏"]
    assert facts.people_on([world.office_a1.pk], dt.date(2022, 1, 1)) == []
    person.refresh_from_db()
    assert person.unit == world.office_a2


def test_changes_are_checked(world):
    person = _hire(world, on=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError) as err:
        services.staff_change_record(
            actor=world.office_head,
            staff=person,
            effective_on=dt.date(2019, 1, 1),
            kind=ChangeKind.LEFT,
        )
    assert "不能早于该人员最近一次变动" in str(err.value)
    with pytest.raises(ValidationError) as err:
        services.staff_change_record(
            actor=world.office_head,
            staff=person,
            effective_on=dt.date(2021, 1, 1),
            kind=ChangeKind.PROMOTED,
            post="assistant",
        )
    assert "提拔应登记新的岗位" in str(err.value)
    with pytest.raises(ValidationError) as err:
        services.staff_change_record(
            actor=world.office_head,
            staff=person,
            effective_on=dt.date(2021, 1, 1),
            kind=ChangeKind.HIRED,
        )
    assert "已在岗" in str(err.value)
    with pytest.raises(ValidationError) as err:
        _hire(world, on=dt.date(2020, 1, 1), kind=ChangeKind.RECRUITED, employment="purchased")
    assert "政法专项编制" in str(err.value)
    with pytest.raises(ValidationError):
        services.staff_change_record(
            actor=world.office_head,
            staff=person,
            effective_on=dt.date.today() + dt.timedelta(2),
            kind=ChangeKind.LEFT,
        )
    with pytest.raises(PermissionDenied):
        services.staff_change_record(
            actor=world.outsider,
            staff=person,
            effective_on=dt.date(2021, 1, 1),
            kind=ChangeKind.LEFT,
        )
    with pytest.raises(PermissionDenied):
        services.staff_change_record(
            actor=world.mediator,
            staff=person,
            effective_on=dt.date(2021, 1, 1),
            kind=ChangeKind.LEFT,
        )
    assert person.changes.count() == 1


# ---------------------------------------------------------------------------------------------
# Premises over time


def _premises(world, unit, on, **values):
    defaults = dict(
        area_m2=Decimal(80),
        street_front=True,
        one_room=False,
        level=Level.PROVINCIAL,
        level_year=on.year,
    )
    defaults.update(values)
    return services.premises_record(
        actor=world.office_head if unit == world.office_a1 else world.admin,
        unit=unit,
        effective_on=on,
        **defaults,
    )


def test_premises_history_moves_the_standard_and_the_current_row(world):
    _premises(
        world,
        world.office_a1,
        dt.date(2018, 3, 1),
        area_m2=Decimal(30),
        street_front=False,
        one_room=True,
        level=Level.NONE,
        level_year=None,
    )
    _premises(
        world, world.office_a1, dt.date(2020, 10, 1), area_m2=Decimal("96.5"), funding=Decimal(45)
    )
    _premises(
        world,
        world.office_a1,
        dt.date(2022, 6, 1),
        area_m2=Decimal("120"),
        level=Level.AAA,
        level_year=2022,
        funding=Decimal("12.5"),
    )
    current = OfficePremises.objects.get(unit=world.office_a1)
    assert (current.area_m2, current.street_front, current.standardization) == (
        Decimal("120.0"),
        True,
        "provincial",
    )
    assert current.standardized_year == 2022
    a1 = world.office_a1
    assert _value("offices.provincial", a1, BEFORE) == 0
    assert _value("offices.one_room", a1, BEFORE) == 1
    assert _value("offices.provincial", a1, AFTER) == 1
    assert _value("offices.average_area", a1, BEFORE) == Decimal("30.0")
    assert _value("offices.average_area", a1, AFTER) == Decimal("120.0")
    assert indicators.value_for("offices.funding", world.city, Period.year(2020)) == 45
    assert indicators.value_for(
        "offices.funding", world.county_a, Period.between(dt.date(2018, 1, 1), AFTER)
    ) == Decimal("57.5")
    with pytest.raises(ValidationError) as err:
        _premises(world, world.office_a1, dt.date(2021, 1, 1))
    assert "不能早于最近一次记录" in str(err.value)
    with pytest.raises(ValidationError) as err:
        _premises(world, world.office_a1, dt.date(2023, 1, 1), level_year=None)
    assert "达到该等级的年度" in str(err.value)
    with pytest.raises(ValidationError):
        _premises(world, world.village_a1, dt.date(2023, 1, 1))


# ---------------------------------------------------------------------------------------------
# The standardization indicators rolled up by county and city


def _staff_office(world, office, posts):
    for number, (post, employment, law) in enumerate(posts):
        factories.staff(
            office,
            name=f"{office.name[:2]}{number}",
            post=post,
            employment=employment,
            law_major=law,
            joined_on=dt.date(2018, 1, 1),
        )


def test_standardization_indicators_per_county_and_city(world):
    full = [
        ("head", "political_legal", True),
        ("assistant", "political_legal", False),
        ("lawyer", "purchased", True),
        ("mediator", "purchased", False),
        ("clerk", "other", False),
    ]
    _staff_office(world, world.office_a1, full)  # 5 people, posts and purchases complete
    _staff_office(world, world.office_a2, [("head", "political_legal", False)])  # 一人所
    _staff_office(world, world.office_b1, full[:3])  # 3 people, no purchased mediator
    day = dt.date.today()
    city, county_a, county_b = world.city, world.county_a, world.county_b
    assert _value("offices.offices", city, day) == 3
    assert _value("offices.staffed_5", county_a, day) == 1
    assert _value("offices.staffed_5_share", county_a, day) == Decimal("50.0")
    assert _value("offices.staffed_5_share", city, day) == Decimal("33.3")
    assert _value("offices.one_person_share", county_a, day) == Decimal("50.0")
    assert _value("offices.one_person_share", county_b, day) == Decimal("0.0")
    assert _value("offices.posts_ok", city, day) == 2  # A1 and B1: 2 编制 with a law graduate
    assert _value("offices.purchased_ok", city, day) == 1
    assert _value("offices.purchased_ok_share", county_b, day) == Decimal("0.0")
    assert _value("offices.purchased_staff", city, day) == 3
    # Before anyone joined, the offices exist but hold no one.
    assert _value("offices.staffed_5", city, dt.date(2017, 1, 1)) == 0
    headline = {
        i.code for i in lines.indicators().values() if i.headline and i.code.startswith("offices.")
    }
    assert headline == {
        "offices.staffed_5_share",
        "offices.one_person_share",
        "offices.posts_ok_share",
        "offices.purchased_ok_share",
        "offices.provincial_rate",
    }
    assert all(not lines.indicators()[code].additive for code in headline)


# ---------------------------------------------------------------------------------------------
# The seeds' figures, from records


def test_the_seeds_office_figures_come_from_records(world, login):
    # 日照: "共建成省级规范化司法所51个,占全市司法所总量的94.4%" over 54 offices.
    offices = [world.office_a1, world.office_a2, world.office_b1]
    offices += [factories.unit(f"第{n}司法所", UnitKind.OFFICE, world.county_b) for n in range(51)]
    for number, office in enumerate(offices):
        standard = number >= 3
        services.premises_record(
            actor=world.admin,
            unit=office,
            effective_on=dt.date(2021, 5, 1),
            area_m2=Decimal(100),
            street_front=standard,
            one_room=False,
            level=Level.PROVINCIAL if standard else Level.APPLYING,
            level_year=2021 if standard else None,
        )
    period = Period.year(2021)
    assert indicators.value_for("offices.provincial", world.city, period) == 51
    assert indicators.value_for("offices.provincial_rate", world.city, period) == Decimal("94.4")
    phrase = lines.indicators()["offices.provincial"].phrase
    assert str(phrase).format(51) == "规范化建设达标司法所51个"

    # 日照: "工作职责由原来的814项职能增加到1221项".
    old_items = [(f"A{n:04d}", "人民调解", f"职能事项{n}", "") for n in range(814)]
    new_items = [(f"B{n:04d}", "合法性审查", f"职能事项{n}", "") for n in range(10, 1231)]
    old = services.catalogue_create(
        actor=world.admin, unit=world.city, year=2019, title="司法所职能清单", items=old_items
    )
    new = services.catalogue_create(
        actor=world.admin, unit=world.city, year=2020, title="司法所职能清单", items=new_items
    )
    comparison = selectors.catalogue_compare(old, new)
    assert (comparison.old_count, comparison.new_count) == (814, 1221)
    assert (len(comparison.added), len(comparison.removed), comparison.kept) == (417, 10, 804)
    page = (
        login(world.office_user)
        .get(reverse("offices:catalogue_compare"), {"old": old.pk, "new": new.pk})
        .content.decode()
    )
    assert "由原来的814项职能调整为1221项：新增417项，取消10项，保留804项。" in page

    # 北京广外: "10个篇章97项制度规范汇编".
    book = services.rulebook_create(
        actor=world.office_head, unit=world.office_a1, year=2023, title="制度规范汇编"
    )
    for chapter_number in range(10):
        chapter = services.rule_chapter_add(
            actor=world.office_head, book=book, title=f"篇章{chapter_number}"
        )
        for rule_number in range(10 if chapter_number < 7 else 9):
            services.rule_add(
                actor=world.office_head,
                chapter=chapter,
                title=f"制度{chapter_number}-{rule_number}",
            )
    page = (
        login(world.office_user)
        .get(reverse("offices:rulebook_detail", args=[book.pk]))
        .content.decode()
    )
    assert "10个篇章97项制度规范" in page

    # 北七家 / 台湖: "镇域面积56.83平方千米,常住总人口308907人"; "下辖41个行政村、13个社区".
    services.profile_set(
        actor=world.office_head,
        unit=world.office_a1,
        year=2023,
        area_km2=Decimal("56.83"),
        population=308907,
        villages=41,
        communities=13,
    )
    page = (
        login(world.office_user)
        .get(reverse("offices:profile", args=[world.office_a1.pk]))
        .content.decode()
    )
    for figure in ("56.83", "308907", '<td class="num">41</td>', '<td class="num">13</td>'):
        assert figure in page


# ---------------------------------------------------------------------------------------------
# Catalogue import, rules register versions, honours


def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "类别", "职能事项", "依据"])
    for row in rows:
        sheet.append(row)
    data = BytesIO()
    book.save(data)
    return SimpleUploadedFile("清单.xlsx", data.getvalue())


def test_catalogue_import_previews_then_writes_and_reimport_updates(world, login):
    catalogue = services.catalogue_create(
        actor=world.supervisor, unit=world.county_a, year=2024, title="职能清单"
    )
    client = login(world.supervisor)
    url = reverse("offices:catalogue_import", args=[catalogue.pk])
    rows = [
        ["RM-001", "人民调解", "受理调解申请", "人民调解法"],
        ["RM-002", "人民调解", "调解回访", ""],
        ["RM-002", "人民调解", "重复编号", ""],
        ["HF-001", "", "缺类别", ""],
    ]
    page = client.post(url, {"file": _sheet(rows)}).content.decode()
    assert "预览" in page and "与第3行编号重复" in page and "缺少类别" in page
    assert not DutyItem.objects.exists()
    client.post(url, {"confirm": "1"})
    assert list(catalogue.items.values_list("code", "title")) == [
        ("RM-001", "受理调解申请"),
        ("RM-002", "调解回访"),
    ]
    client.post(url, {"file": _sheet([["RM-002", "人民调解", "调解回访及归档", ""]])})
    client.post(url, {"confirm": "1"})
    assert catalogue.items.count() == 2
    assert catalogue.items.get(code="RM-002").title == "调解回访及归档"
    assert AuditEntry.objects.filter(action="offices.catalogue_import").count() == 2
    # An office reads its county's catalogue but may not change it.
    assert login(world.office_head).get(url).status_code == 403
    detail = reverse("offices:catalogue_detail", args=[catalogue.pk])
    assert "调解回访及归档" in login(world.office_head).get(detail).content.decode()


def test_a_new_years_rulebook_starts_from_the_last_one(world, login):
    client = login(world.office_head)
    client.post(
        reverse("offices:rulebook_create"),
        {"unit": world.office_a1.pk, "year": 2022, "title": "制度规范汇编"},
    )
    first = selectors.rulebook_list_for_user(user=world.office_head).get(year=2022)
    client.post(reverse("offices:chapter_add", args=[first.pk]), {"title": "议事决策"})
    chapter = first.chapters.get()
    client.post(reverse("offices:rule_add", args=[first.pk, chapter.pk]), {"title": "所务会议制度"})
    client.post(
        reverse("offices:rulebook_create"),
        {"unit": world.office_a1.pk, "year": 2023, "title": "制度规范汇编"},
    )
    later = selectors.rulebook_list_for_user(user=world.office_head).get(year=2023)
    assert (later.chapter_count, later.rule_count) == (1, 1)
    response = client.post(
        reverse("offices:chapter_add", args=[later.pk]), {"title": "议事决策"}, follow=True
    )
    assert "该汇编已有同名篇章" in response.content.decode()


def test_honours_name_a_person_or_a_unit_of_the_office(world):
    person = factories.staff(world.office_a1, name="刘所长", post="head")
    honour = services.honour_add(
        actor=world.office_head,
        unit=world.office_a1,
        staff=person,
        title="北京市司法行政系统先进个人",
        level=HonourLevel.PROVINCIAL,
        year=2022,
        awarded_by="北京市司法局",
    )
    assert honour.holder_name == "刘所长"
    services.honour_add(
        actor=world.office_head,
        unit=world.office_a1,
        holder_unit=world.village_a1,
        title="全国民主法治示范社区",
        level=HonourLevel.NATIONAL,
        year=2021,
        awarded_by="司法部、民政部",
    )
    with pytest.raises(ValidationError):
        services.honour_add(
            actor=world.admin,
            unit=world.office_a1,
            holder_unit=world.office_b1,
            title="x",
            level=HonourLevel.CITY,
            year=2021,
            awarded_by="y",
        )
    with pytest.raises(ValidationError):
        services.honour_add(
            actor=world.office_head,
            unit=world.office_a1,
            title="x",
            level=HonourLevel.CITY,
            year=2021,
            awarded_by="y",
        )


# ---------------------------------------------------------------------------------------------
# Pages


def test_profile_form_records_a_change_and_keeps_input_on_refusal(world, login):
    person = factories.staff(world.office_a1, name="孙磊", joined_on=dt.date(2016, 1, 1))
    client = login(world.office_user)
    url = reverse("offices:staff_change", args=[world.office_a1.pk])
    response = client.post(
        url,
        {
            "staff": person.pk,
            "kind": "promoted",
            "effective_on": "2023-05-01",
            "post": "head",
            "note": "提拔为所长",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已保存" in page and "提拔为所长" in page
    response = client.post(
        url,
        {
            "staff": person.pk,
            "kind": "left",
            "effective_on": "2020-01-01",
            "note": "这段说明不应丢失",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "不能早于该人员最近一次变动" in page and "这段说明不应丢失" in page
    # A mediator sees the profile without the forms and may not post.
    page = login(world.mediator).get(reverse("offices:profile", args=[world.office_a1.pk]))
    assert page.status_code == 200 and "登记人员变动" not in page.content.decode()
    assert login(world.mediator).post(url, {}).status_code == 403


def test_overview_lists_each_office_and_compares_two_dates(world, login):
    _staff_office(world, world.office_a1, [("head", "political_legal", True)] * 5)
    client = login(world.supervisor)
    page = client.get(reverse("offices:overview"), {"before": "2017-06-30"}).content.decode()
    assert "秦楼司法所" in page and "河山司法所" in page and "洪凝司法所" not in page
    assert "改革前后对比" in page and "5人以上司法所占比" in page
    assert "规范化达标率" in page
    city_page = login(world.admin).get(reverse("offices:overview")).content.decode()
    assert "洪凝司法所" in city_page


def _records(world):
    person = factories.staff(world.office_a1, name="钱芳")
    honour = services.honour_add(
        actor=world.office_head,
        unit=world.office_a1,
        staff=person,
        title="先进个人",
        level=HonourLevel.COUNTY,
        year=2022,
        awarded_by="东港区司法局",
    )
    catalogue = services.catalogue_create(
        actor=world.supervisor,
        unit=world.county_a,
        year=2024,
        title="职能清单",
        items=[("A1", "人民调解", "调解", "")],
    )
    book = services.rulebook_create(
        actor=world.office_head, unit=world.office_a1, year=2024, title="汇编"
    )
    chapter = services.rule_chapter_add(actor=world.office_head, book=book, title="内务管理")
    return person, honour, catalogue, book, chapter


PAGES = [
    ("offices:profile", "get", "office"),
    ("offices:staff_change", "post", "office"),
    ("offices:staff_hire", "post", "office"),
    ("offices:premises_add", "post", "office"),
    ("offices:unit_profile_set", "post", "office"),
    ("offices:honour_add", "post", "office"),
    ("offices:honour_remove", "post", "honour"),
    ("offices:catalogue_detail", "get", "catalogue"),
    ("offices:catalogue_import", "get", "catalogue"),
    ("offices:rulebook_detail", "get", "book"),
    ("offices:chapter_add", "post", "book"),
    ("offices:rule_add", "post", "chapter"),
]


@pytest.mark.parametrize(("name", "method", "target"), PAGES)
def test_outsider_gets_404(world, login, name, method, target):
    _person, honour, catalogue, book, chapter = _records(world)
    args = {
        "office": [world.office_a1.pk],
        "honour": [world.office_a1.pk, honour.pk],
        "catalogue": [catalogue.pk],
        "book": [book.pk],
        "chapter": [book.pk, chapter.pk],
    }[target]
    response = getattr(login(world.outsider), method)(reverse(name, args=args))
    assert response.status_code == 404
    # The office's own people open what they may read.
    if method == "get" and name != "offices:catalogue_import":
        assert login(world.office_user).get(reverse(name, args=args)).status_code == 200


def test_a_county_catalogues_history_opens_for_its_offices_and_not_for_outsiders(world, login):
    """The office reads its county's catalogue, so the page's 修改记录 panel opens too."""
    _person, _honour, catalogue, _book, _chapter = _records(world)
    page = reverse("offices:catalogue_detail", args=[catalogue.pk])
    history = reverse("core:history", args=["offices.catalogue", catalogue.pk])
    client = login(world.office_user)
    assert history in client.get(page).content.decode()
    response = client.get(history, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "新建职能清单版本" in response.content.decode()
    assert login(world.outsider).get(history).status_code == 404


def test_outsider_lists_do_not_show_others_records(world, login):
    _records(world)
    client = login(world.outsider)
    assert "职能清单" in client.get(reverse("offices:catalogue_list")).content.decode()
    assert "东港区司法局" not in client.get(reverse("offices:catalogue_list")).content.decode()
    rules_page = client.get(reverse("offices:rulebook_list")).content.decode()
    assert "尚无制度规范汇编" in rules_page and "秦楼司法所" not in rules_page
    assert "秦楼司法所" not in client.get(reverse("offices:overview")).content.decode()


def test_every_audited_write_has_its_label(world):
    _records(world)
    labels = lines.action_labels()
    written = set(
        AuditEntry.objects.filter(action__startswith="offices.").values_list("action", flat=True)
    )
    assert written == {
        "offices.honour_add",
        "offices.catalogue_create",
        "offices.rulebook_create",
        "offices.rule_chapter_add",
    }
    assert all(str(labels[action]) for action in written)


def test_overview_queries_do_not_grow_with_offices(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("offices:overview")).status_code == 200
        return len(captured)

    _staff_office(world, world.office_a1, [("head", "political_legal", True)] * 3)
    queries()  # the first request also fills per-process caches (content types)
    few = queries()
    for number in range(6):
        office = factories.unit(f"新增{number}司法所", UnitKind.OFFICE, world.county_b)
        _staff_office(world, office, [("head", "political_legal", True)] * 2)
        _premises(world, office, dt.date(2022, 1, 1))
    assert queries() <= few


def test_an_edit_in_core_premises_form_enters_the_dated_history(world, login):
    """Core's 业务用房 form edits the current row; an office with a dated premises history gets
    a record as of today, so the premises and the standard on later dates show the edit."""
    _premises(
        world,
        world.office_a1,
        dt.date(2018, 3, 1),
        area_m2=Decimal(30),
        street_front=False,
        one_room=True,
        level=Level.NONE,
        level_year=None,
    )
    today = timezone.localdate()
    client = login(world.supervisor)
    url = reverse("core:premises_edit", args=[world.office_a1.pk])
    form = {
        "area_m2": "120",
        "street_front": "on",
        "standardization": "provincial",
        "standardized_year": str(today.year),
    }
    assert client.post(url, form).status_code == 302
    now = facts.premises_on([world.office_a1.pk], today)[world.office_a1.pk]
    assert (now.area_m2, now.street_front, now.one_room, now.level) == (
        Decimal(120),
        True,
        False,  # a street-front office is not "一间屋"
        Level.PROVINCIAL,
    )
    then = facts.premises_on([world.office_a1.pk], dt.date(2019, 1, 1))[world.office_a1.pk]
    assert (then.area_m2, then.level) == (Decimal(30), Level.NONE)
    # Saving the same values again records nothing more.
    assert client.post(url, form).status_code == 302
    notes = list(PremisesRecord.objects.filter(unit=world.office_a1).values_list("note", flat=True))
    assert notes == ["", "在业务用房信息中修改"]


def test_an_office_without_premises_history_gets_none_from_the_form(world, login):
    client = login(world.supervisor)
    url = reverse("core:premises_edit", args=[world.office_a1.pk])
    form = {"area_m2": "60", "standardization": "none", "standardized_year": ""}
    assert client.post(url, form).status_code == 302
    assert not PremisesRecord.objects.filter(unit=world.office_a1).exists()
    now = facts.premises_on([world.office_a1.pk], timezone.localdate())[world.office_a1.pk]
    assert now.area_m2 == Decimal(60)
