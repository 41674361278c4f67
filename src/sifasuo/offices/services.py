"""Write services of office management: each checks the actor, validates, writes the dated
record, brings core's current row (`Staff`, `OfficePremises`) up to date, and audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sifasuo.core.actors import is_system
from sifasuo.core.audit import audit_record, diff, snapshot
from sifasuo.core.models import OfficePremises, OrgUnit, Staff, StandardizationStatus, UnitKind
from sifasuo.core.personal_data import normalize_id_number, normalize_phone
from sifasuo.core.services import require, require_unit
from sifasuo.core.workflow import lock, lock_unit

from .models import (
    CORE_STATUS,
    JOINING,
    LEVEL_OF_STATUS,
    STANDARD_LEVELS,
    ChangeKind,
    DutyCatalogue,
    DutyItem,
    Honour,
    Level,
    PremisesRecord,
    Rule,
    RuleBook,
    RuleChapter,
    StaffChange,
    UnitProfile,
)

MANAGE = "offices.manage"
STATE_FIELDS = ("unit", "post", "employment", "education", "law_major", "legal_qualification")
CURRENT_FIELDS = (*STATE_FIELDS, "is_active", "joined_on")
ISSUING_KINDS = (UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)


def _by(actor):
    return None if is_system(actor) else actor


def _check(actor, unit: OrgUnit) -> None:
    require(actor, MANAGE)
    require_unit(actor, unit)


def _office(unit: OrgUnit) -> None:
    if unit.kind != UnitKind.OFFICE:
        raise ValidationError("只有司法所登记该项记录。")


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "日期不能晚于今天。"})


# ---------------------------------------------------------------------------------------------
# Staffing over time


def latest_change(staff: Staff, on: dt.date | None = None) -> StaffChange | None:
    changes = staff.changes.all()
    if on is not None:
        changes = changes.filter(effective_on__lte=on)
    return changes.order_by("-effective_on", "-id").first()


def _baseline(staff: Staff, before: dt.date, actor) -> StaffChange:
    """The state the current row shows, dated when the person joined (or the change's own day
    when that is unknown), so the first recorded change has something to change."""
    day = staff.joined_on if staff.joined_on and staff.joined_on <= before else before
    row = StaffChange(
        staff=staff,
        effective_on=day,
        kind=ChangeKind.BASELINE,
        recorded_by=_by(actor),
        note="据现有人员信息建档",
        **{name: getattr(staff, name) for name in STATE_FIELDS},
    )
    row.save()
    return row


@transaction.atomic
def staff_change_record(
    *,
    actor,
    staff: Staff,
    effective_on: dt.date,
    kind: str,
    note: str = "",
    **values: Any,
) -> StaffChange:
    """Record a dated change of a person's post, employment type, unit, education or
    qualification (提拔, 调岗, 编制回归, 离岗 …) and bring the current staff row up to date.

    Changes are recorded in order: a change dated before the person's latest recorded change is
    refused, since every row holds the whole state from its day on."""
    _check(actor, staff.unit)
    unknown = set(values) - set(STATE_FIELDS)
    if unknown:
        raise ValueError(f"not staff state fields: {sorted(unknown)}")
    values = {k: v for k, v in values.items() if v is not None and v != ""}
    if "unit" in values:
        require_unit(actor, values["unit"])
        if values["unit"].kind not in (UnitKind.OFFICE, UnitKind.BUREAU):
            raise ValidationError({"unit": "请选择司法所或区县司法局。"})
    if kind == ChangeKind.BASELINE:
        raise ValidationError({"kind": "请选择变动类型。"})
    _not_future(effective_on, "effective_on")
    staff = lock(staff)
    last = latest_change(staff)
    if last is not None and effective_on < last.effective_on:
        raise ValidationError(
            {
                "effective_on": f"变动日期不能早于该人员最近一次变动（{last.effective_on:%Y-%m-%d}）。"
            }
        )
    if last is None and kind not in JOINING:
        last = _baseline(staff, effective_on, actor)
    active = last is not None and last.kind != ChangeKind.LEFT
    if kind in (ChangeKind.HIRED, ChangeKind.RECRUITED) and active:
        raise ValidationError({"kind": "该人员已在岗，不能再登记入职或新招录。"})
    if kind not in JOINING and not active:
        raise ValidationError({"kind": "该人员已离岗，请登记入职、新招录或编制回归。"})
    state = {name: getattr(last or staff, name) for name in STATE_FIELDS}
    state.update(values)
    if kind in (ChangeKind.RECRUITED, ChangeKind.RETURNED) and state["employment"] != (
        "political_legal"
    ):
        raise ValidationError({"employment": "新招录和编制回归的人员性质应为“政法专项编制”。"})
    if kind == ChangeKind.PROMOTED and last is not None and state["post"] == last.post:
        raise ValidationError({"post": "提拔应登记新的岗位。"})
    if kind in (ChangeKind.REASSIGNED, ChangeKind.PROMOTED, ChangeKind.UPDATED) and all(
        state[name] == getattr(last, name) for name in STATE_FIELDS
    ):
        raise ValidationError("没有需要登记的变动。")
    change = StaffChange(
        staff=staff,
        effective_on=effective_on,
        kind=kind,
        note=note.strip(),
        recorded_by=_by(actor),
        **state,
    )
    change.full_clean()
    change.save()
    before = snapshot(staff, CURRENT_FIELDS)
    for name, value in state.items():
        setattr(staff, name, value)
    staff.is_active = kind != ChangeKind.LEFT
    if kind in (ChangeKind.HIRED, ChangeKind.RECRUITED) or (
        kind == ChangeKind.RETURNED and staff.joined_on is None
    ):
        staff.joined_on = effective_on
    staff.full_clean()
    staff.save()
    changes = diff(before, snapshot(staff, CURRENT_FIELDS))
    changes["kind"] = [None, kind]
    changes["effective_on"] = [None, effective_on]
    audit_record(actor=actor, action="offices.staff_change", obj=staff, changes=changes)
    return change


def staff_edited(*, actor, staff: Staff, previous: Staff) -> StaffChange | None:
    """Core's staff form changed a person's current row (`previous`: as it was): for a person
    with a dated history, the change as of today, so the staffing on any later date shows it.
    A person without history counts as the current row shows them and needs none. Runs in the
    editing service's transaction, after its checks."""
    last = latest_change(staff)
    if last is None:
        return None
    attnames = ("unit_id", *STATE_FIELDS[1:])  # the unit compared by its id
    moved = [
        name
        for name, attname in zip(STATE_FIELDS, attnames, strict=True)
        if getattr(previous, attname) != getattr(staff, attname)
    ]
    working = last.kind != ChangeKind.LEFT
    if previous.is_active and not staff.is_active and working:
        kind = ChangeKind.LEFT
    elif not previous.is_active and staff.is_active and not working:
        kind = ChangeKind.HIRED
    elif staff.is_active and working and {"unit", "post", "employment"} & set(moved):
        kind = ChangeKind.REASSIGNED
    elif staff.is_active and working and moved:
        kind = ChangeKind.UPDATED
    else:
        return None  # nothing the staffing history holds (a name, a phone number)
    day = max(timezone.localdate(), last.effective_on)
    change = StaffChange(
        staff=staff,
        effective_on=day,
        kind=kind,
        note="在工作人员信息中修改",
        recorded_by=_by(actor),
        **{name: getattr(staff, name) for name in STATE_FIELDS},
    )
    change.full_clean()
    change.save()
    audit_record(
        actor=actor,
        action="offices.staff_change",
        obj=staff,
        changes={"kind": [None, kind], "effective_on": [None, day]},
    )
    return change


@transaction.atomic
def staff_hire(
    *,
    actor,
    unit: OrgUnit,
    effective_on: dt.date,
    kind: str,
    name: str,
    gender: str,
    birth_year: int,
    post: str,
    employment: str,
    education: str,
    law_major: bool = False,
    legal_qualification: bool = False,
    id_number: str = "",
    phone: str = "",
    note: str = "",
) -> Staff:
    """A person joins the office (入职, 新招录 or 编制回归 of someone not yet on the books): the
    staff row and the first change in its history."""
    _check(actor, unit)
    if unit.kind not in (UnitKind.OFFICE, UnitKind.BUREAU):
        raise ValidationError({"unit": "请选择司法所或区县司法局。"})
    if kind not in JOINING:
        raise ValidationError({"kind": "新进人员的变动类型应为入职、新招录或编制回归。"})
    _not_future(effective_on, "effective_on")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写姓名。"})
    if kind in (ChangeKind.RECRUITED, ChangeKind.RETURNED) and employment != "political_legal":
        raise ValidationError({"employment": "新招录和编制回归的人员性质应为“政法专项编制”。"})
    numbers = {}
    for key, value, normalize in (
        ("id_number", id_number, normalize_id_number),
        ("phone", phone, normalize_phone),
    ):
        try:
            numbers[key] = normalize(value) if value else ""
        except ValidationError as exc:
            raise ValidationError({key: exc.messages}) from None
    lock_unit(unit)
    staff = Staff(
        unit=unit,
        **numbers,
        name=name,
        gender=gender,
        birth_year=birth_year,
        post=post,
        employment=employment,
        education=education,
        law_major=law_major,
        legal_qualification=legal_qualification,
        joined_on=effective_on,
    )
    staff.full_clean()
    staff.save()
    StaffChange.objects.create(
        staff=staff,
        effective_on=effective_on,
        kind=kind,
        note=note.strip(),
        recorded_by=_by(actor),
        **{field: getattr(staff, field) for field in STATE_FIELDS},
    )
    audit_record(
        actor=actor,
        action="offices.staff_hire",
        obj=staff,
        changes={
            "name": [None, name],
            "kind": [None, kind],
            "post": [None, post],
            "employment": [None, employment],
            "effective_on": [None, effective_on],
        },
    )
    return staff


# ---------------------------------------------------------------------------------------------
# Premises over time


@transaction.atomic
def premises_record(
    *,
    actor,
    unit: OrgUnit,
    effective_on: dt.date,
    area_m2: Decimal,
    street_front: bool,
    one_room: bool,
    level: str,
    level_year: int | None = None,
    funding: Decimal = Decimal(0),
    note: str = "",
) -> PremisesRecord:
    """Record the office's premises from a date on (an upgrade, a move, a new standard reached)
    and bring core's current premises row up to date."""
    _check(actor, unit)
    _office(unit)
    _not_future(effective_on, "effective_on")
    lock_unit(unit)
    last = PremisesRecord.objects.filter(unit=unit).order_by("-effective_on", "-id").first()
    if last is not None and effective_on < last.effective_on:
        raise ValidationError(
            {"effective_on": f"登记日期不能早于最近一次记录（{last.effective_on:%Y-%m-%d}）。"}
        )
    if Decimal(area_m2) <= 0:
        raise ValidationError({"area_m2": "业务用房面积应大于0。"})
    if level in STANDARD_LEVELS:
        if not level_year:
            raise ValidationError({"level_year": "请填写达到该等级的年度。"})
        if level_year > effective_on.year:
            raise ValidationError({"level_year": "达标年度不能晚于登记日期。"})
    else:
        level_year = None
    if one_room and street_front:
        raise ValidationError({"one_room": "“一间屋”与临街独立办公场所不能同时勾选。"})
    record = PremisesRecord(
        unit=unit,
        effective_on=effective_on,
        area_m2=Decimal(area_m2),
        street_front=street_front,
        one_room=one_room,
        level=level,
        level_year=level_year,
        funding=Decimal(funding or 0),
        note=note.strip(),
        recorded_by=_by(actor),
    )
    record.full_clean()
    record.save()
    premises, _created = OfficePremises.objects.select_for_update().get_or_create(unit=unit)
    fields = ("area_m2", "street_front", "standardization", "standardized_year")
    before = snapshot(premises, fields)
    premises.area_m2 = record.area_m2
    premises.street_front = street_front
    premises.standardization = CORE_STATUS[Level(level)]
    premises.standardized_year = level_year
    premises.full_clean()
    premises.save()
    changes = diff(before, snapshot(premises, fields))
    changes.update(
        {
            "effective_on": [None, effective_on],
            "one_room": [None, one_room],
            "level": [None, level],
            "funding": [None, record.funding],
        }
    )
    audit_record(actor=actor, action="offices.premises_record", obj=record, changes=changes)
    return record


def premises_edited(
    *, actor, premises: OfficePremises, previous: OfficePremises | None
) -> PremisesRecord | None:
    """Core's premises form changed an office's current row: for an office with a dated
    premises history, a record as of today, so the premises on any later date show the edit
    ("一间屋" carried over from the last record, which that form does not ask). An office
    without history is read from the current row and needs none. Runs in the editing service's
    transaction, after its checks."""
    last = (
        PremisesRecord.objects.filter(unit_id=premises.unit_id)
        .order_by("-effective_on", "-id")
        .first()
    )
    if last is None:
        return None
    level = LEVEL_OF_STATUS.get(StandardizationStatus(premises.standardization), Level.NONE)
    level_year = premises.standardized_year if level in STANDARD_LEVELS else None
    street_front = premises.street_front
    one_room = last.one_room and not street_front
    if (
        last.area_m2 == premises.area_m2
        and last.street_front == street_front
        and last.level == level
        and last.level_year == level_year
    ):
        return None
    record = PremisesRecord(
        unit_id=premises.unit_id,
        effective_on=max(timezone.localdate(), last.effective_on),
        area_m2=premises.area_m2,
        street_front=street_front,
        one_room=one_room,
        level=level,
        level_year=level_year,
        note="在业务用房信息中修改",
        recorded_by=_by(actor),
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="offices.premises_record",
        obj=record,
        changes={"effective_on": [None, record.effective_on], "level": [None, level]},
    )
    return record


# ---------------------------------------------------------------------------------------------
# The duty catalogue


def _issuer(unit: OrgUnit) -> None:
    if unit.kind not in ISSUING_KINDS:
        raise ValidationError({"unit": "请选择市、区县司法局或司法所。"})


@transaction.atomic
def catalogue_create(
    *,
    actor,
    unit: OrgUnit,
    year: int,
    title: str,
    issued_on: dt.date | None = None,
    note: str = "",
    items: Iterable[tuple[str, str, str, str]] = (),
) -> DutyCatalogue:
    """A new version of the duty catalogue, with its items as (code, category, title, basis)."""
    _check(actor, unit)
    _issuer(unit)
    lock_unit(unit)
    if DutyCatalogue.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": f"本单位已有{year}年版职能清单。"})
    catalogue = DutyCatalogue(
        unit=unit, year=year, title=title.strip(), issued_on=issued_on, note=note.strip()
    )
    catalogue.full_clean()
    catalogue.save()
    rows = [
        DutyItem(catalogue=catalogue, code=code, category=category, title=text, basis=basis)
        for code, category, text, basis in items
    ]
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise ValidationError("职能事项编号有重复。")
    for row in rows:
        row.full_clean(exclude=["catalogue"], validate_constraints=False)
    DutyItem.objects.bulk_create(rows, batch_size=500)
    audit_record(
        actor=actor,
        action="offices.catalogue_create",
        obj=catalogue,
        changes={"title": [None, catalogue.title], "year": [None, year], "items": [0, len(rows)]},
    )
    return catalogue


@transaction.atomic
def catalogue_item_save(
    *, actor, catalogue: DutyCatalogue, code: str, category: str, title: str, basis: str = ""
) -> str:
    """Add an item to a catalogue version, or update the item with the same code; returns
    "created", "updated" or "unchanged"."""
    _check(actor, catalogue.unit)
    code, category, title = code.strip(), category.strip(), title.strip()
    if not (code and category and title):
        raise ValidationError("编号、类别和职能事项均须填写。")
    item = DutyItem.objects.filter(catalogue=catalogue, code=code).first()
    values = {"category": category, "title": title, "basis": basis.strip()}
    if item is None:
        item = DutyItem(catalogue=catalogue, code=code, **values)
        item.full_clean()
        item.save()
        outcome, changes = "created", {k: [None, v] for k, v in {"code": code, **values}.items()}
    else:
        changes = {k: [getattr(item, k), v] for k, v in values.items() if getattr(item, k) != v}
        if not changes:
            return "unchanged"
        for name, (_old, new) in changes.items():
            setattr(item, name, new)
        item.full_clean()
        item.save()
        outcome = "updated"
    audit_record(
        actor=actor,
        action="offices.catalogue_item",
        obj=catalogue,
        changes={"item": [None, code], **changes},
    )
    return outcome


# ---------------------------------------------------------------------------------------------
# The rules register


@transaction.atomic
def rulebook_create(
    *, actor, unit: OrgUnit, year: int, title: str, copy_from: RuleBook | None = None
) -> RuleBook:
    """A year's rules register, empty or copied from an earlier year's to be revised."""
    _check(actor, unit)
    _issuer(unit)
    lock_unit(unit)
    if RuleBook.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": f"本单位已有{year}年的制度规范汇编。"})
    book = RuleBook(unit=unit, year=year, title=title.strip())
    book.full_clean()
    book.save()
    copied = 0
    if copy_from is not None:
        if copy_from.unit_id != unit.pk:
            raise ValidationError({"copy_from": "只能沿用本单位的汇编。"})
        for chapter in copy_from.chapters.prefetch_related("rules"):
            new = RuleChapter.objects.create(book=book, number=chapter.number, title=chapter.title)
            Rule.objects.bulk_create(
                Rule(chapter=new, number=rule.number, title=rule.title)
                for rule in chapter.rules.all()
            )
            copied += 1
    audit_record(
        actor=actor,
        action="offices.rulebook_create",
        obj=book,
        changes={"title": [None, book.title], "year": [None, year], "chapters": [0, copied]},
    )
    return book


@transaction.atomic
def rule_chapter_add(*, actor, book: RuleBook, title: str) -> RuleChapter:
    _check(actor, book.unit)
    lock_unit(book.unit)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写篇章名称。"})
    if book.chapters.filter(title=title).exists():
        raise ValidationError({"title": "该汇编已有同名篇章。"})
    number = (book.chapters.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    chapter = RuleChapter(book=book, number=number, title=title)
    chapter.full_clean()
    chapter.save()
    audit_record(
        actor=actor,
        action="offices.rule_chapter_add",
        obj=book,
        unit=book.unit,
        changes={"chapter": [None, f"第{number}篇 {title}"]},
    )
    return chapter


@transaction.atomic
def rule_add(*, actor, chapter: RuleChapter, title: str) -> Rule:
    book = chapter.book
    _check(actor, book.unit)
    lock_unit(book.unit)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写制度名称。"})
    if Rule.objects.filter(chapter__book=book, title=title).exists():
        raise ValidationError({"title": "该汇编已收录同名制度。"})
    number = (chapter.rules.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    rule = Rule(chapter=chapter, number=number, title=title)
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="offices.rule_add",
        obj=book,
        unit=book.unit,
        changes={"rule": [None, f"{chapter.title}：{title}"]},
    )
    return rule


# ---------------------------------------------------------------------------------------------
# The township's profile and honours


@transaction.atomic
def profile_set(
    *,
    actor,
    unit: OrgUnit,
    year: int,
    area_km2: Decimal,
    population: int,
    villages: int,
    communities: int,
    note: str = "",
) -> UnitProfile:
    """The township's area, population, villages and communities as of a year (one per year;
    recording a year again corrects it)."""
    _check(actor, unit)
    _office(unit)
    if Decimal(area_km2) <= 0:
        raise ValidationError({"area_km2": "辖区面积应大于0。"})
    if year > timezone.localdate().year:
        raise ValidationError({"year": "年度不能晚于今年。"})
    lock_unit(unit)
    fields = ("area_km2", "population", "villages", "communities", "note")
    profile = UnitProfile.objects.filter(unit=unit, year=year).first()
    before = snapshot(profile, fields) if profile else {}
    profile = profile or UnitProfile(unit=unit, year=year)
    profile.area_km2 = Decimal(area_km2)
    profile.population = population
    profile.villages = villages
    profile.communities = communities
    profile.note = note.strip()
    profile.full_clean(validate_constraints=False)
    profile.save()
    changes = diff(before, snapshot(profile, fields))
    changes["year"] = [None, year]
    audit_record(actor=actor, action="offices.profile_set", obj=profile, changes=changes)
    return profile


@transaction.atomic
def honour_add(
    *,
    actor,
    unit: OrgUnit,
    title: str,
    level: str,
    year: int,
    awarded_by: str,
    staff: Staff | None = None,
    holder_unit: OrgUnit | None = None,
    period: str = "",
) -> Honour:
    """A title awarded to a person of the office or to the office or one of its villages."""
    _check(actor, unit)
    _office(unit)
    if (staff is None) == (holder_unit is None):
        raise ValidationError({"staff": "请选择获得荣誉的个人或集体（二选一）。"})
    served = staff is None or staff.unit_id == unit.pk
    if not served and not StaffChange.objects.filter(staff=staff, unit=unit).exists():
        raise ValidationError({"staff": "该人员不是本所工作人员。"})
    if holder_unit is not None and not holder_unit.is_within(unit):
        raise ValidationError({"holder_unit": "获得荣誉的集体应为本所或本所辖区的村（社区）。"})
    if year > timezone.localdate().year:
        raise ValidationError({"year": "年度不能晚于今年。"})
    honour = Honour(
        unit=unit,
        staff=staff,
        holder_unit=holder_unit,
        title=title.strip(),
        level=level,
        year=year,
        awarded_by=awarded_by.strip(),
        period=period.strip(),
        recorded_by=_by(actor),
    )
    honour.full_clean()
    honour.save()
    audit_record(
        actor=actor,
        action="offices.honour_add",
        obj=honour,
        changes={"holder": [None, honour.holder_name], "title": [None, honour.title]},
    )
    return honour


@transaction.atomic
def honour_remove(*, actor, honour: Honour) -> None:
    _check(actor, honour.unit)
    text = str(honour)
    audit_record(
        actor=actor,
        action="offices.honour_remove",
        obj=honour,
        changes={"honour": [text, None]},
    )
    honour.delete()
