"""The service-point directory: the register's open points, public fields only, by county and
township."""

import datetime as dt

import factories
import pytest

from sifasuo.stations import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(world):
    a1 = services.station_create(
        actor=factories.SETUP,
        unit=world.office_a1,
        kind="township_station",
        name="秦楼街道公共法律服务工作站",
        address="秦楼街道烟台路16号",
        opening_hours="工作日 8:30-17:30",
        phone="0633-8221234",
        lines=["mediation", "legal_aid"],
        note="内部备注：钥匙在值班室",
    )
    services.duty_add(
        actor=factories.SETUP,
        station=a1,
        weekday=1,
        starts=dt.time(8, 30),
        ends=dt.time(12),
        person="李律师",
        post="律师",
    )
    services.station_create(
        actor=factories.SETUP,
        unit=world.office_b1,
        kind="township_station",
        name="洪凝街道公共法律服务工作站",
        address="洪凝街道解放路1号",
    )
    return a1


def test_the_directory_lists_public_fields(client, points):
    page = client.get("/public/stations/").content.decode()
    for shown in ("秦楼街道公共法律服务工作站", "秦楼街道烟台路16号", "工作日 8:30-17:30",
                  "0633-8221234", "人民调解、法律援助", "星期一：08:30-12:00 李律师（律师）",
                  "洪凝街道公共法律服务工作站"):  # fmt: skip
        assert shown in page
    assert "内部备注" not in page


def test_the_directory_filters_by_county_and_township(client, world, points):
    by_county = client.get(f"/public/stations/?county={world.county_b.pk}").content.decode()
    assert "洪凝街道公共法律服务工作站" in by_county and "秦楼街道烟台路" not in by_county
    by_office = client.get(f"/public/stations/?office={world.office_a1.pk}").content.decode()
    assert "秦楼街道烟台路16号" in by_office and "洪凝街道解放路" not in by_office


def test_a_closed_point_is_not_listed(client, world, points):
    services.station_close(actor=factories.SETUP, station=points, closed_on=dt.date.today())
    assert "秦楼街道烟台路16号" not in client.get("/public/stations/").content.decode()
