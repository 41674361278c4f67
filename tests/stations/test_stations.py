"""The service-point register: levels by unit, the duty rota, coverage gaps, the roll-up of the
four-level platform, the import, and who may open what."""

import datetime as dt
from io import BytesIO

import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sifasuo.core import indicators
from sifasuo.core.indicators import Period
from sifasuo.core.models import AuditEntry, UnitKind
from sifasuo.stations import services
from sifasuo.stations.models import DutySlot, ServicePoint, StationKind

YEAR = dt.date.today().year


def _station(
    world, unit=None, kind=StationKind.TOWNSHIP_STATION, name="秦楼公共法律服务工作站", **kw
):
    return services.station_create(
        actor=world.office_head,
        unit=unit or world.office_a1,
        kind=kind,
        name=name,
        address="秦楼街道便民服务中心",
        opening_hours="工作日 8:30-17:30",
        lines=["mediation", "pufa"],
        **kw,
    )


@pytest.fixture
def station(world):
    return _station(world)


def test_levels_belong_to_their_units(world):
    with pytest.raises(ValidationError) as err:
        _station(world, kind=StationKind.COUNTY_CENTER, name="县中心")
    assert "对应层级" in str(err.value)
    room = _station(
        world, unit=world.village_a1, kind=StationKind.VILLAGE_ROOM, name="海滨社区工作室"
    )
    assert room.unit == world.village_a1
    entry = AuditEntry.objects.get(action="station.create", object_id=str(room.pk))
    assert entry.changes["name"] == [None, "海滨社区工作室"]


def test_same_name_twice_is_one_record_and_outsider_cannot_write(world, station):
    with pytest.raises(ValidationError):
        _station(world)
    assert ServicePoint.objects.filter(unit=world.office_a1).count() == 1
    with pytest.raises(PermissionDenied):
        services.station_create(
            actor=world.outsider, unit=world.office_a1, kind="service_point", name="x", address="y"
        )
    with pytest.raises(PermissionDenied):
        services.station_create(
            actor=world.mediator, unit=world.office_a1, kind="service_point", name="x", address="y"
        )


def test_roll_up_and_coverage(world, station):
    bureau_center = services.station_create(
        actor=world.admin,
        unit=world.county_a,
        kind=StationKind.COUNTY_CENTER,
        name="东港区公共法律服务中心",
        address="政务中心",
    )
    factories.unit("河山村", UnitKind.VILLAGE, world.office_a1)
    _station(world, unit=world.village_a1, kind=StationKind.VILLAGE_ROOM, name="海滨社区工作室")
    _station(world, unit=world.village_a1, kind=StationKind.PUFA_POST, name="海滨普法驿站")
    period = Period.year(YEAR)
    assert indicators.value_for("stations.platforms", world.office_a1, period) == 2
    assert indicators.value_for("stations.platforms", world.county_a, period) == 3
    assert indicators.value_for("stations.platforms", world.city, period) == 3
    assert indicators.value_for("stations.pufa_posts", world.city, period) == 1
    assert indicators.value_for("stations.village_coverage", world.office_a1, period) == 50
    services.station_close(actor=world.admin, station=bureau_center, closed_on=dt.date(YEAR, 1, 1))
    assert indicators.value_for("stations.county_centers", world.city, period) == 0
    assert indicators.value_for("stations.county_centers", world.city, Period.year(YEAR - 1)) == 1


def test_coverage_page_shows_gaps(world, station, login):
    factories.unit("河山村", UnitKind.VILLAGE, world.office_a1)
    _station(world, unit=world.village_a1, kind=StationKind.VILLAGE_ROOM, name="海滨社区工作室")
    page = login(world.office_user).get(reverse("stations:coverage")).content.decode()
    gaps = page.split('class="gaps">')[1].split("</td>")[0]
    assert "河山村" in gaps and "海滨社区" not in gaps
    assert "50.0%" in page


def test_duty_rota_on_the_page(world, station, login):
    client = login(world.office_user)
    url = reverse("stations:duty_add", args=[station.pk])
    data = {
        "weekday": 3,
        "starts": "09:00",
        "ends": "12:00",
        "person": "王律师",
        "post": "坐班律师",
    }
    client.post(url, data)
    client.post(url, data)  # a double submit
    assert DutySlot.objects.filter(station=station).count() == 1
    client.post(url, {**data, "weekday": 4, "ends": "08:00"})
    page = client.get(reverse("stations:station_detail", args=[station.pk])).content.decode()
    assert "09:00-12:00 王律师（坐班律师）" in page
    assert DutySlot.objects.filter(station=station).count() == 1
    slot = station.duties.get()
    client.post(reverse("stations:duty_remove", args=[station.pk, slot.pk]))
    assert not station.duties.exists()


def test_create_keeps_input_on_error(world, login, station):
    client = login(world.office_user)
    response = client.post(
        reverse("stations:station_create"),
        {
            "unit": world.office_a1.pk,
            "kind": "township_station",
            "name": station.name,
            "address": "新地址123",
        },
    )
    page = response.content.decode()
    assert "同名" in page and "新地址123" in page


def test_stats_and_export(world, station, login):
    client = login(world.supervisor)
    page = client.get(reverse("stations:stats"), {"year": YEAR}).content.decode()
    assert "秦楼司法所" in page and "四级公共法律服务平台" in page
    response = client.get(reverse("stations:stats_export"), {"year": YEAR})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["秦楼司法所"] == 1 and rows["东港区司法局"] == 1
    register = client.get(reverse("stations:station_export"))
    assert "秦楼公共法律服务工作站" in [
        c.value for c in load_workbook(BytesIO(register.content)).active["C"]
    ]


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("stations:station_detail", "get", []),
        ("stations:station_edit", "get", []),
        ("stations:station_close", "post", []),
        ("stations:duty_add", "post", []),
        ("stations:duty_remove", "post", ["slot"]),
    ],
)
def test_outsider_gets_404(world, station, login, name, method, args):
    slot = services.duty_add(
        actor=world.office_head,
        station=station,
        weekday=1,
        starts=dt.time(9),
        ends=dt.time(10),
        person="王律师",
    )
    url = reverse(name, args=[station.pk, *([slot.pk] if args else [])])
    response = getattr(login(world.outsider), method)(url)
    assert response.status_code == 404
    assert (
        login(world.colleague)
        .get(reverse("stations:station_detail", args=[station.pk]))
        .status_code
        == 404
    )
    assert (
        login(world.supervisor)
        .get(reverse("stations:station_detail", args=[station.pk]))
        .status_code
        == 200
    )


def test_lists_show_only_own_office(world, station, login):
    services.station_create(
        actor=world.outsider,
        unit=world.office_b1,
        kind=StationKind.TOWNSHIP_STATION,
        name="洪凝工作站",
        address="洪凝",
    )
    page = login(world.office_user).get(reverse("stations:station_list")).content.decode()
    assert station.name in page and "洪凝工作站" not in page
    page = login(world.office_user).get(reverse("stations:coverage")).content.decode()
    assert "洪凝" not in page


def _sheet(rows):
    book = Workbook()
    book.active.append(["所属单位", "类别", "名称", "地址", "开放时间", "服务事项", "建成日期"])
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("阵地.xlsx", buffer.getvalue())


def test_import_preview_errors_then_update(world, login):
    client = login(world.office_user)
    url = reverse("stations:station_import")
    template = load_workbook(BytesIO(client.get(reverse("stations:import_template")).content))
    assert [c.value for c in template.active[1]][:4] == ["所属单位", "类别", "名称", "地址"]
    room = [
        "海滨社区",
        "工作室",
        "海滨社区工作室",
        "海滨社区党群服务中心",
        "每周三",
        "人民调解、普法宣传",
        "2024-05-01",
    ]
    bad = _sheet(
        [
            room,
            ["洪凝司法所", "工作站", "洪凝工作站", "洪凝", "", "", ""],
            ["秦楼司法所", "飞船", "x", "y", "", "", ""],
            ["海滨社区", "工作室", "海滨社区工作室", "重复一行", "", "", ""],
        ]
    )
    page = client.post(url, {"file": bad}).content.decode()
    assert "所属单位“洪凝司法所”不在本单位管辖范围内" in page
    assert "类别“飞船”不在可选范围" in page and "与第2行重复" in page
    assert "确认导入 1 行" in page and not ServicePoint.objects.exists()
    # The valid row is imported; the rows with errors are left out and listed.
    page = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "新增 1 条" in page and "第3行：" in page
    imported = ServicePoint.objects.get()
    assert imported.kind == StationKind.VILLAGE_ROOM and imported.lines == ["mediation", "pufa"]
    room[4] = "每周三、周五"
    page = client.post(url, {"file": _sheet([room])}).content.decode()
    assert "更新：开放时间" in page
    client.post(url, {"confirm": "1"})
    imported.refresh_from_db()
    assert imported.opening_hours == "每周三、周五" and ServicePoint.objects.count() == 1
    assert AuditEntry.objects.filter(action="station.update", object_id=str(imported.pk)).exists()
    assert AuditEntry.objects.filter(action="station.import").count() == 2


def test_register_list_queries_do_not_grow(world, login, django_assert_max_num_queries):
    for n in range(6):
        station = _station(
            world, unit=world.village_a1, kind=StationKind.SERVICE_POINT, name=f"法律服务点{n}"
        )
        services.duty_add(
            actor=world.office_head,
            station=station,
            weekday=1,
            starts=dt.time(9),
            ends=dt.time(10),
            person="王律师",
        )
    client = login(world.office_user)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("stations:station_list")).content.decode()
    assert page.count("法律服务点") >= 6
