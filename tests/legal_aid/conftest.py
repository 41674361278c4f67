import datetime as dt
from dataclasses import dataclass

import factories
import pytest

from sifasuo.legal_aid import services


@dataclass
class Centres:
    a: object  # the 法律援助中心 of county A (offices A1, A2)
    b: object  # the centre of county B
    staff_a: object
    staff_b: object


@pytest.fixture
def centres(world):
    a = factories.unit("东港区法律援助中心", "legal_aid_centre", world.county_a)
    b = factories.unit("五莲县法律援助中心", "legal_aid_centre", world.county_b)
    return Centres(
        a=a,
        b=b,
        staff_a=factories.user("a_centre", a, "legal_aid_staff"),
        staff_b=factories.user("b_centre", b, "legal_aid_staff"),
    )


def _register(actor, **values):
    defaults = dict(
        unit=actor.unit,
        applicant={
            "name": "王秀兰",
            "gender": "female",
            "id_number": factories.make_id_number(birth="19500101"),
            "phone": "13963300031",
            "address": "日照市东港区秦楼街道海滨二路18号",
        },
        matter_kind="civil",
        art31_item="4",
        summary="子女拒绝支付赡养费，申请法律援助。",
        received_on=dt.date.today(),
        groups=["elderly", "woman"],
        means_basis="exempt",
        exemption_item="1",
        exemption_proof="无固定生活来源证明",
    )
    defaults.update(values)
    return services.application_register(actor=actor, **defaults)


@pytest.fixture
def register(db):
    return _register


@pytest.fixture
def application(world, centres):
    return _register(world.office_user)
