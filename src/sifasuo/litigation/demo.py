"""Demo 复议应诉 cases for each sample office, in every state, written through the services:
replies due soon and overdue, a signed reply waiting to be filed, filed replies waiting for the
decision, lost and corrected cases with their 整改 follow-ups, an open appeal period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core import deadline_service
from sifasuo.core.demo import DemoOffice

from . import documents, services
from .models import (
    ActKind,
    Appeal,
    CaseKind,
    Compliance,
    HearingForm,
    HearingStatus,
    Outcome,
    OutcomeDocument,
    Procedure,
)

R, L = CaseKind.RECONSIDERATION, CaseKind.LAWSUIT


@dataclass(frozen=True)
class _Plan:
    kind: str
    procedure: str
    act_kind: str
    act: str
    stage: str  # "received", "signed", "filed", "concluded"
    # When the copy was served: ("due", n) so the reply falls due n days from today (negative:
    # overdue), or ("back", share or days) as DemoOffice.day reads it.
    served: tuple[str, float | int]
    company: bool = False
    hearing: str = ""  # a HearingForm value, "cancelled", "scheduled", or ""
    head_in_person: bool = True
    outcome: str = ""
    document: str = ""
    outcome_back: int = 0  # days before today the outcome was served
    appeal: str = ""
    compliance: str = ""
    follow_up: str = ""  # "", "planned", "done"


# fmt: off
PLANS = (
    _Plan(R, Procedure.ORDINARY, ActKind.PENALTY, "罚款五千元的行政处罚决定", "drafted", ("due", 2)),
    _Plan(R, Procedure.SIMPLE, ActKind.PENALTY, "警告的行政处罚决定", "received", ("due", -3)),
    _Plan(L, Procedure.FIRST_INSTANCE, ActKind.COERCION, "限期拆除违法建筑的决定", "signed", ("back", 3)),
    _Plan(R, Procedure.ORDINARY, ActKind.LICENCE, "不予许可临时占用道路的决定", "filed", ("back", 25),
          company=True, hearing=HearingForm.INTERVIEW),
    _Plan(L, Procedure.FIRST_INSTANCE, ActKind.EXPROPRIATION, "集体土地上房屋征收补偿决定", "concluded",
          ("back", 0.6), hearing=HearingForm.COURT, outcome=Outcome.REVOKED,
          document=OutcomeDocument.JUDGMENT, outcome_back=4, compliance=Compliance.PENDING),
    _Plan(R, Procedure.ORDINARY, ActKind.INACTION, "未答复拆除违建举报的不作为", "concluded",
          ("back", 0.7), hearing=HearingForm.WRITTEN, outcome=Outcome.ORDERED_TO_PERFORM,
          document=OutcomeDocument.DECISION, outcome_back=60, compliance=Compliance.DONE,
          follow_up="done"),
    _Plan(L, Procedure.FIRST_INSTANCE, ActKind.PENALTY, "罚款二万元的行政处罚决定", "concluded",
          ("back", 0.8), company=True, hearing=HearingForm.COURT, head_in_person=False,
          outcome=Outcome.DISMISSED, document=OutcomeDocument.JUDGMENT, outcome_back=45,
          appeal=Appeal.BY_OTHER),
    _Plan(L, Procedure.SECOND_INSTANCE, ActKind.PENALTY, "罚款二万元的行政处罚决定（二审）", "filed",
          ("back", 20), company=True, hearing="scheduled"),
    _Plan(R, Procedure.SIMPLE, ActKind.OTHER, "政府信息公开答复", "concluded", ("back", 0.5),
          outcome=Outcome.TERMINATED, document=OutcomeDocument.DECISION, outcome_back=30,
          hearing="cancelled"),
    _Plan(R, Procedure.ORDINARY, ActKind.PENALTY, "没收违法所得的行政处罚决定", "concluded",
          ("back", 0.9), hearing=HearingForm.HEARING, outcome=Outcome.VARIED,
          document=OutcomeDocument.DECISION, outcome_back=90, compliance=Compliance.DONE,
          follow_up="planned"),
    _Plan(R, Procedure.ORDINARY, ActKind.PENALTY, "责令停产停业的行政处罚决定", "concluded",
          ("back", 0.95), hearing=HearingForm.HEARING, outcome=Outcome.UPHELD,
          document=OutcomeDocument.DECISION, outcome_back=100),
)
# fmt: on

FACTS = (
    "一、答复人作出的行政行为认定事实清楚。经现场检查、询问当事人并调取相关材料，{name}的违法事实"
    "有现场检查笔录、询问笔录及照片等证据证实。\n"
    "二、答复人作出的行政行为程序合法。答复人依法立案、调查取证，作出决定前告知了当事人拟作出的"
    "决定内容及事实、理由、依据，并告知其依法享有陈述、申辩的权利，决定书已依法送达。\n"
    "三、申请人提出的理由不能成立，请求依法予以维持。"
)
BASIS = (
    "《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十二条；"
    "《中华人民共和国行政强制法》第三十五条、第三十七条。"
)
EVIDENCE = (
    ("立案审批表", "{dept}执法卷宗", "证明答复人依法立案", 1),
    ("现场检查笔录及照片", "{dept}现场检查", "证明违法事实", 6),
    ("陈述申辩告知书及送达回证", "{dept}执法卷宗", "证明答复人履行了告知义务，程序合法", 2),
)


def _served_on(office: DemoOffice, plan: _Plan) -> dt.date:
    how, value = plan.served
    if how == "back":
        return office.day(value)
    rule = services.REPLY_RULES[(plan.kind, plan.procedure)]
    target = office.today + dt.timedelta(days=int(value))
    # Walk back from today to the first service day whose reply period ends by the target.
    for back in range(0, 60):
        start = office.today - dt.timedelta(days=back)
        due, _provisional = deadline_service.compute_due(rule, start)
        if due.due <= target:
            return start
    return office.today - dt.timedelta(days=30)


def _names(office: DemoOffice) -> tuple[str, str, str]:
    county = office.county.name.removesuffix("司法局")
    city = office.county.parent.name.removesuffix("司法局") if office.county.parent else county
    return county, city, office.government.name


def load(office: DemoOffice) -> None:
    for index, plan in enumerate(PLANS):
        # Every draw comes before the write, so a case left out shifts no other case's text.
        applicant = office.company("商贸") if plan.company else office.person()
        department = (
            office.business[index % len(office.business)] if index % 4 else office.government
        )
        office.attempt(_case, office, plan, index, applicant, department)
    if office.number == 1:
        office.attempt(_template, office)


def _template(office: DemoOffice) -> None:
    content = documents.default_template(CaseKind.RECONSIDERATION)
    services.template_upload(
        actor=office.accounts["head"],
        unit=office.unit,
        kind=CaseKind.RECONSIDERATION,
        upload=SimpleUploadedFile(f"{office.unit.name}答复书模板.docx", content),
    )


def _case(office: DemoOffice, plan: _Plan, index: int, applicant: dict, department) -> None:
    head, assistant = office.accounts["head"], office.accounts["assistant"]
    county, city, government = _names(office)
    served = _served_on(office, plan)
    year = served.year
    if plan.kind == R:
        authority = f"{county}人民政府"
        number = f"{county.removesuffix('区').removesuffix('县')}政复〔{year}〕{index + 11}号"
    elif plan.procedure == Procedure.FIRST_INSTANCE:
        authority = f"{county}人民法院"
        number = f"（{year}）行初{index + 21}号"
    else:
        authority = f"{city}中级人民法院"
        number = f"（{year}）行终{index + 5}号"
    received = (
        "行政复议申请书副本、行政复议答复通知书"
        if plan.kind == R
        else "起诉状副本、应诉通知书、举证通知书"
        if plan.procedure == Procedure.FIRST_INSTANCE
        else "上诉状副本、应诉通知书"
    )
    case = services.case_register(
        actor=assistant,
        unit=office.unit,
        kind=plan.kind,
        procedure=plan.procedure,
        applicant=applicant,
        department=department,
        respondent=government,
        contested_act=f"{department.name}作出的{plan.act}",
        act_document=f"{office.core}{('罚', '强', '许', '征', '执', '其')[index % 6]}决字〔{year}〕{index + 3}号",
        act_kind=plan.act_kind,
        authority=authority,
        external_number=number,
        documents_received=received,
        served_on=served,
        accepted_on=served - dt.timedelta(days=3)
        if plan.kind == R and plan.stage != "received"
        else None,
        handler=assistant if index % 3 else head,
    )
    if plan.stage == "received":
        return
    words = {"name": applicant["name"], "dept": department.name}
    for name, source, purpose, pages in EVIDENCE:
        services.evidence_add(
            actor=assistant,
            case=case,
            name=name,
            source=source.format(**words),
            purpose=purpose,
            pages=pages,
        )
    case = services.reply_save_text(
        actor=assistant, case=case, facts=FACTS.format(**words), legal_basis=BASIS
    )
    reply = services.reply_generate(actor=assistant, case=case)
    if plan.stage == "drafted":
        return
    case = services.reply_sign(
        actor=head, case=case, reply=reply, on=min(served + dt.timedelta(days=4), office.today)
    )
    if plan.stage == "signed":
        return
    filed_on = min(served + dt.timedelta(days=5), office.today)
    case = services.reply_file(actor=assistant, case=case, filed_on=filed_on)
    hearing_day = min(
        filed_on + dt.timedelta(days=20),
        office.today - dt.timedelta(days=max(plan.outcome_back, 1)),
    )
    hearing_day = max(hearing_day, filed_on)
    if plan.hearing in ("cancelled", "scheduled"):
        services.hearing_add(
            actor=assistant,
            case=case,
            held_on=office.today + dt.timedelta(days=10),
            body=authority,
            form=HearingForm.HEARING if plan.kind == R else HearingForm.COURT,
            status=HearingStatus.CANCELLED
            if plan.hearing == "cancelled"
            else HearingStatus.SCHEDULED,
        )
    elif plan.hearing:
        in_person = plan.head_in_person and plan.hearing != HearingForm.WRITTEN
        services.hearing_add(
            actor=assistant,
            case=case,
            held_on=hearing_day,
            body=authority,
            form=plan.hearing,
            appeared=f"{head.display_name}、{assistant.display_name}",
            head_in_person=in_person,
            head_name=f"{government}负责人" if in_person else "",
            absence_reason="" if in_person else "同日参加县防汛紧急调度会议",
            entrusted="" if in_person else f"{department.name}负责人",
        )
    if plan.stage != "concluded":
        return
    case = services.case_conclude(
        actor=assistant,
        case=case,
        outcome=plan.outcome,
        outcome_document=plan.document,
        outcome_on=max(office.today - dt.timedelta(days=plan.outcome_back), hearing_day),
        outcome_text=f"{authority}{dict(Outcome.choices)[plan.outcome]}。",
    )
    if plan.appeal:
        services.case_appeal(
            actor=assistant,
            case=case,
            appeal=plan.appeal,
            note="对方当事人不服一审判决提起上诉",
            on=min(case.outcome_on + dt.timedelta(days=8), office.today),
        )
    if plan.compliance == Compliance.DONE:
        services.case_compliance(
            actor=assistant, case=case, compliance=Compliance.DONE, note="已按决定重新作出处理"
        )
    if plan.follow_up:
        follow_up = case.follow_up
        done = plan.follow_up == "done"
        services.follow_up_update(
            actor=head,
            follow_up=follow_up,
            plan="组织执法人员学习相关法律规定，完善调查取证和告知程序，建立案件办理前置审核。",
            due_on=case.outcome_on + dt.timedelta(days=30),
            done_on=min(case.outcome_on + dt.timedelta(days=20), office.today) if done else None,
            done_note="已完成培训并修订执法程序清单。" if done else "",
            for_case_talk=True,
            case_talk_note="调查取证不充分、告知程序不完整导致被纠错，作为典型案例在每月说案中讲评。",
        )
