"""The demo city's office management records: the city's catalogue in two versions (814 → 1,221
items), each sample office's staffing and premises history around the reform, its rules
register, township profile and honours, and the figures they give before and after."""

import datetime as dt
from decimal import Decimal

import pytest
from demo_support import TODAY

from sifasuo.core.indicators import Period, value_for
from sifasuo.core.models import OfficePremises, Staff, User
from sifasuo.offices import selectors
from sifasuo.offices.models import (
    ChangeKind,
    DutyCatalogue,
    Honour,
    PremisesRecord,
    RuleBook,
    StaffChange,
    UnitProfile,
)

REFORM = TODAY.year - 3


def test_the_citys_catalogue_grew_from_814_to_1221_items(demo):
    old, new = DutyCatalogue.objects.order_by("year")
    comparison = selectors.catalogue_compare(old, new)
    assert (comparison.old_count, comparison.new_count) == (814, 1221)
    assert (len(comparison.added), len(comparison.removed)) == (420, 13)


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_sample_office_has_its_history(demo, number):
    office = User.objects.get(username=f"o{number}_head").unit
    kinds = set(StaffChange.objects.filter(unit=office).values_list("kind", flat=True))
    assert {
        ChangeKind.RETURNED,
        ChangeKind.RECRUITED,
        ChangeKind.PROMOTED,
        ChangeKind.HIRED,
    } <= kinds
    records = list(PremisesRecord.objects.filter(unit=office).order_by("effective_on"))
    assert records[0].one_room and not records[-1].one_room
    current = OfficePremises.objects.get(unit=office)
    assert current.area_m2 == records[-1].area_m2 and current.street_front
    assert UnitProfile.objects.filter(unit=office).count() == 2
    assert Honour.objects.filter(unit=office).exists()
    books = RuleBook.objects.filter(unit=office).order_by("year")
    assert books.count() == 2 and books[1].chapters.count() > books[0].chapters.count()
    # Every person on the books shows in the history or counts from the day they joined.
    assert Staff.objects.filter(unit=office, is_active=True).exists()

    before = Period.year(REFORM - 1)
    after = Period.between(dt.date(TODAY.year, 1, 1), TODAY)
    assert value_for("offices.one_room", office, before) == 1
    assert value_for("offices.one_room", office, after) == 0
    assert value_for("offices.provincial", office, before) == 0
    assert value_for("offices.provincial", office, after) == 1
    assert value_for("offices.average_area", office, after) > value_for(
        "offices.average_area", office, before
    )
    assert value_for("offices.returned", office, Period.year(REFORM)) == 1
    assert value_for("offices.promoted", office, Period.year(REFORM + 1)) == 1


def test_the_city_figures_roll_up_all_54_offices(demo):
    city = User.objects.get(username="city").unit
    today = Period.between(dt.date(TODAY.year, 1, 1), TODAY)
    assert value_for("offices.offices", city, today) == 54
    assert value_for("offices.provincial", city, today) == 51
    assert value_for("offices.provincial_rate", city, today) == Decimal("94.4")
    assert value_for("offices.staffed_5_share", city, today) >= 70
    assert value_for("offices.posts_ok_share", city, today) == 100
