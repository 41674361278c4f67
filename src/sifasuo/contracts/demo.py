"""Demo contracts (合同管理) for each sample office along the "N+(1+专)+1" chain: drafted, under
legal review, sent back, signed with payments, and completed, written through the contract
services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core.demo import DemoOffice
from sifasuo.core.documents import DOCX, OfficialDocument
from sifasuo.core.models import Party, PartyKind

from . import services
from .models import Contract, ContractStatus, ContractType


@dataclass(frozen=True)
class _Plan:
    contract_type: str
    # The owning department: "engineering" (工程办), else the business department named like one
    # of these (see DemoOffice.department).
    department: str | tuple[str, ...]
    status: str  # the status it has reached today ("redraft": sent back by the review)
    when: float | int  # drafted: a share of the demo's year back, or a number of days back
    title: str
    subject: str
    counterparty: str  # "company:<trade>" (a new company), "company" or "cooperative" (core's)
    amount: int
    months: int  # length of performance
    instalments: tuple[tuple[int, int, str], ...] = ()  # (per cent, days after signing, condition)
    paid: int = 0  # how many instalments are paid
    assistant: tuple[bool, str] = (True, "")  # the judicial assistant's opinion
    advisor: tuple[bool, str] | None = None  # the legal advisor's opinion (None: still pending)


_REVIEWED = "合同主体适格，标的、价款、履行期限和违约责任明确，订立程序符合规定，同意签订。"

# fmt: off
PLANS = (
    _Plan(ContractType.SERVICE, ("社会事务办", "综合执法队", "农业农村办"), ContractStatus.COMPLETED, 0.95,
          "{v}等五个村（社区）生活垃圾清运服务合同", "{v}等五个村（社区）生活垃圾日产日清及转运",
          "company:环卫服务", 96000, 6,
          instalments=((50, 5, "合同签订后"), (50, 180, "服务期满考核合格后")), paid=2,
          assistant=(True, _REVIEWED), advisor=(True, _REVIEWED)),
    _Plan(ContractType.CONSTRUCTION, "engineering", ContractStatus.SIGNED, 0.35,
          "{v}道路硬化工程施工合同", "{v}道路硬化二点四公里及配套排水边沟",
          "company:路桥工程", 486000, 4,
          instalments=((30, 7, "开工后预付"), (40, 75, "完成主体工程量百分之七十后"),
                       (30, 150, "竣工验收合格并审计后")), paid=1,
          assistant=(True, "施工合同已约定工期、质量标准、安全责任和工程款支付节点，经招标程序确定"
                           "施工单位，同意签订。"),
          advisor=(True, "建议补充农民工工资专用账户和保证金条款；其余条款合法，同意签订。")),
    _Plan(ContractType.LEASE, ("经济发展办", "社会事务办"), "redraft", 12,
          "{v}闲置校舍租赁合同", "{v}原小学闲置校舍及院落出租",
          "company", 300000, 300,
          assistant=(True, "出租已经{township}党（工）委会议研究，主体适格，同意。"),
          advisor=(False, "第二条约定租赁期限二十五年，超过《民法典》第七百零五条规定的二十年最长"
                          "期限，超过部分无效；请改为二十年以内并约定续租条件后重新报送。")),
    _Plan(ContractType.COOPERATION, ("农业农村办", "经济发展办"), ContractStatus.LEGAL_REVIEW, 2,
          "共建{v}特色种植示范基地合作协议", "示范基地建设、技术指导及收益分配",
          "cooperative", 150000, 36,
          assistant=(True, "合作双方权利义务明确，财政资金使用符合专项资金管理规定，同意。")),
    _Plan(ContractType.PURCHASE, ("应急管理办", "综合执法队"), ContractStatus.DRAFT, 1,
          "防汛应急物资采购合同", "救生衣、编织袋、应急照明等防汛物资",
          "company:应急装备", 58600, 1),
)
# fmt: on


def load(office: DemoOffice) -> None:
    stories = []
    for index, plan in enumerate(PLANS):
        # Every draw comes before the write, so a contract left out shifts no other's people.
        words = {
            "v": office.rng.choice(office.villages).name,
            "township": office.unit.township_name,
        }
        company = office.company(plan.counterparty.removeprefix("company:"))
        stories.append((office.day(plan.when), index, plan, words, company))
    # Drafted oldest first, so the contract numbers run in the order of the dates.
    for number, (drafted, _index, plan, words, company) in enumerate(sorted(stories), start=1):
        office.attempt(_contract, office, plan, drafted, words, company, number)


def _counterparty(office: DemoOffice, plan: _Plan, company: dict) -> Party:
    if plan.counterparty in ("company", "cooperative"):
        # The office's own party register already holds these two (see core's demo).
        existing = Party.objects.get(unit=office.unit, name=office.names[plan.counterparty])
        name, credit_code = existing.name, existing.credit_code
    else:
        name, credit_code = company["name"], company["credit_code"]
    return services.counterparty_get_or_create(
        actor=office.accounts["head"],
        office=office.unit,
        kind=PartyKind.ORGANIZATION,
        name=name,
        credit_code=credit_code,
    )


def _contract(
    office: DemoOffice, plan: _Plan, drafted: dt.date, words: dict, company: dict, number: int
) -> Contract:
    if plan.department == "engineering":
        department, actor = office.engineering, office.accounts["head"]
    else:
        department, actor = office.department(*plan.department)
    starts = drafted + dt.timedelta(days=20)
    contract = services.contract_create(
        actor=actor,
        department=department,
        number=f"{office.core}政合〔{drafted.year}〕{number}号",
        title=plan.title.format(**words),
        contract_type=plan.contract_type,
        amount=Decimal(plan.amount),
        counterparties=[_counterparty(office, plan, company)],
        subject=plan.subject.format(**words),
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=round(plan.months * 30.4)),
        payment_department=office.finance if plan.instalments else None,
    )
    # The service stamps the contract with "now"; the demo's day is the day it was drafted.
    Contract.objects.filter(pk=contract.pk).update(created_at=office.moment(drafted))
    services.contract_add_document(
        actor=actor, contract=contract, upload=_text_of(contract, plan.subject.format(**words))
    )
    if plan.status == ContractStatus.DRAFT:
        return contract
    submitted = min(drafted + dt.timedelta(days=2), office.today)
    contract = services.contract_submit_review(actor=actor, contract=contract, on=submitted)
    passed, text = plan.assistant
    contract = services.contract_legal_opinion(
        actor=office.accounts["assistant"],
        contract=contract,
        opinion=text.format(**words),
        passed=passed,
    )
    if plan.advisor is None:
        return contract
    passed, text = plan.advisor
    contract = services.contract_legal_opinion(
        actor=office.accounts["advisor"],
        contract=contract,
        opinion=text.format(**words),
        passed=passed,
    )
    if contract.status != ContractStatus.APPROVED:
        return contract
    signed = min(drafted + dt.timedelta(days=12), office.today)
    contract = services.contract_mark_signed(actor=actor, contract=contract, signed_on=signed)
    instalments = [
        services.instalment_add(
            actor=actor,
            contract=contract,
            due_on=signed + dt.timedelta(days=days),
            amount=Decimal(plan.amount * share // 100),
            condition=condition,
        )
        for share, days, condition in plan.instalments
    ]
    for instalment in instalments[: plan.paid]:
        services.payment_record(
            actor=office.accounts["head"],
            contract=contract,
            paid_on=min(instalment.due_on, office.today),
            amount=instalment.amount,
            instalment=instalment,
            note=f"第{instalment.seq}期（{instalment.condition}）",
        )
    if plan.status == ContractStatus.COMPLETED:
        contract = services.contract_close(
            actor=actor, contract=contract, outcome=ContractStatus.COMPLETED
        )
    return contract


def _text_of(contract: Contract, subject: str) -> SimpleUploadedFile:
    """The contract text the department uploads with its draft (a short Word file)."""
    document = OfficialDocument(contract.title, number=f"合同编号：{contract.number}")
    document.paragraph(
        f"甲方：{contract.department.parent.name if contract.department.parent else ''}"
    )
    document.paragraph(f"合同标的：{subject}")
    document.paragraph(f"合同金额：{contract.amount}元")
    return SimpleUploadedFile(f"{contract.title}.docx", document.to_bytes(), content_type=DOCX)
