"""Demo 法律明白人与民主法治村 for each sample office: two to four 法律明白人 per village (some
villages short of the target, some without a 示范户), the year's trainings with attendance,
early reports from the last weeks flowing into intake (some answered), 示范村 levels and the
villages' 村规民约 — all written through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sifasuo.core.actors import DEMO
from sifasuo.core.demo import DemoOffice
from sifasuo.intake.demo import backdate
from sifasuo.reviews.models import Review, ReviewKind

from . import services
from .models import DemoLevel, ReportKind, UnderstanderRole

TOPICS = (
    "民法典婚姻家庭编与赡养纠纷化解",
    "土地承包经营权流转法律实务",
    "人民调解技巧与矛盾纠纷排查",
    "防范电信网络诈骗",
    "宅基地管理与相邻关系",
    "反家庭暴力法与妇女权益保障",
)
REPORTS = (
    (
        ReportKind.DISPUTE,
        "两户因胡同里安装空调外机对着对方窗户发生争吵，已有推搡，需尽快介入调解。",
    ),
    (ReportKind.DISPUTE, "村民与承包户因土地流转租金延期支付发生纠纷，双方情绪激动。"),
    (ReportKind.RISK, "一户家庭子女长期不尽赡养义务，老人多次表示要到镇上上访。"),
    (ReportKind.DISPUTE, "相邻两户因排水沟改道发生争执，雨季前需处理。"),
    (ReportKind.RISK, "外来务工人员反映工地拖欠工资，人数较多，存在聚集风险。"),
)
ROLES = list(UnderstanderRole.values)


def load(office: DemoOffice) -> None:
    # Streams of this line's own; who reports (and so becomes a party at intake) is drawn before
    # anything that depends on the day the demo is loaded.
    rng = random.Random(f"villages-{office.number}")
    names = office.people.sibling(random.Random(f"villages-people-{office.number}"))
    today = office.today
    people = []
    for index, village in enumerate(office.villages):
        count = rng.choice([2, 3, 3, 3, 4])
        for position in range(count):
            gender = names.gender(0.4)
            person = office.attempt(
                lambda v=village, g=gender, p=position, i=index: services.understander_create(
                    actor=DEMO,
                    office=office.unit,
                    village=v,
                    name=names.name(g),
                    role=ROLES[p % len(ROLES)] if p else UnderstanderRole.CADRE,
                    model_household=p == 0 and i % 5 != 4,
                    phone=names.mobile(),
                    since=dt.date(today.year - 1, 3, 1),
                )
            )
            if person is not None:
                people.append(person)
    if not people:
        return
    reporters = [rng.choice(people) for _ in REPORTS]
    involved = [f"{names.name('male')}、{names.name('female')}" for _ in REPORTS]
    sessions = max(2, min(6, (today - dt.date(today.year, 1, 1)).days // 45))
    for n in range(sessions):
        topic = TOPICS[n % len(TOPICS)]
        held = today - dt.timedelta(days=20 + n * 40)
        attendees = rng.sample(people, k=max(1, int(len(people) * rng.uniform(0.5, 0.9))))
        office.attempt(
            lambda h=held, a=attendees, t=topic: services.training_record(
                actor=DEMO,
                office=office.unit,
                held_on=h,
                topic=t,
                attendees=a,
                place=f"{office.core}镇政府会议室"
                if office.unit.township_kind == "town"
                else f"{office.core}公共法律服务工作站",
                speaker="司法所所长",
            )
        )
    for n, (kind, summary) in enumerate(REPORTS):
        reporter = reporters[n]
        report = office.attempt(
            lambda r=reporter, k=kind, s=summary, d=n: services.report_receive(
                actor=DEMO,
                reporter=r,
                reported_on=today - dt.timedelta(days=2 + d * 5),
                kind=k,
                summary=s,
                parties=involved[d] if k == ReportKind.DISPUTE else "",
            )
        )
        if report is not None and n >= 2:
            office.attempt(
                lambda r=report: services.report_reply(
                    actor=DEMO,
                    report=r,
                    reply="已转司法所人民调解员上门了解情况，约定本周内组织双方调解，请继续关注。",
                )
            )
        if report is not None and report.matter_id and not report.matter.due_rule:
            # the front desk's record tells the day it was reported, as intake's own demo does
            backdate(report.matter, _at_ten(report.reported_on))
    levels = [DemoLevel.COUNTY, DemoLevel.COUNTY, DemoLevel.CITY, DemoLevel.PROVINCIAL]
    if office.number == 1:
        levels.append(DemoLevel.NATIONAL)
    for village, level in zip(office.villages, levels, strict=False):
        office.attempt(
            lambda v=village, lv=level: services.standing_set(
                actor=DEMO, village=v, level=lv, year=today.year - rng.randint(1, 6)
            )
        )
    reviews = list(Review.objects.filter(unit=office.unit, kind=ReviewKind.VILLAGE_RULES)[:3])
    # The first office's villages have all adopted their rules (cf. "19个村全部制定了村规民约").
    with_rules = office.villages if office.number == 1 else office.villages[:-2]
    for index, village in enumerate(with_rules):
        community = village.name.endswith("社区")
        rules = office.attempt(
            lambda v=village, c=community, i=index: services.rules_set(
                actor=DEMO,
                village=v,
                title=f"{v.name}{'居民公约' if c else '村规民约'}",
                adopted_on=dt.date(today.year - 3, 3, 1) + dt.timedelta(days=i * 9),
                review=reviews[i] if i < len(reviews) else None,
                summary="倡导孝老爱亲、邻里和睦；对拒不履行赡养义务、侵犯相邻权、侵害妇女合法权益"
                "等行为，经村民会议决定暂停享受村集体福利待遇。",
            )
        )
        if rules is not None and index % 4 == 0:
            office.attempt(
                lambda r=rules: services.rules_revise(
                    actor=DEMO,
                    rules=r,
                    revised_on=min(today, dt.date(today.year - 1, 4, 15)),
                    summary="增加移风易俗、红白事简办条款，删除与妇女权益保障法不一致的外嫁女条款。",
                )
            )


def _at_ten(day: dt.date) -> dt.datetime:
    """10:00 on `day` (never later than now), drawn from no random stream so the other lines'
    demo records stay as they are."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(10))), timezone.now())
