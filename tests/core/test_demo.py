"""The demo data set: the brief's county figures, valid personal data, working accounts and to-dos,
the same data on every load, and no duplicates on a second load."""

import datetime as dt
import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from demo_support import PASSWORD, TODAY
from django.core.management import call_command
from django.db import connection

from sifasuo.core import deadline_service, lines
from sifasuo.core.audit import verify_chain
from sifasuo.core.demo import ACCOUNT_USERNAMES, load_demo
from sifasuo.core.models import (
    AuditEntry,
    Employment,
    OfficePremises,
    OrgUnit,
    PartnerType,
    Party,
    PartyKind,
    Post,
    Staff,
    StandardizationStatus,
    UnitKind,
    User,
    WorkItem,
)
from sifasuo.core.personal_data import normalize_credit_code, normalize_id_number, normalize_phone
from sifasuo.core.roles import Role

SIFASUO = Path(sys.executable).with_name("sifasuo")


def offices():
    return OrgUnit.objects.filter(kind=UnitKind.OFFICE)


def sample_offices():
    """The first office of each county, in county order."""
    bureaus = OrgUnit.objects.filter(kind=UnitKind.BUREAU).order_by("id")
    return [
        bureau.children.filter(kind=UnitKind.OFFICE).order_by("id").first() for bureau in bureaus
    ]


def test_scale_one_is_a_city_of_three_counties_and_54_offices(demo):
    assert (demo.cities, demo.bureaus, demo.offices) == (1, 3, 54)
    assert 540 <= demo.villages <= 660
    assert demo.villages == OrgUnit.objects.filter(kind=UnitKind.VILLAGE).count()
    assert demo.partners == OrgUnit.objects.filter(kind=UnitKind.PARTNER).count() > 54 * 3
    assert demo.departments == OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).count()
    for bureau in OrgUnit.objects.filter(kind=UnitKind.BUREAU):
        assert bureau.children.filter(kind=UnitKind.OFFICE).count() == 18
    for office in offices():
        assert office.township_name and office.township_kind
        kinds = Counter(office.children.values_list("kind", flat=True))
        assert 8 <= kinds[UnitKind.VILLAGE] <= 14
        assert office.children.filter(partner_type=PartnerType.POLICE).count() == 1
        assert kinds[UnitKind.DEPARTMENT] >= 3
    subdistrict = offices().filter(township_kind="subdistrict").first()
    assert all(v.name.endswith("社区") for v in subdistrict.children.filter(kind=UnitKind.VILLAGE))
    assert "54 个司法所" in demo.describe()
    assert demo.created is True


def test_staffing_and_premises_match_the_briefs_figures(demo):
    sizes = []
    for office in offices().prefetch_related("staff"):
        people = list(office.staff.all())
        political = [p for p in people if p.employment == Employment.POLITICAL_LEGAL]
        assert 2 <= len(people) <= 14
        assert len(political) >= 2, office.name
        assert any(p.law_degree for p in political), office.name
        sizes.append(len(people))
    assert sum(size >= 5 for size in sizes) / len(sizes) >= 0.70

    staff = Staff.objects.filter(unit__kind=UnitKind.OFFICE)
    posts = set(staff.values_list("post", flat=True))
    assert {
        Post.HEAD,
        Post.ASSISTANT,
        Post.MEDIATOR,
        Post.LAWYER,
        Post.SOCIAL_WORKER,
        Post.CORRECTION_OFFICER,
    } <= posts
    assert staff.filter(employment=Employment.PURCHASED).exists()
    assert staff.filter(legal_qualification=True).exists()
    assert staff.filter(legal_qualification=False).exists()
    years = staff.values_list("birth_year", flat=True)
    assert min(years) >= 1965 and max(years) <= 2000
    assert staff.count() == demo.office_staff
    for bureau in OrgUnit.objects.filter(kind=UnitKind.BUREAU):
        assert bureau.staff.filter(post=Post.BUREAU_STAFF).count() >= 3

    premises = OfficePremises.objects.all()
    assert premises.count() == 54
    assert all(80 <= p.area_m2 <= 400 for p in premises)
    assert premises.filter(street_front=True).count() > 27
    assert premises.filter(standardization=StandardizationStatus.PROVINCIAL).count() == 51


def test_every_id_number_phone_and_credit_code_is_valid(demo):
    # A person reported by phone or by a village's 法律明白人 may have no ID number on record yet;
    # every number that is recorded is valid.
    parties = list(Party.objects.filter(kind=PartyKind.PERSON))
    without_id = [p for p in parties if not p.id_number]
    assert len(without_id) < len(parties) / 5
    people = list(Staff.objects.all()) + [p for p in parties if p.id_number]
    assert len(people) > 300
    for person in people:
        assert normalize_id_number(person.id_number) == person.id_number
        assert normalize_phone(person.phone) == person.phone
        assert len(person.phone) == 11 and person.phone.startswith("1")
        # GB 11643: the 17th digit is odd for men.
        assert (int(person.id_number[16]) % 2 == 1) == (person.gender == "male")
    for staff in Staff.objects.select_related("unit__parent"):
        assert int(staff.id_number[6:10]) == staff.birth_year
        if staff.unit.kind == UnitKind.OFFICE:  # region code of the office's county
            assert staff.id_number[:6] == staff.unit.parent.division_code
    ids = [p.id_number for p in people]
    assert len(ids) == len(set(ids))
    organizations = Party.objects.exclude(kind=PartyKind.PERSON)
    assert organizations.exists()
    for organization in organizations:
        assert normalize_credit_code(organization.credit_code) == organization.credit_code


def test_accounts_log_in_and_act_for_the_sample_offices(demo, client):
    assert len(demo.accounts) == len(ACCOUNT_USERNAMES)
    lawyer = User.objects.get(username="o1_lawyer")
    assert (lawyer.role, lawyer.unit) == (Role.PUBLIC_LAWYER, sample_offices()[0])
    assert ("o1_lawyer", "公职律师", lawyer.unit.name) in demo.accounts
    for username, role_label, unit_name in demo.accounts:
        assert client.login(username=username, password=PASSWORD), username
        client.logout()
        user = User.objects.get(username=username)
        assert role_label == lines.role_label(user.role)
        assert unit_name == user.unit.name
    for number, office in enumerate(sample_offices(), start=1):
        for key, role, post in [
            ("head", Role.OFFICE_HEAD, Post.HEAD),
            ("assistant", Role.JUDICIAL_ASSISTANT, Post.ASSISTANT),
            ("mediator", Role.MEDIATOR, Post.MEDIATOR),
            ("advisor", Role.LEGAL_ADVISOR, Post.LAWYER),
        ]:
            user = User.objects.get(username=f"o{number}_{key}")
            assert (user.unit, user.role) == (office, role)
            assert user.staff_record.post == post
            assert user.display_name == user.staff_record.name
        clerk = User.objects.get(username=f"o{number}_clerk")
        assert clerk.unit.kind == UnitKind.DEPARTMENT and clerk.unit.parent == office
        police = User.objects.get(username=f"o{number}_police")
        assert police.unit.partner_type == PartnerType.POLICE and police.unit.parent == office
        supervisor = User.objects.get(username=f"county{number}")
        assert supervisor.unit == office.parent and supervisor.role == Role.SUPERVISOR
        assert supervisor.staff_record.unit == office.parent
    assert User.objects.get(username="admin").role == Role.SYSTEM_ADMIN
    assert User.objects.get(username="city").unit.kind == UnitKind.CITY


def test_sample_accounts_have_overdue_due_soon_and_open_statutory_work(demo):
    for number, office in enumerate(sample_offices(), start=1):
        open_items = WorkItem.objects.filter(
            unit__path__startswith=office.path, status=WorkItem.Status.OPEN
        )
        # Besides the statutory to-dos, a business record may open its own (a mediation case's
        # risk follow-up, with a date a person set): those name the record they come from.
        items = open_items.exclude(due_rule="")
        assert all(item.source_id for item in open_items.filter(due_rule=""))
        assert all(item.due_start <= TODAY for item in items)
        states = Counter(deadline_service.state_of(item.due_on, on=TODAY) for item in items)
        assert states["overdue"] >= 3 and states["due_soon"] >= 3 and states["open"] >= 3
        assignees = {item.assignee.username for item in items}
        assert assignees == {
            f"o{number}_{key}"
            for key in ("head", "assistant", "mediator", "advisor", "clerk", "police")
        }
        # Each item sits where its assignee can see it.
        assert all(item.assignee.unit == item.unit for item in items)
    assert WorkItem.objects.filter(status=WorkItem.Status.DONE).count() == 3
    assert demo.work_items == WorkItem.objects.count()
    # Ten parties per sample office in the register, and more that the business records name.
    assert demo.parties == Party.objects.count() > 30


def test_the_audit_chain_verifies_after_loading(demo):
    checked, problems = verify_chain()
    assert problems == []
    assert checked == AuditEntry.objects.count() > OrgUnit.objects.count() + Staff.objects.count()
    assert AuditEntry.objects.filter(action="unit.create", actor_name="系统：演示数据").count() == (
        OrgUnit.objects.count()
    )
    assert AuditEntry.objects.filter(action="work.create", actor_name="o1_head").exists()


def row_counts():
    models = [OrgUnit, OfficePremises, Staff, User, Party, WorkItem, AuditEntry]
    return {model.__name__: model.objects.count() for model in models}


def test_a_second_load_creates_nothing(demo):
    before = row_counts()
    again = load_demo(password=PASSWORD, today=TODAY)
    assert row_counts() == before
    assert again.created is False
    assert again.accounts == demo.accounts
    assert (again.offices, again.staff, again.work_items) == (54, demo.staff, demo.work_items)
    assert "已存在" in again.describe()


def data_digest() -> str:
    rows = [
        *OrgUnit.objects.order_by("id").values_list(
            "kind", "name", "parent__name", "division_code", "address", "phone"
        ),
        *OfficePremises.objects.order_by("id").values_list(
            "unit__name", "area_m2", "street_front", "standardization"
        ),
        *Staff.objects.order_by("id").values_list(
            "unit__name",
            "name",
            "id_number",
            "phone",
            "post",
            "employment",
            "education",
            "joined_on",
        ),
        *User.objects.order_by("id").values_list("username", "display_name", "unit__name", "role"),
        *Party.objects.order_by("id").values_list("name", "id_number", "credit_code", "address"),
        *WorkItem.objects.order_by("id").values_list(
            "title", "due_rule", "due_start", "due_on", "assignee__username"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def wipe():
    """Empty every table inside the test's transaction."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses while deferred foreign-key checks are pending; run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def test_same_input_gives_the_same_data(demo):
    first = data_digest()
    wipe()
    assert not OrgUnit.objects.exists()
    load_demo(password=PASSWORD, today=TODAY)
    assert data_digest() == first


def people_and_places() -> list:
    return [
        *OrgUnit.objects.order_by("id").values_list("name", "division_code", "phone"),
        *Staff.objects.order_by("id").values_list("name", "id_number", "phone", "post"),
        *Party.objects.order_by("id").values_list("name", "id_number", "credit_code"),
    ]


def test_names_and_numbers_do_not_depend_on_the_day_of_loading(demo):
    first = people_and_places()
    wipe()
    load_demo(password=PASSWORD, today=dt.date(2025, 11, 20))
    assert people_and_places() == first
    assert WorkItem.objects.filter(due_start__year=2025).exists()


def test_scale_must_be_positive(demo):
    with pytest.raises(ValueError):
        load_demo(scale=0, password=PASSWORD)


def test_demo_command_loads_once_and_lists_the_accounts(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    command = [str(SIFASUO), "demo", "--no-serve", "--data-dir", str(tmp_path / "data")]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "54 个司法所" in first.stdout and "已建立" in first.stdout
    assert PASSWORD in first.stdout
    for username in ("admin", "city", "county1", "o1_head", "o1_clerk", "o3_police"):
        assert f"  {username} " in first.stdout
    assert (tmp_path / "data" / "sifasuo.sqlite3").exists()

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "已存在" in second.stdout
    accounts = [line for line in first.stdout.splitlines() if line.startswith("  ")]
    assert accounts == [line for line in second.stdout.splitlines() if line.startswith("  ")]
