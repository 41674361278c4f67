"""Demo legality reviews (合法性审查) and attended meetings (列席) for each sample office, from
submission to archive, written through the review services."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core import deadline_service, deadlines
from sifasuo.core.demo import DemoOffice

from . import meetings, services
from .models import (
    AgendaItem,
    Conclusion,
    Finding,
    LawArticle,
    Meeting,
    MeetingKind,
    OpinionPoint,
    Review,
    ReviewDocument,
    ReviewKind,
    ReviewStatus,
    Urgency,
)


@dataclass(frozen=True)
class _Plan:
    kind: str
    # Who submits: "government" (the office head for the township government), else the business
    # department named like one of these (see DemoOffice.department); () is o{n}_clerk's.
    department: str | tuple[str, ...]
    status: str  # the status it has reached today
    when: float | int  # submitted: a share of the demo's year back, or a number of days back
    title: str
    file: str
    text: tuple[str, ...]  # the paragraphs of the uploaded draft
    points: tuple[tuple[str, str, str], ...] = ()  # (opinion, law, article)
    conclusion: str = ""
    answer: str = ""
    advisor_opinion: str = ""
    assistant_opinion: str = ""
    missing: str = ""
    urgency: str = Urgency.NORMAL


# fmt: off
PLANS = (
    _Plan(ReviewKind.CONTRACT, ("经济发展办", "农业农村办"), ReviewStatus.ARCHIVED, 0.70,
          "{dept}与{company}农产品展销中心委托运营服务合同", "展销中心委托运营服务合同.docx",
          ("农产品展销中心委托运营服务合同",
           "甲方：{dept}    乙方：{company}",
           "第一条 甲方将位于{township}的农产品展销中心委托乙方运营，期限三年。",
           "第三条 乙方每年向甲方支付管理费八万元，于每年一月三十一日前付清。",
           "第六条 合同期内甲方不再在本辖区引入其他同类农产品展销经营主体。",
           "第九条 因本合同发生争议，双方协商解决；协商不成的，向甲方所在地人民法院起诉。"),
          points=(("第六条“合同期内甲方不再在本辖区引入其他同类农产品展销经营主体”属于限制市场准入的"
                   "约定，应予删除。", "公平竞争审查条例", "第八条"),),
          conclusion=Conclusion.LEGAL_AFTER_CHANGES,
          answer="已删除第六条，修改稿经双方确认后重新上传。",
          advisor_opinion="合同主体适格，权利义务基本对等；第六条排他性约定存在公平竞争审查风险，建议删除。",
          assistant_opinion="经审查，合同订立程序符合规定，除第六条外内容合法，出具修改后合法意见。"),
    _Plan(ReviewKind.NORMATIVE, "government", ReviewStatus.OPINION_ISSUED, 18,
          "关于规范农家乐经营管理的实施办法（送审稿）", "农家乐经营管理实施办法（送审稿）.docx",
          ("关于规范农家乐经营管理的实施办法",
           "第一条 为规范本{level}农家乐经营活动，保障游客和经营者合法权益，促进乡村旅游健康发展，"
           "制定本办法。",
           "第二条 在本{level}范围内从事农家乐经营的，须经{gov}批准后方可营业。",
           "第三条 经营者应当建立食品安全和消防安全管理制度，配备必要的消防器材。",
           "第四条 {gov}鼓励经营者参加乡村旅游培训，对评定为星级的农家乐按照上级政策给予奖补。",
           "第五条 本办法自发布之日起施行，有效期三年。",
           "{gov}",
           "{year}年{month}月{day}日"),
          points=(("送审前未向社会公开征求意见，请补充公开征求意见程序并说明采纳情况。",
                   "国办发〔2018〕37号", "二、（三）"),),
          conclusion=Conclusion.LEGAL_AFTER_CHANGES,
          advisor_opinion="第二条设定的“批准”属于行政许可，规范性文件无权设定，建议删除或改为引导性"
                          "表述；其余条款未见违法。",
          assistant_opinion="第二条设定行政许可，违反《行政许可法》第十七条；制定程序缺少公开征求意见"
                            "环节。其余内容合法。"),
    _Plan(ReviewKind.MAJOR_DECISION, "government", ReviewStatus.ACCEPTED, 4,
          "{township}农村生活污水治理三年行动方案", "农村生活污水治理三年行动方案.docx",
          ("{township}农村生活污水治理三年行动方案",
           "一、目标任务：三年内完成辖区内村庄生活污水治理全覆盖。",
           "二、实施步骤：第一年完成{v}等三个村庄的管网铺设，其余村庄分两年完成。",
           "三、资金保障：项目资金由上级专项资金和{level}财政配套解决，不向村民收取费用。",
           "四、公众参与：方案已在各村公示并召开村民代表座谈会征求意见。"),
          advisor_opinion="方案已履行公众参与程序，资金来源明确，未见向村民摊派费用的内容；建议补充"
                          "专家论证和风险评估材料后提交会议集体讨论。",
          urgency=Urgency.URGENT),
    _Plan(ReviewKind.INFO_DISCLOSURE, (), ReviewStatus.SUBMITTED, 1,
          "关于{p1}申请公开{v2}征地补偿方案的答复（代拟稿）", "政府信息公开申请答复（代拟稿）.docx",
          ("政府信息公开申请答复书",
           "{p1}：",
           "本机关收到您申请公开{v2}征地补偿方案的申请。经查，该信息属于本机关公开范围，现将"
           "征地补偿安置方案予以提供。",
           "如对本答复不服，可依法申请行政复议或者提起行政诉讼。")),
    _Plan(ReviewKind.HOMESTEAD, ("自然资源所", "农业农村办"), ReviewStatus.RETURNED, 6,
          "{v}{vp}{person}宅基地及建房审批", "宅基地及建房申请材料.docx",
          ("农村宅基地和建房（规划许可）申请表",
           "申请人：{person}，{v}{vp}，拟在原宅基地上翻建住房，建筑面积一百二十平方米。",
           "{v}{vc}意见：同意。"),
          missing="缺少村民代表会议讨论记录、四邻签字意见及原宅基地使用权证复印件，请补正后重新报送。"),
    _Plan(ReviewKind.VILLAGE_RULES, ("农业农村办",), ReviewStatus.AWAITING_SIGN_OFF, 3,
          "{v}村规民约（修订稿）", "村规民约（修订稿）.docx",
          ("{v}村规民约",
           "第一条 本村村民应当遵守法律法规，爱护公共设施，保持村容整洁。",
           "第二条 红白喜事提倡简办，倡导移风易俗。",
           "第三条 村民建房应当符合村庄规划，建房前向村民委员会提出申请。",
           "本村规民约经{v}村民会议讨论通过。"),
          conclusion=Conclusion.LEGAL,
          assistant_opinion="修订稿已经村民会议讨论通过，内容未与宪法、法律、法规和国家的政策相抵触，"
                            "未见侵犯村民人身权利、民主权利和合法财产权利的内容（《村民委员会组织法》"
                            "第二十七条第二款），出具合法意见。"),
)

MEETINGS = (
    (MeetingKind.PARTY_COMMITTEE, "{township}党（工）委会议", 0.45, (
        ("{v}集体机动地流转方案",
         "拟将{v}集体机动地一百二十亩以每亩二百元的价格整体流转给{company}，期限二十年。该方案未经"
         "村民代表会议讨论，租金明显低于当地同类土地流转价格，违反《村民委员会组织法》第二十四条，"
         "建议否决，待履行民主议定程序并评估价格后重新上会。",
         True, AgendaItem.Adoption.ADOPTED),
        ("农村生活污水治理项目招标事项",
         "项目属依法必须招标的工程建设项目，应当公开招标，不得化整为零规避招标。",
         False, AgendaItem.Adoption.ADOPTED),
    )),
    (MeetingKind.EXECUTIVE, "{township}政府（办事处）常务会议", 6, (
        ("{township}综合执法队行政处罚裁量基准（修订）",
         "裁量基准的修订应当经合法性审查并向社会公布，建议先送司法所审查再提交会议讨论。",
         False, AgendaItem.Adoption.ADOPTED),
        ("{v}村规民约修订稿", "", False, AgendaItem.Adoption.PENDING),
    )),
)
# fmt: on


def load(office: DemoOffice) -> None:
    level = {"subdistrict": "街道"}.get(office.unit.township_kind, "镇")
    for plan in PLANS:
        # Every draw comes before the write, so a review left out shifts no other review's text.
        words = {
            "township": office.unit.township_name,
            "level": level,
            "gov": office.government.name,
            "company": office.names["company"],
            "p1": office.names["p1"],
            "v2": office.names["v2"],
            **office.village(),
            "person": office.person()["name"],
        }
        office.attempt(_review, office, plan, words)
    for kind, title, when, items in MEETINGS:
        words = {
            "township": office.unit.township_name,
            "company": office.names["company"],
            "v": office.rng.choice(office.villages).name,
        }
        office.attempt(_meeting, office, kind, title, when, items, words)


def _review(office: DemoOffice, plan: _Plan, words: dict) -> Review:
    assistant, head = office.accounts["assistant"], office.accounts["head"]
    # The 重大行政决策's legal opinion comes from the office's 公职律师 where it has one (条例 第二十八条).
    advisor = office.accounts["advisor"]
    if plan.kind == ReviewKind.MAJOR_DECISION and "lawyer" in office.accounts:
        advisor = office.accounts["lawyer"]
    if plan.department == "government":
        department, submitter = office.government, office.accounts["head"]
    else:
        department, submitter = office.department(*plan.department)
    words = {**words, "dept": department.name}
    submitted = office.day(plan.when)
    words.update(year=submitted.year, month=submitted.month, day=submitted.day)
    review = services.review_submit(
        actor=submitter,
        department=department,
        title=plan.title.format(**words),
        kind=plan.kind,
        drafting_unit=department.name,
        upload=_docx(plan.file, [line.format(**words) for line in plan.text]),
        urgency=plan.urgency,
        submitted_on=submitted,
    )
    # The services stamp the request and its document with "now"; the demo's day is the one the
    # review period was counted from.
    at = office.moment(submitted)
    Review.objects.filter(pk=review.pk).update(created_at=at)
    ReviewDocument.objects.filter(review=review).update(uploaded_at=at)
    day = submitted
    if plan.status == ReviewStatus.SUBMITTED:
        return review
    if plan.status == ReviewStatus.RETURNED:
        return services.review_return(actor=assistant, review=review, missing=plan.missing)
    day = _next_working_day(office, day)
    review = services.review_accept(actor=assistant, review=review, on=day)
    if plan.advisor_opinion:
        review = services.review_advisor_opinion(
            actor=advisor, review=review, text=plan.advisor_opinion
        )
    if plan.status == ReviewStatus.ACCEPTED:
        return review
    review = services.review_record_review(
        actor=assistant, review=review, assistant_opinion=plan.assistant_opinion
    )
    for finding in review.findings.filter(decision=Finding.Decision.OPEN):
        services.finding_decide(actor=assistant, finding=finding, accept=True)
    points = [(text, _article(assistant, law, article)) for text, law, article in plan.points]
    day = _next_working_day(office, _next_working_day(office, day))
    review = services.review_issue_opinion(
        actor=assistant, review=review, conclusion=plan.conclusion, points=points, on=day
    )
    if plan.status == ReviewStatus.AWAITING_SIGN_OFF:
        return review
    if review.status == ReviewStatus.AWAITING_SIGN_OFF:
        # The head issues the draft (签发) the next working day.
        day = min(_next_working_day(office, day), office.today)
        review = services.review_sign_off(actor=head, review=review, on=day)
    if plan.status == ReviewStatus.OPINION_ISSUED:
        return review
    for point in review.points.all():
        services.point_answer(
            actor=submitter, point=point, answer=OpinionPoint.Answer.DONE, text=plan.answer
        )
    day = min(day + dt.timedelta(days=7), office.today)
    return services.review_archive(actor=assistant, review=review, on=day)


def _article(actor, law: str, article: str) -> LawArticle:
    """The law list's entry (seeded by a migration), added to the list if someone removed it."""
    found = LawArticle.objects.filter(law=law, article=article).first()
    return found or services.law_article_save(actor=actor, law=law, article=article)


def _next_working_day(office: DemoOffice, day: dt.date) -> dt.date:
    """The next working day (by the holiday calendar, or Monday to Friday past its years), not
    after today."""
    following = day + dt.timedelta(days=1)
    while following < office.today and not _is_workday(following):
        following += dt.timedelta(days=1)
    return min(following, office.today)


def _is_workday(day: dt.date) -> bool:
    try:
        return deadline_service.calendar().is_workday(day)
    except deadlines.DeadlineError:
        return day.weekday() < 5


def _docx(name: str, paragraphs: list[str]) -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    return SimpleUploadedFile(
        name,
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _meeting(
    office: DemoOffice, kind: str, title: str, when: float | int, items: tuple, words: dict
) -> Meeting:
    head = office.accounts["head"]
    held_on = office.day(when)
    meeting = meetings.meeting_create(
        actor=head,
        unit=office.unit,
        kind=kind,
        title=title.format(**words),
        held_on=held_on,
        topics=[topic.format(**words) for topic, *_ in items],
    )
    Meeting.objects.filter(pk=meeting.pk).update(created_at=office.moment(held_on))
    for item, (_topic, opinion, vetoed, adoption) in zip(
        meeting.items.order_by("seq"), items, strict=True
    ):
        if not opinion:
            continue
        text = opinion.format(**words)
        meetings.agenda_item_record(
            actor=head,
            item=item,
            opinion=text,
            vetoed=vetoed,
            veto_reasons=text if vetoed else "",
            adoption=adoption,
        )
    return meeting
