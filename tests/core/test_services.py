"""Core write services: validation, permission and the org hierarchy's shape."""

import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from factories import SETUP

from sifasuo.core import services
from sifasuo.core.models import OrgUnit, UnitKind, WorkItem
from sifasuo.core.roles import Role


def test_unit_paths_nest(world):
    assert world.office_a1.path.startswith(world.county_a.path)
    assert world.village_a1.is_within(world.office_a1)
    assert not world.office_b1.is_within(world.county_a)


@pytest.mark.parametrize(
    ("kind", "parent_attr"),
    [(UnitKind.OFFICE, "city"), (UnitKind.VILLAGE, "county_a"), (UnitKind.BUREAU, "office_a1")],
)
def test_units_must_sit_under_the_right_kind_of_parent(world, kind, parent_attr):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_create(
            actor=SETUP, name="新单位", kind=kind, parent=getattr(world, parent_attr)
        )
    assert "上级单位" in str(excinfo.value)


def test_duplicate_unit_name_under_one_parent_is_refused(world):
    with pytest.raises(ValidationError):
        services.unit_create(
            actor=SETUP, name="秦楼司法所", kind=UnitKind.OFFICE, parent=world.county_a
        )
    assert OrgUnit.objects.filter(name="秦楼司法所").count() == 1


def test_office_head_cannot_add_staff_to_another_county(world):
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=world.office_head,
            unit=world.office_b1,
            name="赵六",
            gender="male",
            birth_year=1990,
            post="assistant",
            employment="purchased",
            education="bachelor",
        )


def test_advisor_may_not_manage_staff(world):
    staff = factories.staff(world.office_a1)
    with pytest.raises(PermissionDenied):
        services.staff_update(actor=world.advisor, staff=staff, name="改名")


def test_invalid_id_number_error_names_the_field(world):
    with pytest.raises(ValidationError) as excinfo:
        factories.party(world.office_a1, id_number="110105194912310021")
    assert "id_number" in excinfo.value.message_dict


def test_only_system_admin_creates_system_admins(world):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=world.office_head,
            username="x1",
            password="Str0ng!Pass",
            unit=world.office_a1,
            role=Role.SYSTEM_ADMIN,
        )


def test_weak_password_is_refused(world):
    with pytest.raises(ValidationError):
        services.user_create(
            actor=world.office_head,
            username="x2",
            password="12345678",
            unit=world.office_a1,
            role=Role.MEDIATOR,
        )


def test_work_item_due_date_comes_from_the_engine(world):
    item = factories.work_item(
        world.office_a1,
        due_rule="reconsideration.reply",
        due_start=__import__("datetime").date(2026, 9, 28),
    )
    # 9-29, 9-30, 10-8, 10-9, 10-10 (调休 Saturday), 10-12 … 10-16: the tenth working day.
    assert item.due_rule == "reconsideration.reply"
    assert "行政复议法" in item.due_basis
    assert item.due_on.isoformat() == "2026-10-16"


def test_closing_twice_gives_a_clear_message(world):
    item = factories.work_item(world.office_a1)
    services.work_item_close(actor=world.office_user, item=item, result="已答复")
    with pytest.raises(ValidationError) as excinfo:
        services.work_item_close(actor=world.office_user, item=item, result="再次提交")
    assert "已经办结" in excinfo.value.messages[0]
    assert WorkItem.objects.get(pk=item.pk).result == "已答复"


def test_office_head_cannot_hand_out_bureau_roles(world):
    for role in (Role.SUPERVISOR, Role.SYSTEM_ADMIN):
        with pytest.raises(PermissionDenied):
            services.user_create(
                actor=world.office_head,
                username=f"x-{role}",
                password="Str0ng!Pass",
                unit=world.office_a1,
                role=role,
            )
    with pytest.raises(PermissionDenied):
        services.user_update(actor=world.office_head, user=world.mediator, role=Role.SUPERVISOR)
    made = services.user_create(
        actor=world.office_head,
        username="new-mediator",
        password="Str0ng!Pass",
        unit=world.office_a1,
        role=Role.MEDIATOR,
    )
    assert made.role == Role.MEDIATOR


def test_unit_address_stays_readable_in_its_history(world):
    from sifasuo.core.models import AuditEntry

    services.unit_update(actor=world.supervisor, unit=world.office_a1, address="秦楼街道烟台路18号")
    row = AuditEntry.objects.get(action="unit.update")
    assert row.changes["address"] == ["", "秦楼街道烟台路18号"]
