import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factories
import pytest

from sifasuo.advisors import services
from sifasuo.core.models import UnitKind

TODAY = dt.date(2026, 6, 15)


@dataclass
class Advisors:
    village: object
    village2: object
    appointment: object
    other: object  # 河山 (same county) office's appointment


@pytest.fixture
def adv(world, freeze_today):
    freeze_today(TODAY)
    village2 = factories.unit("秦楼村", UnitKind.VILLAGE, world.office_a1)
    a2_village = factories.unit("河山村", UnitKind.VILLAGE, world.office_a2)
    appointment = services.appointment_create(
        actor=factories.SETUP,
        office=world.office_a1,
        village=world.village_a1,
        lawyer_name="王海涛",
        firm="海曲正衡律师事务所",
        license_no="13711202010123456",
        phone="13853300001",
        account=world.advisor,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        fee=Decimal("12000"),
    )
    other = services.appointment_create(
        actor=factories.SETUP,
        office=world.office_a2,
        village=a2_village,
        lawyer_name="李律师",
        firm="海曲明德律师事务所",
        license_no="13711202010999999",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    return Advisors(world.village_a1, village2, appointment, other)


def log(appointment, **values):
    defaults = {
        "served_on": dt.date(2026, 6, 3),
        "kind": "office_hours",
        "people_served": 5,
        "content": "坐班接待村民，解答土地承包问题。",
    }
    defaults.update(values)
    return services.log_create(actor=factories.SETUP, appointment=appointment, **defaults)
