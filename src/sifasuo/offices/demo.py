"""Demo office management records: several years of staffing changes around a reform (people
leaving, posts returned, new recruits, purchased lawyers and mediators, a promotion), premises
upgraded from "一间屋" to a provincial-standard street-front office, the city's duty catalogue in
two versions, a rules register in two years, the township's profile and honours."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sifasuo.core.actors import DEMO
from sifasuo.core.demo import DemoOffice
from sifasuo.core.models import Education, Employment, Post, Staff, UnitKind

from . import services
from .models import ChangeKind, DutyCatalogue, HonourLevel, Level

# The duty catalogue's areas and, for each, the verbs and objects its items are made of.
_AREAS = (
    ("人民调解", "RM"),
    ("合法性审查", "HF"),
    ("行政执法协调监督", "ZF"),
    ("行政复议应诉", "FY"),
    ("法治宣传教育", "PF"),
    ("法律援助", "YZ"),
    ("社区矫正", "JZ"),
    ("安置帮教", "BJ"),
    ("公共法律服务", "GG"),
    ("法律顾问", "GW"),
    ("法治建设", "FZ"),
    ("所务管理", "SW"),
    ("信访矛盾化解", "XF"),
    ("合同管理", "HT"),
)
_VERBS = (
    "受理",
    "登记",
    "审查",
    "指导",
    "协调",
    "督促",
    "统计",
    "报送",
    "培训",
    "检查",
    "回访",
    "归档",
)
_OBJECTS = (
    "申请事项",
    "工作台账",
    "业务文书",
    "重点人员",
    "村（居）工作",
    "专项活动",
    "信息报表",
    "工作制度",
)
OLD_ITEMS = 814
NEW_ITEMS = 1221
REMOVED = 13

_CHAPTERS = (
    ("议事决策", ("所务会议制度", "重大事项集体决策制度", "列席乡镇会议制度", "法律意见书制度")),
    ("廉政建设", ("廉政风险防控制度", "一岗双责制度", "廉政谈话制度", "述职述廉制度")),
    ("财务管理", ("经费使用管理制度", "政府购买服务资金管理制度", "固定资产管理制度")),
    (
        "法治建设",
        ("合法性审查工作规程", "行政执法协调监督办法", "合同管理办法", "复议应诉工作规程"),
    ),
    ("人民调解", ("矛盾纠纷排查制度", "调解案件登记制度", "调解回访制度", "疑难纠纷会商制度")),
    ("社区矫正", ("报到登记制度", "走访谈话制度", "分类管理制度", "教育学习制度")),
    ("法律服务", ("法律援助受理转办制度", "值班律师制度", "村居法律顾问管理办法")),
    ("普法宣传", ("普法责任清单制度", "法律明白人培养制度", "以案释法制度")),
    ("内务管理", ("考勤请销假制度", "档案管理制度", "印章管理制度", "保密制度", "值班制度")),
    ("教育培训", ("业务学习制度", "岗位练兵制度", "新进人员培训制度")),
)


def _duty_titles(count: int, rng: random.Random) -> list[tuple[str, str]]:
    combos = [
        (area, f"{verb}{area}{obj}")
        for area, _code in _AREAS
        for verb in _VERBS
        for obj in _OBJECTS
    ]
    rng.shuffle(combos)
    return combos[:count]


def _catalogues(office: DemoOffice) -> None:
    """The city's catalogue before and after the reform: 814 items, then 1,221."""
    city = office.county.parent
    if DutyCatalogue.objects.filter(unit=city).exists():
        return
    rng = random.Random("offices-catalogue")
    reform = office.today.year - 3
    titles = _duty_titles(NEW_ITEMS + REMOVED, rng)
    old = titles[:OLD_ITEMS]
    new = titles[REMOVED : NEW_ITEMS + REMOVED]
    codes = dict(_AREAS)

    def items(rows):
        numbers: dict[str, int] = {}
        for area, title in rows:
            numbers[area] = numbers.get(area, 0) + 1
            yield f"{codes[area]}-{numbers[area]:03d}", area, title, ""

    services.catalogue_create(
        actor=DEMO,
        unit=city,
        year=reform - 1,
        title="司法所职能清单",
        issued_on=dt.date(reform - 1, 4, 1),
        items=items(old),
    )
    services.catalogue_create(
        actor=DEMO,
        unit=city,
        year=reform,
        title="司法所职能清单",
        issued_on=dt.date(reform, 7, 1),
        note="增加合法性审查、行政执法协调监督、协助办理行政复议和行政应诉等职能",
        items=items(new),
    )


def _rules(office: DemoOffice) -> None:
    """Two years of the office's rules register: the later year adds chapters and rules."""
    reform = office.today.year - 3
    chapters = _CHAPTERS if office.number == 1 else _CHAPTERS[: 6 + office.number]
    first = services.rulebook_create(
        actor=DEMO, unit=office.unit, year=reform, title=f"{office.unit.name}制度规范汇编"
    )
    for title, rules in chapters[:-2]:
        chapter = services.rule_chapter_add(actor=DEMO, book=first, title=title)
        for rule in rules[:-1]:
            services.rule_add(actor=DEMO, chapter=chapter, title=rule)
    later = services.rulebook_create(
        actor=DEMO,
        unit=office.unit,
        year=reform + 1,
        title=f"{office.unit.name}制度规范汇编",
        copy_from=first,
    )
    existing = {c.title: c for c in later.chapters.all()}
    for title, rules in chapters:
        chapter = existing.get(title) or services.rule_chapter_add(
            actor=DEMO, book=later, title=title
        )
        have = set(chapter.rules.values_list("title", flat=True))
        for rule in rules:
            if rule not in have:
                services.rule_add(actor=DEMO, chapter=chapter, title=rule)


def _first(unit, post: str, employment: str) -> Staff | None:
    return Staff.objects.filter(unit=unit, post=post, employment=employment).order_by("pk").first()


def _staffing(office: DemoOffice, rng: random.Random) -> None:
    """Around the reform (three years ago): an older cadre leaves, the head's post returns to
    the office and the head is promoted a year later, a law graduate is recruited and later
    passes the 法律职业资格 examination, the purchased mediator and lawyer are hired."""
    unit = office.unit
    people = office.people.sibling(rng)
    reform = office.today.year - 3

    def day(year: int, month: int) -> dt.date:
        return min(dt.date(year, month, rng.randint(1, 28)), office.today)

    # The sample offices keep to the brief's size (at most 14 people on the books).
    if Staff.objects.filter(unit=unit).count() < 14:
        gender = people.gender(0.3)
        birth_year = rng.randint(1965, 1967)
        veteran = services.staff_hire(
            actor=DEMO,
            unit=unit,
            effective_on=dt.date(reform - 12, 3, 1),
            kind=ChangeKind.HIRED,
            name=people.name(gender),
            gender=gender,
            birth_year=birth_year,
            post=Post.ASSISTANT,
            employment=Employment.OTHER_ESTABLISHMENT,
            education=Education.COLLEGE,
            id_number=people.id_number(office.county.division_code, birth_year, gender),
            phone=people.mobile(),
        )
        services.staff_change_record(
            actor=DEMO,
            staff=veteran,
            effective_on=day(reform, 2),
            kind=ChangeKind.LEFT,
            note="人岗不适、年龄老化，调整至乡镇其他岗位",
        )
    head = _first(unit, Post.HEAD, Employment.POLITICAL_LEGAL)
    if head is not None:
        services.staff_change_record(
            actor=DEMO,
            staff=head,
            effective_on=day(reform, 4),
            kind=ChangeKind.RETURNED,
            post=Post.ASSISTANT,
            note="政法专项编制清理核查后回归司法所",
        )
        services.staff_change_record(
            actor=DEMO,
            staff=head,
            effective_on=day(reform + 1, 3),
            kind=ChangeKind.PROMOTED,
            post=Post.HEAD,
            note="提拔为所长",
        )
    for post, employment, kind, month in (
        (Post.MEDIATOR, Employment.PURCHASED, ChangeKind.HIRED, 5),
        (Post.LAWYER, Employment.PURCHASED, ChangeKind.HIRED, 6),
        (Post.ASSISTANT, Employment.POLITICAL_LEGAL, ChangeKind.RECRUITED, 9),
    ):
        person = _first(unit, post, employment)
        if person is None:
            continue
        services.staff_change_record(
            actor=DEMO,
            staff=person,
            effective_on=day(reform, month),
            kind=kind,
            note="政府购买服务" if employment == Employment.PURCHASED else "公开招录",
        )
        if kind == ChangeKind.RECRUITED and not person.legal_qualification:
            services.staff_change_record(
                actor=DEMO,
                staff=person,
                effective_on=day(reform + 2, 11),
                kind=ChangeKind.UPDATED,
                legal_qualification=True,
                note="通过国家统一法律职业资格考试",
            )


def _premises(office: DemoOffice, rng: random.Random) -> None:
    """From "一间屋" in the township building to a street-front office at provincial standard
    (the first office later rated AAA); the last record matches the current premises."""
    unit = office.unit
    reform = office.today.year - 3
    current = unit.premises
    services.premises_record(
        actor=DEMO,
        unit=unit,
        effective_on=dt.date(reform - 2, 3, 1),
        area_m2=Decimal(rng.randint(25, 45)),
        street_front=False,
        one_room=True,
        level=Level.NONE,
        note="与乡镇其他部门合署办公",
    )
    upgraded_area = max(current.area_m2 - Decimal(rng.randint(10, 30)), Decimal(60))
    services.premises_record(
        actor=DEMO,
        unit=unit,
        effective_on=dt.date(reform, 10, 15),
        area_m2=upgraded_area if office.number == 1 else current.area_m2,
        street_front=True,
        one_room=False,
        level=Level.PROVINCIAL,
        level_year=reform,
        funding=Decimal(rng.randint(25, 60)),
        note="新建临街独立办公场所",
    )
    if office.number == 1:
        services.premises_record(
            actor=DEMO,
            unit=unit,
            effective_on=min(dt.date(reform + 2, 6, 1), office.today),
            area_m2=current.area_m2,
            street_front=True,
            one_room=False,
            level=Level.AAA,
            level_year=min(reform + 2, office.today.year),
            funding=Decimal(rng.randint(8, 20)),
            note="功能布局改造，创建AAA级规范化司法所",
        )


def _profile(office: DemoOffice, rng: random.Random) -> None:
    unit = office.unit
    villages = [v for v in office.villages if v.name.endswith("村")]
    communities = len(office.villages) - len(villages)
    area = Decimal(rng.randint(4000, 12000)) / 100
    population = rng.randint(30000, 90000)
    for back in (3, 1):
        services.profile_set(
            actor=DEMO,
            unit=unit,
            year=office.today.year - back,
            area_km2=area,
            population=int(population * (1 - 0.01 * back)),
            villages=len(villages),
            communities=communities,
            note="据乡镇统计年鉴",
        )


def _honours(office: DemoOffice, rng: random.Random) -> None:
    unit = office.unit
    year = office.today.year - 1
    head = Staff.objects.filter(unit=unit, post=Post.HEAD).order_by("pk").first()
    if head is not None:
        services.honour_add(
            actor=DEMO,
            unit=unit,
            staff=head,
            title="全省司法行政系统先进个人",
            level=HonourLevel.PROVINCIAL,
            year=year,
            awarded_by="省司法厅",
        )
    services.honour_add(
        actor=DEMO,
        unit=unit,
        holder_unit=unit,
        title="司法行政系统先进集体",
        level=HonourLevel.CITY,
        year=year - 1,
        awarded_by="市司法局",
        period=f"{year - 5}—{year - 1}年度",
    )
    places = [v for v in office.villages if v.kind == UnitKind.VILLAGE]
    for place, level, title, body in (
        (0, HonourLevel.NATIONAL, "全国民主法治示范村（社区）", "司法部、民政部"),
        (1, HonourLevel.PROVINCIAL, "省级民主法治示范村（社区）", "省司法厅、省民政厅"),
    ):
        if len(places) > place and (office.number == 1 or level != HonourLevel.NATIONAL):
            services.honour_add(
                actor=DEMO,
                unit=unit,
                holder_unit=places[place],
                title=title,
                level=level,
                year=year - rng.randint(0, 2),
                awarded_by=body,
            )


def load(office: DemoOffice) -> None:
    # A stream of this line's own, so the other lines' demo records stay as they were.
    rng = random.Random(f"offices-demo-{office.number}")
    _catalogues(office)
    _staffing(office, rng)
    _premises(office, rng)
    _profile(office, rng)
    _honours(office, rng)
    _rules(office)
