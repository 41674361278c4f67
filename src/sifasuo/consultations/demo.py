"""Demo 网上法律咨询 for each sample office: profiles for the office's legal advisor (and the
公职律师 where there is one), a duty rota for this week and next, questions of the last weeks —
answered in and out of target, rated, still waiting, one turned into an intake matter — and FAQ
entries compiled from the answers, some published. Written through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sifasuo.core.actors import DEMO
from sifasuo.core.demo import DemoOffice
from sifasuo.intake.demo import backdate

from . import services
from .models import Question, Specialty

QUESTIONS = (
    (
        Specialty.FAMILY,
        "父母年纪大了，兄弟几个都不愿意出赡养费，嫁出去的女儿是不是也要承担赡养义务？",
        "成年子女对父母都负有赡养义务，出嫁的女儿同样负有赡养义务，兄弟姐妹之间可以协商分担；"
        "协商不成的，老人可以申请人民调解，也可以向人民法院起诉要求支付赡养费。",
    ),
    (
        Specialty.LABOUR,
        "在工地干了三个月活，包工头一直拖着工钱不给，现在人也联系不上了，怎么办？",
        "请保存好考勤、聊天记录、工友证言等证据，可以向当地劳动保障监察部门投诉，"
        "也可以到司法所申请调解；符合条件的可以申请法律援助。",
    ),
    (
        Specialty.LAND,
        "承包地流转给合作社，合同写了十年，现在对方两年没给租金，我能把地收回来吗？",
        "对方长期不支付流转费的，可以先书面催告；仍不支付的，可以依合同约定或法律规定解除合同。"
        "建议带上流转合同到司法所，由工作人员帮助审查合同条款。",
    ),
    (
        Specialty.NEIGHBOURS,
        "邻居盖房把排水沟改到我家门口，一下雨就往我家院里灌水，协商不成怎么办？",
        "相邻各方应当为排水提供必要的便利，但不得损害相邻方的合法权益。可以请村委会或司法所组织调解，"
        "调解达成的协议具有法律约束力。",
    ),
    (
        Specialty.CONTRACT,
        "借给朋友五万元只有微信转账记录，没有借条，现在他不承认是借款，怎么证明？",
        "转账记录加上聊天记录中对借款的确认、催款记录等可以相互印证。建议尽快整理证据，"
        "先通过调解协商还款；诉讼时效一般为三年，请注意时间。",
    ),
    (
        Specialty.TRAFFIC,
        "骑电动车被小轿车撞了，对方保险公司给的赔偿太低，还能要求哪些费用？",
        "一般可以主张医疗费、误工费、护理费、交通费、营养费等，构成伤残的还可以主张残疾赔偿金。"
        "可以申请交通事故纠纷人民调解，费用明细请保留好票据。",
    ),
    (
        Specialty.ADMINISTRATIVE,
        "镇上说我家的棚子是违建要拆，没给任何书面文件，我该怎么维权？",
        "可以要求有关部门出具书面决定并说明理由和依据；对决定不服的，可以在法定期限内申请行政复议"
        "或提起行政诉讼。具体期限以决定书告知的为准。",
    ),
    (
        Specialty.FAMILY,
        "离婚时孩子判给了我，对方一直不给抚养费，可以怎么办？",
        "可以先协商或申请调解；对方不履行生效判决的，可以向人民法院申请强制执行。",
    ),
)


def _move(question: Question, *, asked: dt.datetime, answered: dt.datetime | None) -> None:
    """Place a question written now at the moments its story tells of."""
    values = {"asked_at": asked, "consented_at": asked}
    if answered is not None:
        minutes = services.working_minutes(asked, answered)
        values.update(
            answered_at=answered,
            response_minutes=minutes,
            within_target=minutes <= question.target_minutes,
        )
    Question.objects.filter(pk=question.pk).update(**values)


def _working_moment(office: DemoOffice, days_ago: int, hour: int, minute: int) -> dt.datetime:
    day = office.today - dt.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def load(office: DemoOffice) -> None:
    rng = random.Random(f"consultations-{office.number}")
    names = office.people.sibling(random.Random(f"consultations-people-{office.number}"))
    accounts = office.accounts
    consultants = []
    advisor = accounts.get("advisor")
    if advisor is not None:
        consultants.append(
            office.attempt(
                lambda: services.consultant_save(
                    actor=DEMO,
                    user=advisor,
                    public_name=advisor.display_name or advisor.username,
                    organization=f"山东{office.core}律师事务所",
                    specialties=[
                        Specialty.FAMILY,
                        Specialty.NEIGHBOURS,
                        Specialty.LAND,
                        Specialty.CONTRACT,
                        Specialty.OTHER,
                    ],
                    license_no=f"1371120{rng.randint(10000000, 99999999)}",
                    introduction="村（社区）法律顾问，长期从事婚姻家庭、土地承包纠纷调解。",
                )
            )
        )
    lawyer = accounts.get("lawyer")
    if lawyer is not None:
        consultants.append(
            office.attempt(
                lambda: services.consultant_save(
                    actor=DEMO,
                    user=lawyer,
                    public_name=lawyer.display_name or lawyer.username,
                    organization=f"{office.government.name}",
                    specialties=[
                        Specialty.ADMINISTRATIVE,
                        Specialty.LABOUR,
                        Specialty.TRAFFIC,
                        Specialty.CONTRACT,
                        Specialty.OTHER,
                    ],
                    introduction="公职律师。",
                )
            )
        )
    consultants = [c for c in consultants if c is not None]
    if not consultants:
        return
    # This week and next: each consultant on duty on working days, morning or afternoon.
    for offset in range(-2, 12):
        day = office.today + dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for index, consultant in enumerate(consultants):
            morning = (offset + index) % 2 == 0
            starts, ends = (
                (dt.time(8, 30), dt.time(12, 0)) if morning else (dt.time(13, 30), dt.time(17, 30))
            )
            office.attempt(
                lambda c=consultant, d=day, s=starts, e=ends: services.duty_slot_add(
                    actor=DEMO, consultant=c, day=d, starts=s, ends=e
                )
            )
    services.target_set(
        actor=DEMO, unit=office.unit, specialty=Specialty.ADMINISTRATIVE, minutes=30
    )
    # Questions: the older ones answered (some late), rated; the newest still waiting.
    answered = []
    for n, (specialty, text, answer) in enumerate(QUESTIONS):
        asked = _working_moment(
            office,
            2 + (len(QUESTIONS) - n) * 3,
            rng.choice([9, 10, 14, 15]),
            rng.choice([5, 20, 40]),
        )
        question = services.question_ask(
            actor=services.CITIZEN,
            unit=office.unit,
            specialty=specialty,
            text=text,
            phone=names.mobile(),
            asker_name=names.name(names.gender(0.5)) if n % 3 else "",
            consent=True,
        )
        waiting = n >= len(QUESTIONS) - 2
        if waiting:
            _move(
                question,
                asked=timezone.now() - dt.timedelta(minutes=5 + 40 * (n % 2)),
                answered=None,
            )
            continue
        responder = next(
            (c for c in question.offered_to.all() if c.user_id in {x.user_id for x in consultants}),
            None,
        )
        if responder is None:
            _move(question, asked=asked, answered=None)
            continue
        question = services.question_answer(actor=responder.user, question=question, answer=answer)
        late = n % 4 == 1
        _move(
            question,
            asked=asked,
            answered=asked
            + dt.timedelta(minutes=rng.randint(40, 90) if late else rng.randint(3, 9)),
        )
        question.refresh_from_db()
        if n % 3 != 2:
            services.question_rate(
                actor=services.CITIZEN,
                question=question,
                rating=rng.choice([5, 5, 4, 3]) if not late else 3,
                comment="解答很清楚，谢谢律师。" if n % 2 == 0 else "",
            )
        answered.append(question)
    if answered:
        matter = office.attempt(
            lambda: services.question_to_matter(actor=DEMO, question=answered[1 % len(answered)])
        )
        if matter is not None and not matter.due_rule:
            backdate(matter, office.moment(office.today))
    for n, question in enumerate(answered[:3]):
        entry = services.faq_save(
            actor=DEMO,
            unit=office.unit,
            specialty=question.specialty,
            question=question.text,
            answer=question.answer,
            sources=[question],
        )
        if n < 2:
            services.faq_publish(actor=DEMO, entry=entry, published=True)
