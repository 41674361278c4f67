"""Demo 普法宣传 for each sample office: the yearly plan, three departments' 谁执法谁普法 lists,
and a year of events (lectures, 普法驿站 booths, school sessions of the 法治副校长 …) linked to
the plan and the lists, written through the services."""

from __future__ import annotations

from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core.demo import DemoOffice
from sifasuo.core.documents import DOCX, OfficialDocument
from sifasuo.stations.models import ServicePoint, StationKind

from . import services
from .models import EventKind, ResponsibilityTask

K = EventKind
# (kind, theme, month, count)
PLAN = (
    (K.LECTURE, "民法典进村居", None, 6),
    (K.SCHOOL, "预防未成年人犯罪", None, 4),
    (K.BOOTH, "国家宪法日宣传", 12, 1),
    (K.BOOTH, "反电信网络诈骗宣传", 6, 2),
    (K.MOOT_COURT, "校园欺凌模拟法庭", 4, 1),
    (K.ARTS, "法治文艺进乡村", 9, 1),
    (K.ONLINE, "以案释法微课堂", None, 4),
)
# Department (as DemoOffice.department names it) → laws it enforces and its yearly tasks.
LISTS = (
    (
        ("农业农村办", "农业"),
        "《中华人民共和国土地管理法》\n《中华人民共和国农村土地承包法》\n《中华人民共和国动物防疫法》",
        (
            ("春耕时节宣传农村土地承包法", 3),
            ("宅基地管理政策进村宣讲", 6),
            ("动物防疫知识培训", 10),
        ),
    ),
    (
        ("应急管理办", "安监"),
        "《中华人民共和国安全生产法》\n《中华人民共和国消防法》",
        (
            ("安全生产月集中宣传", 6),
            ("企业主要负责人安全生产法培训", 9),
            ("冬季消防安全进村入户", 11),
        ),
    ),
    (
        ("综合执法", "城建"),
        "《中华人民共和国行政处罚法》\n《城乡规划法》",
        (("行政处罚法宣讲", 5), ("违法建设整治以案释法", None)),
    ),
)
SCHOOLS = ("中心小学", "第一初级中学", "实验小学")


def _photo(office: DemoOffice, theme: str) -> SimpleUploadedFile:
    document = OfficialDocument(f"{theme}活动照片")
    document.paragraph(f"{office.unit.name}开展“{theme}”活动现场照片。")
    return SimpleUploadedFile(f"{theme}活动照片.docx", document.to_bytes(), content_type=DOCX)


def load(office: DemoOffice) -> None:
    rng = office.rng
    year = office.today.year
    head = office.accounts["head"]
    items = [
        services.plan_item_add(
            actor=head,
            office=office.unit,
            year=year,
            kind=kind,
            theme=theme,
            planned_month=month,
            planned_count=count,
        )
        for kind, theme, month, count in PLAN
    ]
    tasks: list[ResponsibilityTask] = []
    seen = set()
    for prefer, laws, task_specs in LISTS:
        department, actor = office.department(*prefer)
        if department.pk in seen:
            continue
        seen.add(department.pk)
        duty_list = services.duty_list_create(
            actor=actor, department=department, year=year, laws=laws
        )
        tasks += [
            services.task_add(actor=actor, duty_list=duty_list, title=title, planned_month=month)
            for title, month in task_specs
        ]
    posts = list(
        ServicePoint.objects.filter(
            unit__path__startswith=office.unit.path, kind=StationKind.PUFA_POST
        )
    )
    speakers = f"{office.accounts['head'].get_full_name() or office.core + '司法所所长'}"
    events = 0
    for item in items:
        held = min(item.planned_count, 1 + rng.randint(0, item.planned_count))
        for n in range(held):
            # Content from rng, the day from dates: the same events whatever day the demo loads.
            village = office.village()
            school = f"{office.core}{rng.choice(SCHOOLS)}" if item.kind == K.SCHOOL else ""
            count = rng.randint(30, 260)
            day = office.day(office.dates.random() * 0.95)
            if day.year != year:
                continue  # early in a year: the plan's first months
            station = posts[n % len(posts)] if posts and item.kind == K.BOOTH else None
            event = office.attempt(
                partial(
                    services.event_create,
                    actor=head,
                    unit=office.unit,
                    held_on=day,
                    kind=item.kind,
                    theme=item.theme,
                    place=school or (station.address if station else f"{village['v']}党群服务中心"),
                    station=station,
                    school=school,
                    audience="在校学生" if school else village["vp"],
                    audience_count=count,
                    speakers=speakers,
                    summary=f"围绕“{item.theme}”开展{item.get_kind_display()}，发放宣传资料，现场解答群众咨询。",
                    plan_item=item,
                )
            )
            if event is not None:
                events += 1
                if events % 4 == 1:
                    services.event_add_photo(
                        actor=head, event=event, upload=_photo(office, item.theme)
                    )
    for index, task in enumerate(tasks):
        if task.due_on > office.today or index % 3 == 2:
            continue  # later in the year, or overdue: shown as not done
        department = task.duty_list.unit
        clerk = (
            office.accounts["clerk"] if office.accounts["clerk"].unit_id == department.pk else head
        )
        if index % 2 == 0:
            day = min(task.due_on, office.today)
            office.attempt(
                partial(
                    services.event_create,
                    actor=clerk,
                    unit=department,
                    held_on=day,
                    kind=K.LECTURE,
                    theme=task.title,
                    place=f"{office.villages[index % len(office.villages)].name}村民活动室",
                    audience="村民",
                    audience_count=20 + 7 * index,
                    speakers=f"{department.name}执法人员",
                    task=task,
                )
            )
        else:
            services.task_mark_done(
                actor=clerk,
                task=task,
                done_on=min(task.due_on, office.today),
                note="结合执法检查现场释法，发放宣传资料。",
            )
