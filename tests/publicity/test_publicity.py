"""普法宣传: events linked to the plan and the responsibility lists, completion rates, the
statistics, and who may open what."""

import datetime as dt
import uuid
from io import BytesIO

import factories
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from sifasuo.core import indicators
from sifasuo.core.documents import DOCX, OfficialDocument
from sifasuo.core.indicators import Period
from sifasuo.core.models import AuditEntry, UnitKind
from sifasuo.core.roles import Role
from sifasuo.publicity import services
from sifasuo.publicity.models import Event, EventKind
from sifasuo.stations import services as station_services

YEAR = dt.date.today().year
DAY = dt.date(YEAR, 1, 15)


@pytest.fixture
def dept(world):
    return factories.unit(
        "农业农村办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )


@pytest.fixture
def clerk(dept):
    return factories.user("a1_ny", dept, Role.DEPARTMENT_CLERK)


@pytest.fixture
def task(world, dept, clerk):
    duty_list = services.duty_list_create(
        actor=clerk, department=dept, year=YEAR, laws="《中华人民共和国土地管理法》"
    )
    return services.task_add(
        actor=clerk, duty_list=duty_list, title="土地承包法宣传", planned_month=1
    )


@pytest.fixture
def item(world):
    return services.plan_item_add(
        actor=world.office_head,
        office=world.office_a1,
        year=YEAR,
        kind=EventKind.LECTURE,
        theme="民法典进村居",
        planned_month=1,
        planned_count=2,
    )


def _event(world, **kw):
    values = {
        "unit": world.office_a1,
        "held_on": DAY,
        "kind": EventKind.LECTURE,
        "theme": "民法典讲座",
        "place": "海滨社区",
        "audience_count": 80,
    }
    actor = kw.pop("actor", world.office_user)
    values.update(kw)
    return services.event_create(actor=actor, **values)


def test_event_links_task_and_plan_and_counts(world, task, item, dept, clerk):
    token = uuid.uuid4()
    first = _event(world, task=task, plan_item=item, submission_token=token)
    again = _event(world, task=task, plan_item=item, submission_token=token)
    assert first.pk == again.pk and Event.objects.count() == 1
    task.refresh_from_db()
    assert task.done_on == DAY and "民法典讲座" in task.done_note
    services.task_add(
        actor=clerk, duty_list=task.duty_list, title="宅基地政策宣讲", planned_month=1
    )
    _event(
        world,
        kind=EventKind.SCHOOL,
        school="秦楼中心小学",
        theme="预防校园欺凌",
        audience_count=300,
    )
    period = Period.year(YEAR)
    assert indicators.value_for("publicity.events", world.office_a1, period) == 2
    assert indicators.value_for("publicity.audience", world.county_a, period) == 380
    assert indicators.value_for("publicity.school_sessions", world.city, period) == 1
    assert indicators.value_for("publicity.task_completion", world.office_a1, period) == 50
    assert indicators.value_for("publicity.task_completion", dept, period) == 50
    assert indicators.value_for("publicity.plan_completion", world.office_a1, period) == 50
    assert indicators.value_for("publicity.events", world.office_b1, period) == 0


def test_event_rules(world, task):
    with pytest.raises(ValidationError) as err:
        _event(world, kind=EventKind.SCHOOL)
    assert "学校名称" in str(err.value)
    with pytest.raises(PermissionDenied):
        _event(world, actor=world.outsider)
    other = station_services.station_create(
        actor=world.outsider,
        unit=world.office_b1,
        kind="pufa_post",
        name="洪凝驿站",
        address="洪凝",
    )
    with pytest.raises(ValidationError):
        _event(world, station=other)
    with pytest.raises(ValidationError):
        services.event_create(
            actor=world.outsider,
            unit=world.office_b1,
            held_on=DAY,
            kind="lecture",
            theme="x",
            place="y",
            task=task,
        )


def test_mark_done_needs_note_and_is_audited(world, task, clerk):
    with pytest.raises(ValidationError):
        services.task_mark_done(actor=clerk, task=task, done_on=DAY, note=" ")
    services.task_mark_done(actor=clerk, task=task, done_on=DAY, note="执法检查现场释法")
    entry = AuditEntry.objects.filter(action="publicity.task_done").get()
    assert entry.actor_name and entry.changes["note"] == [None, "执法检查现场释法"]
    with pytest.raises(ValidationError):
        services.task_mark_done(actor=clerk, task=task, done_on=DAY, note="again")


def test_event_form_keeps_input_and_creates_once(world, login, item):
    client = login(world.office_user)
    url = reverse("publicity:event_create")
    data = {
        "unit": world.office_a1.pk,
        "held_on": DAY.isoformat(),
        "kind": "school",
        "theme": "宪法进校园",
        "place": "秦楼小学",
        "audience_count": 50,
    }
    page = client.post(url, data).content.decode()
    assert "学校名称" in page and "宪法进校园" in page
    data.update(school="秦楼小学", plan_item=item.pk, submission_token=str(uuid.uuid4()))
    client.post(url, data)
    client.post(url, data)
    assert Event.objects.count() == 1
    page = client.get(reverse("publicity:plan"), {"year": YEAR}).content.decode()
    assert "计划场次 2 · 已完成 1 · 完成率 50.0%" in page


def test_department_pages_and_completion(world, login, task, clerk):
    client = login(clerk)
    done_url = reverse("publicity:task_done", args=[task.duty_list.pk, task.pk])
    client.post(done_url, {"done_on": DAY.isoformat(), "note": "入户发放资料"})
    task.refresh_from_db()
    assert task.done_note == "入户发放资料"
    page = client.get(reverse("publicity:duty_list_index"), {"year": YEAR}).content.decode()
    assert "农业农村办" in page and "100%" in page
    other = factories.user(
        "a1_other",
        factories.unit("城建办", UnitKind.DEPARTMENT, world.office_a1),
        Role.DEPARTMENT_CLERK,
    )
    assert (
        login(other)
        .get(reverse("publicity:duty_list_detail", args=[task.duty_list.pk]))
        .status_code
        == 404
    )


def test_event_photo_accepts_jpg_and_refuses_a_broken_one(world, login, item):
    event = _event(world, plan_item=item)
    client = login(world.office_user)
    url = reverse("publicity:event_photo", args=[event.pk])
    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="JPEG")
    client.post(url, {"file": SimpleUploadedFile("现场.jpg", buffer.getvalue(), "image/jpeg")})
    photo = event.photos.get()
    assert photo.original_name == "现场.jpg"
    download = client.get(reverse("publicity:event_photo_download", args=[event.pk, photo.pk]))
    assert download.status_code == 200 and download.content == buffer.getvalue()
    fake = SimpleUploadedFile("假照片.png", b"not an image", "image/png")
    page = client.post(url, {"file": fake}, follow=True).content.decode()
    assert "图片已损坏或不是 JPG/PNG 格式" in page
    assert event.photos.count() == 1
    assert AuditEntry.objects.filter(action="publicity.event_photo").count() == 1


def test_photo_upload_and_stats_export(world, login, item):
    event = _event(world, plan_item=item)
    client = login(world.office_user)
    document = OfficialDocument("活动照片")
    document.paragraph("现场照片")
    upload = SimpleUploadedFile("照片.docx", document.to_bytes(), content_type=DOCX)
    client.post(reverse("publicity:event_photo", args=[event.pk]), {"file": upload})
    photo = event.photos.get()
    assert (
        client.get(reverse("publicity:event_photo_download", args=[event.pk, photo.pk])).status_code
        == 200
    )
    client = login(world.supervisor)
    page = client.get(reverse("publicity:stats"), {"year": YEAR}).content.decode()
    assert "秦楼司法所" in page and "普法活动" in page
    sheet = load_workbook(
        BytesIO(client.get(reverse("publicity:stats_export"), {"year": YEAR}).content)
    ).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (
        rows["秦楼司法所"][0] == 1 and rows["河山司法所"][0] == 0 and rows["东港区司法局"][1] == 80
    )
    ledger = load_workbook(BytesIO(client.get(reverse("publicity:event_export")).content)).active
    assert ledger["D2"].value == "民法典讲座"


@pytest.mark.parametrize(
    ("name", "method", "kind"),
    [
        ("publicity:event_detail", "get", "event"),
        ("publicity:event_photo", "post", "event"),
        ("publicity:event_photo_download", "get", "photo"),
        ("publicity:duty_list_detail", "get", "list"),
        ("publicity:task_add", "post", "list"),
        ("publicity:task_done", "post", "task"),
        ("publicity:plan_item_detail", "get", "item"),
    ],
)
def test_outsider_gets_404(world, login, task, item, name, method, kind):
    event = _event(world, plan_item=item)
    args = {
        "event": [event.pk],
        "photo": [event.pk, 1],
        "list": [task.duty_list.pk],
        "task": [task.duty_list.pk, task.pk],
        "item": [item.pk],
    }[kind]
    for persona in ("outsider", "colleague"):
        response = getattr(login(getattr(world, persona)), method)(reverse(name, args=args))
        assert response.status_code == 404
    lists = login(world.outsider).get(reverse("publicity:event_list")).content.decode()
    assert "民法典讲座" not in lists


def test_overdue_task_waits_for_the_department_and_the_office(world, dept, clerk, home):
    last_year = services.duty_list_create(
        actor=clerk, department=dept, year=YEAR - 1, laws="《中华人民共和国安全生产法》"
    )
    task = services.task_add(
        actor=clerk, duty_list=last_year, title="安全生产月宣传", planned_month=6
    )
    assert "安全生产月宣传" in home(clerk)
    assert "安全生产月宣传" in home(world.office_head)
    assert "安全生产月宣传" not in home(world.colleague)
    services.task_mark_done(actor=clerk, task=task, done_on=task.due_on, note="已开展")
    assert "安全生产月宣传" not in home(clerk)


def test_event_list_queries_do_not_grow(world, login, item, django_assert_max_num_queries):
    for n in range(6):
        _event(world, theme=f"讲座{n}", plan_item=item)
    client = login(world.office_user)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("publicity:event_list")).content.decode()
    assert "讲座5" in page
