"""Demo matters of the front desk (一站式受理) for each sample office: every channel, every state,
written through the intake services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, F, Value, When
from django.utils import timezone

from sifasuo.core.demo import DemoOffice

from . import services
from .models import Channel, Matter, MatterStep, MatterType, ReasonType


@dataclass(frozen=True)
class _Plan:
    key: str
    channel: str
    matter_type: str
    # When it was registered: a share of the demo's year back, or a number of days back.
    when: float | int
    narrative: str
    counterpart: str = ""  # "person", "company:<trade>" or "" (nobody on the other side)
    then: str = ""  # what the office did next (see _handle); "" leaves it 待分派
    result: str = ""  # the handling result, or the reason of a refusal or transfer
    amount: tuple[int, int, int] = (0, 1, 1)  # range() of the amount named in the text


# Dispute matters with then="mediation" are opened as cases by the mediation demo, which finds
# them in office.records["intake.disputes"] under their key.
# fmt: off
PLANS = (
    _Plan("adjacency", Channel.WINDOW, MatterType.DISPUTE, 0.93,
          "{a}来所反映：与邻居{b}同住{v}，{b}翻建院墙时将墙基外移约半米，占用两户之间的通道并堵塞"
          "排水沟，雨季积水漫入{a}院内，双方多次协商未果，申请调解。",
          counterpart="person", then="mediation"),
    _Plan("labour", Channel.GRASSROOTS, MatterType.DISPUTE, 0.40,
          "{v}网格员上报：{vp}{a}等六人在{b}承建的蔬菜大棚项目务工，完工后尚有劳务费{amount}元未结清，"
          "{a}多次讨要未果，申请司法所组织调解。",
          counterpart="company:设施农业工程", then="mediation", amount=(18000, 46000, 500)),
    _Plan("homestead", Channel.PHONE, MatterType.DISPUTE, 36,
          "{a}来电反映：其与同住{v}的{b}宅基地相邻，{b}新建房屋的滴水檐伸入{a}宅基地上方约三十厘米，"
          "雨水直落{a}院内，双方多次争吵，请求司法所调解。",
          counterpart="person", then="mediation"),
    _Plan("dog_bite", Channel.DEPARTMENT, MatterType.DISPUTE, 3,
          "{police}移送：{v}{vp}{a}之子在{v}道路上被{b}饲养的犬只咬伤，已花费医疗费{amount}元，"
          "双方对赔偿数额争议较大，经民警现场处置后移送司法所调解。",
          counterpart="person", then="mediation", amount=(2600, 7800, 100)),
    _Plan("online_consultation", Channel.ONLINE, MatterType.CONSULTATION, 1,
          "{a}网上留言咨询：其在外务工期间，家中承包地被村集体调整给他人耕种，询问如何维护"
          "土地承包经营权。"),
    _Plan("legal_aid", Channel.HOTLINE, MatterType.LEGAL_AID, 0,
          "12348热线转来：{a}在{company}务工期间从脚手架坠落致腰椎骨折，已认定工伤，单位至今未支付"
          "工伤保险待遇，{a}家庭经济困难，申请法律援助。"),
    _Plan("notary", Channel.WINDOW, MatterType.NOTARY_GUIDE, 0,
          "{a}来所咨询办理继承公证：其父去世后在{v}留有房屋一处，兄妹三人拟协商继承，询问需要准备的"
          "材料和办理地点。",
          then="assign:assistant"),
    _Plan("field_boundary", Channel.ADVISOR, MatterType.DISPUTE, 2,
          "{v}法律顾问上报：{vp}{a}与{b}因承包地地界发生争执，{b}在地头栽植杨树遮挡{a}的花生地，"
          "双方曾发生口角，需司法所介入调解。",
          counterpart="person", then="assign:mediator"),
    _Plan("petition", Channel.WINDOW, MatterType.PETITION, 0,
          "{a}反映{v}上年度土地流转收益分配方案未经村民代表会议讨论即公布实施，要求公开分配明细"
          "并重新分配。",
          then="assign:assistant"),
    _Plan("tuition", Channel.PHONE, MatterType.CONSULTATION, 5,
          "{a}来电咨询：其子在{township}一家培训机构预交学费{amount}元，机构突然停业，询问能否要求"
          "退费以及如何收集证据。",
          then="start", amount=(3800, 12800, 200)),
    _Plan("support_consultation", Channel.WINDOW, MatterType.CONSULTATION, 0.55,
          "{a}来所咨询赡养问题：其年近八旬，三个子女对赡养费如何分担意见不一。",
          then="close",
          result="已当面解答《民法典》第一千零六十七条关于成年子女赡养义务的规定，告知可申请村调委会"
                 "调解或向人民法庭起诉；{a}表示先由村调委会组织子女协商。"),
    _Plan("prepaid_card", Channel.HOTLINE, MatterType.CONSULTATION, 0.75,
          "12345热线转办：{a}反映在{township}一家超市办理的预付卡因超市停业无法使用，卡内余额"
          "{amount}元，询问如何维权。",
          then="close", amount=(600, 3000, 100),
          result="已电话回复：告知可向市场监督管理部门投诉，并可凭预付卡、消费记录向经营者主张退还"
                 "余额；经营者拒不退还的，可向人民法院起诉。{a}表示已向市场监管所投诉。"),
    _Plan("night_disturbance", Channel.WINDOW, MatterType.OTHER, 4,
          "{a}反映：邻居{b}多次深夜酒后到其家门口辱骂、踢门，近日双方发生推搡，{a}担心家人安全。",
          counterpart="person", then="transfer",
          result="反映的行为涉嫌违反治安管理，属公安机关职责，转{police}依法处理；已告知{a}治安处理后"
                 "仍有民事争议的，可再申请调解。"),
    _Plan("loan_in_court", Channel.ONLINE, MatterType.DISPUTE, 22,
          "{a}网上申请调解与{b}之间的民间借贷纠纷：{b}借款{amount}元逾期未还。",
          counterpart="person", then="refuse", amount=(20000, 90000, 1000),
          result="经核实，{b}已就同一借款向{court}提起诉讼并已立案。人民法院已经受理的纠纷，人民调解"
                 "委员会不受理调解（司法部《人民调解工作若干规定》第二十二条第二项），不予受理；"
                 "已告知{a}依法参加诉讼，诉讼中可以向法院申请调解。"),
)
# fmt: on


def load(office: DemoOffice) -> None:
    disputes: dict[str, dict] = {}
    for plan in PLANS:
        # Every draw comes before the write, so a record left out shifts no other record's people.
        requester = office.person()
        counterpart = _counterpart(office, plan)
        words = {
            "a": requester["name"],
            "b": counterpart["name"] if counterpart else "",
            **office.village(),
            "amount": office.rng.randrange(*plan.amount),
            "township": office.unit.township_name,
            "company": office.names["company"],
            "police": office.police.name,
            "court": office.court_name,
        }
        matter = office.attempt(_matter, office, plan, requester, counterpart, words)
        if matter is not None and plan.then == "mediation":
            disputes[plan.key] = {
                "matter": matter,
                "respondents": [counterpart] if counterpart else [],
                "words": words,
            }
    office.records["intake.disputes"] = disputes


def _counterpart(office: DemoOffice, plan: _Plan) -> dict | None:
    if plan.counterpart == "person":
        return office.person()
    if plan.counterpart.startswith("company:"):
        return office.company(plan.counterpart.removeprefix("company:"))
    return None


def _matter(
    office: DemoOffice, plan: _Plan, requester: dict, counterpart: dict | None, words: dict
) -> Matter:
    users = office.accounts
    at = office.moment(office.day(plan.when))
    values = {
        "matter_type": plan.matter_type,
        "narrative": plan.narrative.format(**words),
        "requesters": [requester],
        "counterpart_names": counterpart["name"] if counterpart else "",
        # The 标的额 the requester names, recorded beside the narrative that tells of it.
        "amount": Decimal(words["amount"]) if "{amount}" in plan.narrative else None,
    }
    if plan.channel == Channel.DEPARTMENT:
        matter = services.matter_refer_in(actor=users["police"], **values)
    else:
        matter = services.matter_register(
            actor=users["assistant"], unit=office.unit, channel=plan.channel, **values
        )
    # A matter with a statutory period (legal aid, petitions) keeps the day the service registered
    # it, because its due date was counted from that day; the others are moved back to their day.
    dated = not matter.due_rule
    if dated:
        backdate(matter, at)
    for step in _steps(plan.then):
        at = _later(office, at, step)
        matter = _handle(office, plan, matter, step, words)
        if dated:
            backdate(matter, at)
    matter.refresh_from_db(fields=["created_at", "closed_at"])
    return matter


def _steps(then: str) -> list[str]:
    return {
        "": [],
        "assign:mediator": ["assign:mediator"],
        "assign:assistant": ["assign:assistant"],
        "mediation": ["assign:mediator"],
        "start": ["assign:assistant", "start"],
        "close": ["assign:assistant", "start", "close"],
        "transfer": ["assign:assistant", "transfer"],
        "refuse": ["refuse"],
    }[then]


def _handle(office: DemoOffice, plan: _Plan, matter: Matter, step: str, words: dict) -> Matter:
    users = office.accounts
    actor = users["assistant"]
    if step.startswith("assign:"):
        handler = users[step.removeprefix("assign:")]
        return services.matter_assign(actor=actor, matter=matter, handler=handler)
    if step == "start":
        return services.matter_start(actor=actor, matter=matter)
    if step == "close":
        return services.matter_close(actor=actor, matter=matter, result=plan.result.format(**words))
    if step == "transfer":
        return services.matter_transfer(
            actor=actor,
            matter=matter,
            to_unit=office.police,
            reason_type=ReasonType.OTHER_BODY,
            reason_text=plan.result.format(**words),
        )
    if step == "refuse":
        return services.matter_refuse(
            actor=actor,
            matter=matter,
            reason_type=ReasonType.IN_LITIGATION,
            reason_text=plan.result.format(**words),
        )
    raise ValueError(step)


def _later(office: DemoOffice, at: dt.datetime, step: str) -> dt.datetime:
    """When the next step was taken: assignment within the hour, the rest a few days on."""
    if step.startswith("assign:"):
        return min(at + dt.timedelta(minutes=office.dates.randint(10, 50)), timezone.now())
    day = timezone.localtime(at).date() + dt.timedelta(days=office.dates.randint(1, 4))
    return max(office.moment(min(day, office.today)), at)


def backdate(matter: Matter, at: dt.datetime) -> None:
    """Move the time stamps the last service call wrote (it writes "now") back to `at`, the day
    the demo tells of: registration, closing, and the handling sheet's new steps. Used after
    each call in the order of the story, so earlier stamps stay."""
    Matter.objects.filter(pk=matter.pk).update(
        created_at=Case(When(created_at__gt=at, then=Value(at)), default=F("created_at")),
        closed_at=Case(When(closed_at__gt=at, then=Value(at)), default=F("closed_at")),
    )
    MatterStep.objects.filter(matter=matter, at__gt=at).update(at=at)
