"""Demo legal-aid applications for each sample office, in every state: waiting to be forwarded
(one due soon, one overdue), forwarded, under review (due soon; overdue with aid given first),
granted and waiting for a lawyer, refused with an objection pending and one answered, assigned,
closed in several ways with and without a visit, terminated. They are written through the
services: the office's steps as its judicial assistant, the centre's as the county centre's
account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sifasuo.core.demo import DemoOffice

from . import services
from .models import Art31Item, ExemptionItem, MatterKind, MeansBasis, Outcome


@dataclass(frozen=True)
class _Plan:
    summary: str
    kind: str
    item: str
    groups: tuple[str, ...]
    means: str
    # Days back of each step; None: not reached. (received, forwarded, centre receipt, decided,
    # assigned, closed, visited)
    days: tuple[int | None, ...]
    exemption: str = ""
    proof: str = ""
    art32: str = ""
    refuse: str = ""  # a refusal's reason
    prior: str = ""  # 第四十四条 item
    outcome: str = ""
    outcome_note: str = ""
    visit: str = ""
    objection: tuple[int, str] = ()  # (days back received, result "" pending / upheld)
    # 第四十三条第二款: (days back the applicant was told, "" still waiting / "withdrawn")
    materials: tuple[int, str] = ()
    gender: str | None = None
    born: tuple[int, int] = (1960, 1995)
    extra: dict = field(default_factory=dict)


D = MeansBasis.DECLARED
E = MeansBasis.EXEMPT
# fmt: off
PLANS = (
    _Plan("{a}在{company}务工八个月，被拖欠工资{amount}元，多次讨要未果，申请法律援助追索劳动报酬。",
          MatterKind.CIVIL, Art31Item.LABOUR, ("migrant_worker",), E, (0, None),
          exemption=ExemptionItem.MIGRANT_WORKER, proof="劳务记工表及工友证言"),
    _Plan("{a}年逾七旬，独居{v}，其子女三人均拒绝支付赡养费，申请法律援助请求给付赡养费。",
          MatterKind.CIVIL, Art31Item.SUPPORT, ("elderly",), E, (12, None),
          exemption=ExemptionItem.SPECIAL_GROUP, proof="无固定生活来源证明（{v}村委会出具）",
          born=(1948, 1953)),
    _Plan("{a}骑电动车在{v}路口被货车撞伤，肇事方拒绝赔偿医疗费{amount}元，申请法律援助。",
          MatterKind.CIVIL, Art31Item.INJURY, ("other_group",), D, (2, 1)),
    _Plan("{a}在建筑工地受伤已认定工伤，{company}未支付工伤待遇，申请法律援助请求工伤事故人身损害赔偿。",
          MatterKind.CIVIL, Art31Item.INJURY, ("migrant_worker",), E, (6, 5, 4),
          exemption=ExemptionItem.MIGRANT_WORKER, proof="工伤认定决定书"),
    _Plan("{a}系低保户，与{company}的劳动争议仲裁时效即将届满，申请法律援助确认劳动关系。",
          MatterKind.CIVIL, Art31Item.LABOUR, ("woman",), E, (20, 18, 15),
          exemption=ExemptionItem.RELIEF, proof="最低生活保障证", prior="1", gender="female"),
    _Plan("{a}之子患病后被单位解除劳动合同，{a}家庭经济困难，申请法律援助请求给予社会保险待遇。",
          MatterKind.CIVIL, Art31Item.SOCIAL_INSURANCE, ("disabled",), D, (10, 9, 8, 2)),
    _Plan("{a}称其与邻居的宅基地界址纠纷，请求法律援助代理诉讼。",
          MatterKind.CIVIL, Art31Item.OTHER, ("other_group",), D, (40, 39, 37, 33),
          refuse="申请事项不属于法律援助法第三十一条所列事项，且申请人家庭月收入高于本省经济困难标准。",
          objection=(2, "")),
    _Plan("{a}请求法律援助起诉{company}返还货款。",
          MatterKind.CIVIL, Art31Item.OTHER, ("other_group",), D, (70, 69, 66, 62),
          refuse="申请人为个体经营者，经信息共享查询名下有营业收入，不符合经济困难标准。",
          objection=(60, "upheld")),
    _Plan("{a}之女在校期间被同学殴打致伤，家长要求学校及侵权方赔偿，{a}为残疾人，申请法律援助。",
          MatterKind.CIVIL, Art31Item.INJURY, ("disabled", "minor"), E, (45, 44, 43, 40, 38),
          exemption=ExemptionItem.SPECIAL_GROUP, proof="残疾人证"),
    _Plan("{a}系优抚对象，因抚恤金停发申请法律援助请求发给抚恤金。",
          MatterKind.ADMINISTRATIVE, Art31Item.PENSION, ("military", "elderly"), E,
          (120, 119, 117, 113, 111, 60, 50),
          exemption=ExemptionItem.RELIEF, proof="优抚对象证", outcome=Outcome.MEDIATION,
          outcome_note="经协调，主管部门补发抚恤金并恢复按月发放。", visit="satisfied",
          born=(1950, 1958)),
    _Plan("{a}等五名农民工被{company}拖欠工资{amount}元，申请法律援助追索劳动报酬。",
          MatterKind.CIVIL, Art31Item.LABOUR, ("migrant_worker",), E,
          (150, 149, 148, 145, 144, 20),
          exemption=ExemptionItem.MIGRANT_WORKER, proof="欠薪清单", outcome=Outcome.JUDGMENT,
          outcome_note="法院判决支持全部诉讼请求。"),
    _Plan("{a}遭受丈夫家庭暴力，申请法律援助起诉离婚并主张相关权益。",
          MatterKind.CIVIL, "", ("woman",), MeansBasis.UNRESTRICTED,
          (90, 89, 88, 86, 85, 30, 25),
          art32="4", outcome=Outcome.SETTLEMENT, outcome_note="双方达成离婚协议，法院出具调解书。",
          visit="basically", gender="female"),
    _Plan("{a}因交通事故赔偿纠纷申请法律援助，后自行委托律师。",
          MatterKind.CIVIL, Art31Item.INJURY, ("other_group",), D,
          (100, 99, 98, 95, 94, 70),
          outcome=Outcome.TERMINATED, outcome_note="受援人自行委托律师（法律援助法第四十八条第一款第六项）。"),
    _Plan("{a}涉嫌盗窃被提起公诉，因经济困难没有委托辩护人，其近亲属申请法律援助。",
          MatterKind.CRIMINAL, "", ("other_group",), D, (25, 24, 23, 21, 20)),
    _Plan("{a}申请法律援助请求给付抚养费，未提交子女出生证明和对方收入情况。",
          MatterKind.CIVIL, Art31Item.SUPPORT, ("woman",), D, (9, 8, 6),
          materials=(5, ""), gender="female"),
    _Plan("{a}申请法律援助请求确认劳动关系，经告知后未补充劳动合同或工资流水。",
          MatterKind.CIVIL, Art31Item.LABOUR, ("other_group",), D, (80, 79, 78),
          materials=(77, "withdrawn")),
    _Plan("{a}请求医疗事故人身损害赔偿，后撤回起诉。",
          MatterKind.CIVIL, Art31Item.INJURY, ("elderly",), D,
          (200, 199, 197, 195, 193, 100, 95),
          outcome=Outcome.WITHDRAWN, outcome_note="医院主动协商赔偿，受援人撤诉。",
          visit="dissatisfied", born=(1950, 1956)),
)
# fmt: on


def load(office: DemoOffice) -> None:
    centre_account = office.accounts.get("legalaid")
    if centre_account is None or services.centre_for(office.unit) is None:
        return
    stories = []
    for plan in PLANS:
        # Every draw comes before the write, so a record left out shifts no other's people.
        person = office.person(gender=plan.gender, born=plan.born)
        words = {
            "a": person["name"],
            **office.village(),
            "company": office.names["company"],
            "amount": office.rng.randrange(6000, 48000, 100),
        }
        stories.append((plan, person, words))
    stories.sort(key=lambda story: -story[0].days[0])
    for plan, person, words in stories:
        office.attempt(_application, office, centre_account, plan, person, words)


def _application(office: DemoOffice, centre, plan: _Plan, person: dict, words: dict):
    office_actor = office.accounts["assistant"]
    days = [*plan.days, *([None] * (7 - len(plan.days)))]
    on = [office.today - dt.timedelta(days=d) if d is not None else None for d in days]
    received, forwarded, centre_received, decided, assigned, closed, visited = on
    declared = plan.means == MeansBasis.DECLARED
    app = services.application_register(
        actor=office_actor,
        unit=office.unit,
        applicant={k: v for k, v in person.items() if k != "kind"},
        matter_kind=plan.kind,
        art31_item=plan.item,
        summary=plan.summary.format(**words),
        received_on=received,
        groups=list(plan.groups),
        means_basis=plan.means,
        exemption_item=plan.exemption,
        exemption_proof=plan.proof.format(**words),
        art32_item=plan.art32,
        household_size=office.rng.randint(2, 6) if declared else None,
        household_income=office.rng.randrange(900, 3200, 100) if declared else None,
        income_source="务农及零工收入" if declared else "",
        declaration="家庭无其他稳定收入，子女上学，家中有长期患病人员需要照料。"
        if declared
        else "",
        pledge_signed=declared,
    )
    if forwarded is None:
        return app
    app = services.application_forward(
        actor=office_actor,
        app=app,
        forwarded_on=forwarded,
        means="online" if office.rng.random() < 0.6 else "in_person",
        receipt=f"法援中心签收{office.rng.randint(1000, 9999)}",
    )
    if centre_received is None:
        return app
    app = services.application_receive(actor=centre, app=app, received_on=centre_received)
    if plan.materials:
        back, then = plan.materials
        notified = office.today - dt.timedelta(days=back)
        app = services.application_request_materials(
            actor=centre,
            app=app,
            notified_on=notified,
            materials="1.身份证明复印件；2.与申请事项有关的证据材料；3.家庭成员收入情况说明。",
        )
        if then == "withdrawn":
            app = services.application_withdrawn(
                actor=centre,
                app=app,
                on=notified + dt.timedelta(days=30),
                note="告知后三十日内申请人未补充材料，也未作出说明。",
            )
        return app
    if plan.prior:
        app = services.application_prior_aid(
            actor=centre, app=app, item=plan.prior, given_on=centre_received, lawyer="值班律师"
        )
    if decided is None:
        return app
    app = services.application_decide(
        actor=centre,
        app=app,
        decision="refuse" if plan.refuse else "grant",
        decided_on=decided,
        reason=plan.refuse,
    )
    if plan.refuse:
        if plan.objection:
            back, result = plan.objection
            received_on = office.today - dt.timedelta(days=back)
            objection = services.objection_file(
                actor=office_actor,
                app=app,
                received_on=received_on,
                content="申请人认为其经济困难，且纠纷涉及基本生活保障，请求重新审查。",
            )
            if result:
                services.objection_decide(
                    actor=centre,
                    objection=objection,
                    result=result,
                    decided_on=received_on + dt.timedelta(days=3),
                    note="经审查，法律援助中心的决定认定事实清楚，维持原决定。",
                )
        return app
    if assigned is None:
        return app
    app = services.application_assign(
        actor=centre,
        app=app,
        assigned_on=assigned,
        lawyer=office.people.name(office.people.gender(0.45)),
        law_firm=f"{office.county.name.removesuffix('司法局')}{office.rng.choice(FIRMS)}律师事务所",
    )
    if closed is None:
        return app
    app = services.application_close(
        actor=centre, app=app, outcome=plan.outcome, closed_on=closed, note=plan.outcome_note
    )
    if visited is None:
        return app
    return services.application_visit(
        actor=office_actor,
        app=app,
        visited_on=visited,
        satisfaction=plan.visit,
        note="电话回访受援人，了解法律援助人员办案情况。",
    )


FIRMS = ("正衡", "明德", "海岳", "求是", "信达")
