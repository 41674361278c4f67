"""Demo 信访 case files for each sample office: the window's petition handed over from intake,
and files in every stage from 待告知 to 复核 and 结案 (息访, redirected, final), with a repeat
petitioner, an overdue file, joint meetings and risk shared with the partners, and petitions
转送/交办 to the office in each state of 信访工作条例 第二十三条第三款 (notice or objection due,
objection awaiting its answer, agreed and handed back, refused, accepted), written through the
petition services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sifasuo.core.demo import DemoOffice
from sifasuo.core.models import OrgUnit, PartnerType, UnitKind
from sifasuo.intake.models import Matter, MatterType

from . import services
from .models import (
    Channel,
    Kind,
    Outcome,
    Petition,
    ReplyOpinion,
    ReviewResult,
    Route,
    Satisfaction,
    Source,
)


@dataclass(frozen=True)
class _Plan:
    key: str
    kind: str
    channel: str
    when: float | int  # received: a share of the demo's year back, or days back
    request: str
    route: str = ""
    steps: tuple[str, ...] = ()  # notify / redirect / extend / reply / review / recheck / close
    notify_after: int = 5  # days from receipt to the written notice
    reply_after: int = 40  # days from acceptance to the written reply
    outcome: str = ""
    satisfaction: str = Satisfaction.SATISFIED
    settled: bool = True
    headcount: int = 1
    same_petitioner_as: str = ""  # a repeat visit of an earlier plan's petitioner
    checklist: tuple[str, ...] = ()
    control_plan: str = ""
    share: tuple[str, ...] = ()  # partner bodies the risk is shared with
    meeting: tuple[str, ...] = ()  # partner bodies at the joint meeting


# fmt: off
PLANS = (
    _Plan("drainage", Kind.COMPLAINT, Channel.VISIT, 0.75,
          "{a}反映：{v}主街排水沟多年未清淤，雨季积水倒灌{a}等五户院内，多次向{vc}反映未解决，"
          "要求{township}组织清淤并修复沟渠。",
          route=Route.OPINION, steps=("notify", "reply", "close"), outcome=Outcome.RESOLVED,
          meeting=("petition_office", "police")),
    _Plan("drainage_again", Kind.COMPLAINT, Channel.PHONE, 0.30,
          "{a}再次反映：{v}排水沟清淤后今年汛期再次堵塞，认为上次处理不彻底，扬言再不解决就去北京"
          "上访，要求追究{vc}责任。",
          route=Route.OPINION, steps=("notify",), notify_after=19,
          same_petitioner_as="drainage", checklist=("repeated",),
          control_plan="包案领导每周约谈一次，{vc}指定专人联系；汛期前完成沟渠改造，派出所掌握动态。",
          share=("police", "women")),
    _Plan("land_income", Kind.COMPLAINT, Channel.LETTER, 0.90,
          "{a}来信反映：{v}土地流转收益分配方案未经村民代表会议讨论，要求重新分配并公开明细。",
          route=Route.OPINION, steps=("notify", "reply", "review", "recheck"),
          satisfaction=Satisfaction.UNSATISFIED, settled=False, headcount=6,
          meeting=("petition_office", "court")),
    _Plan("wage_redirect", Kind.COMPLAINT, Channel.VISIT, 0.55,
          "{a}反映：其在县城建筑工地务工被拖欠工资，要求司法所责令包工头支付。",
          steps=("redirect",)),
    _Plan("road_light", Kind.SUGGESTION, Channel.ONLINE, 0.45,
          "{a}网上建议：{v}至镇区道路夜间无路灯，建议加装路灯，方便群众夜间出行。",
          steps=("notify", "close"), outcome=Outcome.RESOLVED),
    _Plan("subsidy", Kind.COMPLAINT, Channel.VISIT, 0.20,
          "{a}反映：其家庭符合低保条件但申请被{vc}驳回，要求重新评议。",
          route=Route.OPINION, steps=("notify", "extend", "reply"), reply_after=75,
          satisfaction=Satisfaction.BASIC, settled=False, checklist=("hardship",),
          meeting=("women",)),
    _Plan("boundary", Kind.COMPLAINT, Channel.VISIT, 2,
          "{a}反映：邻居翻建房屋占用其宅基地约一米，村里调处未果，要求司法所主持公道。"),
)
# fmt: on


def load(office: DemoOffice) -> None:
    partners = _partners(office)
    people: dict[str, dict] = {}
    for plan in PLANS:
        person = people.get(plan.same_petitioner_as) or office.person()
        people[plan.key] = person
        words = {"a": person["name"], **office.village(), "township": office.unit.township_name}
        office.attempt(_petition, office, plan, person, words, partners)
    office.attempt(_from_intake, office, partners)
    for forward in FORWARDS:
        office.attempt(_forwarded, office, forward)


def _partners(office: DemoOffice) -> dict[str, OrgUnit]:
    petition_office = OrgUnit.objects.filter(
        parent=office.unit, kind=UnitKind.PARTNER, partner_type=PartnerType.PETITION
    ).first()
    found = {"police": office.police, "women": office.women, "petition_office": petition_office}
    if office.court is not None:
        found["court"] = office.court
    return {key: unit for key, unit in found.items() if unit is not None}


def _from_intake(office: DemoOffice, partners: dict) -> Petition | None:
    """The window's petition (intake's demo registers it today): handed over and told."""
    matter = (
        Matter.objects.filter(unit=office.unit, matter_type=MatterType.PETITION)
        .filter(petition__isnull=True)
        .first()
    )
    if matter is None:
        return None
    actor = office.accounts["assistant"]
    petition = services.petition_open(
        actor=actor,
        unit=office.unit,
        kind=Kind.COMPLAINT,
        request=matter.narrative,
        matter=matter,
        lead_user=office.accounts["head"],
        lead_post="司法所所长",
    )
    return services.petition_notify(
        actor=actor,
        petition=petition,
        notified_on=petition.received_on,
        accepted=True,
        route=Route.OPINION,
        notice_text="当场书面告知：信访事项属于本机关职权范围，已受理，将调查核实后出具信访处理意见书。",
    )


def _petition(
    office: DemoOffice, plan: _Plan, person: dict, words: dict, partners: dict
) -> Petition:
    actor = office.accounts["assistant"]
    head = office.accounts["head"]
    received = office.day(plan.when)
    department, _clerk = office.department("农业农村办", "社会事务办")
    petition = services.petition_open(
        actor=actor,
        unit=office.unit,
        kind=plan.kind,
        request=plan.request.format(**words),
        received_on=received,
        channel=plan.channel,
        petitioner=person,
        headcount=plan.headcount,
        lead_user=head if plan.key != "boundary" else None,
        lead_post="司法所所长" if plan.key != "boundary" else "",
        department=department if department.kind == UnitKind.DEPARTMENT else None,
    )
    if plan.checklist or plan.control_plan:
        petition = services.petition_screen_risk(
            actor=actor,
            petition=petition,
            checklist=list(plan.checklist),
            control_plan=plan.control_plan.format(**words),
        )
    for key in plan.share:
        if key in partners:
            services.petition_share_with_partner(
                actor=actor, petition=petition, partner=partners[key]
            )
    day = received
    for step in plan.steps:
        petition, day = _step(office, plan, petition, step, day, words)
        if step == "notify" and plan.meeting:
            units = [partners[k] for k in plan.meeting if k in partners]
            if units:
                held = min(day + dt.timedelta(days=7), office.today)
                services.meeting_add(
                    actor=head,
                    petition=petition,
                    held_on=held,
                    partners=units,
                    attendees=f"{head.display_name}（包案领导）、{actor.display_name}、"
                    + "、".join(f"{u.name}负责同志" for u in units),
                    conclusions="分析研判信访诉求：由责任部门牵头核实情况，相关单位配合做好政策解释和"
                    "稳控工作，十日内反馈核实结果。",
                )
    return petition


def _step(
    office: DemoOffice, plan: _Plan, petition: Petition, step: str, day: dt.date, words: dict
) -> tuple[Petition, dt.date]:
    actor = office.accounts["assistant"]
    today = office.today

    def later(days: int) -> dt.date:
        return min(day + dt.timedelta(days=days), today)

    if step in ("notify", "redirect"):
        day = later(plan.notify_after)
        accepted = step == "notify"
        text = (
            "书面告知信访人：信访事项属于本机关职权范围，已受理，告知处理途径和程序。"
            if accepted
            else "书面告知信访人：追索劳动报酬属人力资源社会保障部门职责，请向县劳动保障监察大队"
            "投诉或申请劳动仲裁。"
        )
        petition = services.petition_notify(
            actor=actor,
            petition=petition,
            notified_on=day,
            accepted=accepted,
            route=plan.route,
            notice_text=text,
        )
    elif step == "extend":
        petition = services.petition_extend(
            actor=office.accounts["head"],
            petition=petition,
            reason="需会同民政部门入户核查家庭收入，情况复杂，经所长批准延长三十日，已告知信访人。",
        )
    elif step == "reply":
        day = later(plan.reply_after)
        petition = services.petition_reply(
            actor=actor,
            petition=petition,
            replied_on=day,
            opinion=ReplyOpinion.SUPPORT if plan.settled else ReplyOpinion.EXPLAIN,
            text=f"经调查核实，{words['a']}反映的情况基本属实。依据《信访工作条例》第三十二条，"
            "提出处理意见如下：由责任部门限期整改并向信访人反馈。",
            delivered_on=min(day + dt.timedelta(days=2), today),
        )
        day = petition.reply_delivered_on
    elif step == "review":
        day = later(20)
        petition = services.petition_review_request(
            actor=actor, petition=petition, requested_on=day, body=office.county.name
        )
        day = later(25)
        petition = services.petition_review_decision(
            actor=actor,
            petition=petition,
            decided_on=day,
            result=ReviewResult.UPHELD,
            text="原处理意见事实清楚、依据正确，予以维持。",
            delivered_on=min(day + dt.timedelta(days=3), today),
        )
        day = petition.review_delivered_on
    elif step == "recheck":
        day = later(15)
        petition = services.petition_recheck_request(
            actor=actor,
            petition=petition,
            requested_on=day,
            body=office.county.name.removesuffix("司法局") + "人民政府",
        )
        if later(10) > day:  # a hearing of one day, ten days on (第三十六条第二款)
            day = later(10)
            petition = services.petition_recheck_hearing(
                actor=actor, petition=petition, held_from=day, held_to=day
            )
    elif step == "close":
        day = later(10)
        petition = services.petition_close(
            actor=actor,
            petition=petition,
            outcome=plan.outcome,
            satisfaction=plan.satisfaction,
            settled=plan.settled,
            closed_on=day,
            note="回访信访人，对处理结果表示认可。",
        )
    return petition, day


@dataclass(frozen=True)
class _Forward:
    key: str
    source: str
    back: int  # days since the office received it
    within_purview: bool
    request: str
    steps: tuple[str, ...] = ()  # notify / object / agree / refuse


# fmt: off
FORWARDS = (
    _Forward("fw_notice_due", Source.FORWARDED, 4, True,
             "{a}反映：{v}部分村民在自家承包地上违规建房，村里未予制止，要求依法处理。"),
    _Forward("fw_objection_due", Source.ASSIGNED, 2, False,
             "{a}反映：其子在县城一中就读期间被收取补课费，要求学校退费。"),
    _Forward("fw_objected", Source.FORWARDED, 9, False,
             "{a}反映：县医院收费明细与实际用药不符，要求医院退还多收费用。",
             steps=("object",)),
    _Forward("fw_returned", Source.FORWARDED, 40, False,
             "{a}反映：其在县农商银行的贷款利率高于合同约定，要求银行更正。",
             steps=("object", "agree")),
    _Forward("fw_refused", Source.ASSIGNED, 25, False,
             "{a}反映：{v}调解委员会调解达成的赡养协议，其兄长拒不履行，要求督促履行。",
             steps=("object", "refuse")),
    _Forward("fw_accepted", Source.FORWARDED, 30, True,
             "{a}反映：与邻居因滴水檐纠纷多次发生口角，村调委会调解未果，要求司法所组织调解。",
             steps=("notify",)),
)
# fmt: on


def _forwarded(office: DemoOffice, plan: _Forward) -> Petition:
    """A petition the county's 信访局 转送, or its 司法局 交办, to the office."""
    actor = office.accounts["assistant"]
    person = office.person()
    words = {"a": person["name"], **office.village()}
    county = office.county.name.removesuffix("司法局")
    body = f"{county}信访局" if plan.source == Source.FORWARDED else office.county.name
    received = office.day(plan.back)
    petition = services.petition_open(
        actor=actor,
        unit=office.unit,
        kind=Kind.COMPLAINT,
        request=plan.request.format(**words),
        received_on=received,
        channel=Channel.LETTER,
        petitioner=person,
        source=plan.source,
        forwarded_by=body,
        forward_reference=f"{county[:1]}信{'转' if plan.source == Source.FORWARDED else '交'}"
        f"〔{received.year}〕{10 + plan.back}号",
        within_purview=plan.within_purview,
    )

    def later(days: int) -> dt.date:
        return min(received + dt.timedelta(days=days), office.today)

    for step in plan.steps:
        if step == "notify":
            petition = services.petition_notify(
                actor=actor,
                petition=petition,
                notified_on=later(6),
                accepted=True,
                route=Route.OPINION,
                notice_text=f"书面告知信访人：{body}转送的信访事项属于本所职权范围，已接收，"
                "将组织调查核实后出具信访处理意见书。",
            )
        elif step == "object":
            petition = services.petition_object(
                actor=actor,
                petition=petition,
                objected_on=later(1),
                reasons="信访事项涉及县级单位的收费和经营行为，依法由其主管部门处理，"
                "不属于司法所职权范围，也不属于司法行政系统职权范围。",
            )
        elif step in ("agree", "refuse"):
            agreed = step == "agree"
            petition = services.petition_answer_objection(
                actor=actor,
                petition=petition,
                answered_on=later(6),
                agreed=agreed,
                answer="经核实，异议理由成立，同意交还材料，由本局另行转送主管部门。"
                if agreed
                else "经核实，赡养协议履行属人民调解工作范围，由司法所督促履行并书面告知信访人。",
                returned_on=later(7) if agreed else None,
                materials_note="信访件原件及附件共6页，交还经办人签收。" if agreed else "",
            )
    return petition
