"""Demo 一村（居）一法律顾问 for each sample office: a few lawyers of the county's firms covering
its villages (one village left without an advisor in the first office, so the gap shows), a
half-year of service logs, this and last month with their signed sheets and photos (a few
missing, for the completeness check), a closed month, a consultation reported to intake and
last year's village ratings — all written through the services."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sifasuo.core.actors import DEMO
from sifasuo.core.demo import CITY_SHORT, DemoOffice
from sifasuo.intake.demo import backdate

from . import services
from .models import AttachmentKind, LogKind

FIRM_WORDS = ("正衡", "海岱", "明德", "信和", "德衡", "浩然", "公信", "同泰")
CONTENT = {
    LogKind.OFFICE_HOURS: "在{v}便民服务中心坐班，接待{vp}{n}人次，解答土地承包、婚姻家庭等法律问题。",
    LogKind.LECTURE: "在{v}开展民法典宣讲，讲解相邻关系、赡养义务和防范电信诈骗，{vp}{n}人参加。",
    LogKind.CONSULTATION: "{vp}咨询宅基地边界和赡养费纠纷，告知其权利义务及调解、诉讼途径。",
    LogKind.RULES_REVIEW: "审查{v}{vc}拟签订的土地流转合同，提出租期、租金支付方式等修改意见3条。",
    LogKind.MEDIATION: "参与{v}人民调解委员会调解一起邻里排水纠纷，双方达成口头协议。",
    LogKind.OPINION: "就{v}{vc}关于集体资产出租的请示出具书面法律意见，建议履行民主议定程序。",
}
REQUEST = "{vc}来函：拟将村集体闲置厂房出租，请就出租程序和合同条款提出法律意见。"


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 200, 220)).save(buffer, format="PNG")
    return buffer.getvalue()


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def load(office: DemoOffice) -> None:
    # Streams of this line's own, so what it draws never shifts another line's people; names
    # that end up in the office's register of parties are drawn before anything that depends on
    # the day the demo is loaded.
    rng = random.Random(f"advisors-{office.number}")
    folk = office.people.sibling(random.Random(f"advisors-people-{office.number}"))
    requester, counterpart = folk.name("male"), folk.name("female")
    dates = random.Random(f"advisors-dates-{office.number}")
    today = office.today
    villages = list(office.villages)
    if not villages:
        return
    covered = villages[:-1] if office.number == 1 and len(villages) > 3 else villages
    # One lawyer for every two to four villages, as counties buy the service per firm.
    lawyers = []
    position = 0
    while position < len(covered):
        size = rng.randint(2, 4)
        gender = folk.gender(0.4)
        firm = f"{CITY_SHORT}{rng.choice(FIRM_WORDS)}律师事务所"
        serial = 10000 * office.number + len(lawyers) + 1
        lawyers.append(
            {
                "lawyer_name": folk.name(gender),
                "firm": firm,
                "license_no": f"1{office.county.division_code[:4] or '3713'}{today.year - 8}1{serial:07d}"[
                    :17
                ],
                "phone": folk.mobile(),
                "villages": covered[position : position + size],
            }
        )
        position += size
    start = dt.date(today.year - 1, 1, 1)
    appointments = []
    for index, lawyer in enumerate(lawyers):
        # The second lawyer's contract runs out soon: the office sees it in 我的待办.
        ends = today + dt.timedelta(days=40) if index == 1 else dt.date(today.year + 1, 12, 31)
        for village in lawyer["villages"]:
            appointment = office.attempt(
                lambda v=village, lw=lawyer, e=ends, i=index: services.appointment_create(
                    actor=DEMO,
                    office=office.unit,
                    village=v,
                    lawyer_name=lw["lawyer_name"],
                    firm=lw["firm"],
                    license_no=lw["license_no"],
                    phone=lw["phone"],
                    account=office.accounts.get("advisor") if i == 0 else None,
                    starts_on=start,
                    ends_on=e,
                    fee=Decimal(rng.choice([8000, 10000, 12000])),
                )
            )
            if appointment is not None:
                appointments.append(appointment)
    photo = _photo()
    this_month = _month_start(today)
    last_month = _month_start(today, 1)
    for appointment in appointments:
        words = {
            "v": appointment.village.name,
            "vp": "居民" if appointment.village.name.endswith("社区") else "村民",
            "vc": "居委会" if appointment.village.name.endswith("社区") else "村委会",
        }
        for back in range(5, -1, -1):
            month = _month_start(today, back)
            last_day = min(today, _month_start(today, back - 1) - dt.timedelta(days=1))
            kinds = [LogKind.OFFICE_HOURS, rng.choice(list(LogKind))]
            # An advisor who skipped a village this month: the check lists it.
            if month == this_month and rng.random() < 0.25:
                kinds = []
            for kind in kinds:
                day = month + dt.timedelta(days=dates.randint(0, (last_day - month).days))
                people = (
                    rng.randint(3, 40)
                    if kind in (LogKind.LECTURE, LogKind.OFFICE_HOURS)
                    else rng.randint(1, 3)
                )
                blank = month == this_month and rng.random() < 0.15
                consulter = folk.name(folk.gender()) if kind == LogKind.CONSULTATION else ""
                log = office.attempt(
                    lambda k=kind, d=day, p=people, b=blank, a=appointment, w=words, c=consulter: (
                        services.log_create(
                            actor=DEMO,
                            appointment=a,
                            served_on=d,
                            kind=k,
                            people_served=p,
                            content="" if b else CONTENT[k].format(n=p, **w),
                            request=REQUEST.format(**w) if k == LogKind.OPINION else "",
                            consulter_name=c,
                        )
                    )
                )
                if log is None or month < last_month:
                    continue
                attach = [AttachmentKind.SIGNATURE, AttachmentKind.PHOTO]
                if kind == LogKind.OPINION:
                    attach.append(AttachmentKind.OPINION)
                if month == this_month and rng.random() < 0.3:
                    attach = attach[:1]
                for attachment_kind in attach:
                    office.attempt(
                        lambda a=attachment_kind, lg=log: services.log_attach(
                            actor=DEMO,
                            log=lg,
                            kind=a,
                            upload=SimpleUploadedFile(
                                f"{a}-{lg.served_on}.png", photo, "image/png"
                            ),
                        )
                    )
    # A consultation three days ago that the advisor could not settle: reported to intake.
    if appointments:
        first = appointments[0]
        consultation = office.attempt(
            lambda: services.log_create(
                actor=DEMO,
                appointment=first,
                served_on=today - dt.timedelta(days=3),
                kind=LogKind.CONSULTATION,
                people_served=2,
                content=f"{requester}咨询与邻居{counterpart}因宅基地边界和排水沟发生的争执，"
                "多次协商未果，希望司法所组织调解。",
                consulter_name=requester,
            )
        )
        if consultation is not None:
            office.attempt(
                lambda: services.log_report_to_intake(
                    actor=DEMO,
                    log=consultation,
                    matter_type="dispute",
                    requester_name=requester,
                    counterpart_names=counterpart,
                )
            )
            consultation.refresh_from_db()
            if consultation.matter_id and not consultation.matter.due_rule:
                # the front desk's record tells the day it was reported, as intake's own demo does
                backdate(consultation.matter, _at_ten(consultation.served_on))
    # Last month closed for the first lawyer: with a note if anything was missing.
    if lawyers:
        office.attempt(
            lambda: services.month_close(
                actor=DEMO,
                office=office.unit,
                license_no=lawyers[0]["license_no"],
                month=last_month,
                note="部分签字确认单为纸质，已归入服务台账。",
            )
        )
    for appointment in appointments:
        score = rng.choice([3, 4, 4, 5, 5])
        office.attempt(
            lambda a=appointment, s=score: services.rating_set(
                actor=DEMO,
                appointment=a,
                year=today.year - 1,
                score=s,
                grade="excellent" if s == 5 else "pass",
                comment="服务及时，村民满意。" if s >= 4 else "入村次数偏少。",
            )
        )


def _at_ten(day: dt.date) -> dt.datetime:
    """10:00 on `day` (never later than now), drawn from no random stream so the other lines'
    demo records stay as they are."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(10))), timezone.now())
