"""Demo mediation cases (人民调解) for each sample office: every stage from 申请 to 归档 and 终止,
司法确认, and the risk watch list, written through the mediation services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from sifasuo.core.demo import DemoOffice
from sifasuo.core.models import Gender
from sifasuo.intake.demo import backdate as backdate_matter

from . import services
from .models import (
    Case,
    CommitteeKind,
    ConfirmationOutcome,
    DisputeType,
    ServiceMode,
    Stage,
    TerminationReason,
)


@dataclass(frozen=True)
class _Plan:
    key: str  # a plan opened from an intake matter shares its key with the intake demo's plan
    dispute_type: str
    committee: str
    mode: str
    stage: str  # the stage the case has reached today
    # When it was opened: a share of the demo's year back, or a number of days back (a case
    # from an intake matter is opened a day or two after the matter was registered).
    when: float | int
    summary: str
    sessions: tuple[tuple[str, str], ...] = ()  # (place, record) of each session
    terms: str = ""
    oral: bool = False
    confirmation: str = ""  # "", "pending" (applied, awaiting the ruling) or "confirmed"
    followup: str = ""
    fulfilled: bool = True
    termination: tuple[str, str] = ("", "")  # (reason, text)
    amount: tuple[int, int, int] = (0, 1, 1)  # range() of the amount in dispute
    applicant_gender: str | None = None
    checklist: tuple[str, ...] = ()  # risk items the mediator ticked when screening
    plan: str = ""  # 稳控跟进计划
    share: tuple[str, ...] = ()  # partner bodies it is shared with (信息共享): "police", "women"
    with_police: bool = False  # mediated jointly with the police station (派出所联合调解)


# Places in session plans: {office} is the office's mediation room, {v} the village's.
# fmt: off
PLANS = (
    _Plan("adjacency", DisputeType.ADJACENCY, CommitteeKind.VILLAGE, ServiceMode.ROUND,
          Stage.ARCHIVED, 0.93,
          "{a}与{b}系{v}前后邻居。{b}翻建院墙时将墙基外移约半米，占用两户之间的通道并堵塞排水沟，"
          "雨季积水漫入{a}院内。双方多次争执未果，{a}申请调解。",
          sessions=(
              ("{v}{vc}调解室",
               "调解员会同村调委会主任现场查看，外移院墙长约十二米，排水沟淤堵约八米。分别听取双方"
               "意见：{a}要求恢复通道原宽度并疏通水沟；{b}称翻建前已与{a}口头商量。调解员讲解"
               "《民法典》第二百九十六条相邻关系规定，双方同意下次在村委会面对面协商。"),
              ("{v}{vc}调解室",
               "双方到场。调解员出示宅基地使用证四至记载，{b}承认墙基外移，同意拆除外移部分并承担"
               "水沟清淤费用，{a}同意不再追究其他损失。双方当场达成书面协议。"),
          ),
          terms="一、{b}于本协议签订之日起十五日内自行拆除外移部分院墙，恢复两户之间通道原宽度一点五米；"
                "二、两户之间排水沟由{b}负责清淤疏通，费用八百元由{b}承担；三、今后双方翻建房屋、院墙"
                "应留足通道和排水空间；四、双方就本纠纷再无其他争议。",
          confirmation="confirmed",
          followup="回访时外移院墙已拆除重砌，通道和排水沟恢复畅通，双方关系缓和。"),
    _Plan("debt", DisputeType.DEBT, CommitteeKind.TOWNSHIP, ServiceMode.CLINIC,
          Stage.ARCHIVED, 0.80,
          "{b}于前年春向{a}借款{amount}元用于购买农用车，约定一年内归还。{b}至今仅归还一万元，"
          "双方对余款及利息计算有争议，{a}申请调解。",
          sessions=(
              ("{office}调解室",
               "双方到场。{a}出示借条，{b}对借款事实无异议，称因去年果品滞销暂无力一次还清。调解员"
               "释明民间借贷利率规定，建议分期归还、利息按借条约定计算，双方同意。"),
          ),
          terms="一、{b}确认尚欠{a}借款本金及利息，于今年内分三期归还，每期于当月月底前付清；"
                "二、{b}如有一期未按时足额归还，{a}可就全部余款申请司法确认后强制执行；"
                "三、双方就本借款再无其他争议。",
          followup="回访时{b}已按期归还前两期款项，第三期约定于月底前付清，双方均表示满意。",
          amount=(30000, 80000, 1000)),
    _Plan("land_swap", DisputeType.LAND_CONTRACT, CommitteeKind.VILLAGE, ServiceMode.ROUND,
          Stage.TERMINATED, 0.68,
          "{a}与{b}同为{v}{vp}，十年前口头约定互换承包地耕种，未办理变更登记。现该地块纳入土地流转"
          "范围，{b}要求换回原地块并分得流转收益，{a}不同意。",
          sessions=(
              ("{v}{vc}调解室",
               "调解员调取二轮承包合同和确权登记资料，双方各自陈述互换经过。{a}要求按实际耕种地块"
               "领取流转收益，{b}要求按确权地块领取，分歧较大。"),
              ("{office}调解室",
               "再次组织调解，提出按面积差额折价补偿的方案，{b}同意，{a}坚持不予补偿，调解未果。"),
          ),
          termination=(TerminationReason.NO_AGREEMENT,
                       "经两次调解，双方对互换地块的收益分配分歧较大，调解不成；已告知双方可向农村土地"
                       "承包仲裁委员会申请仲裁或向人民法院起诉。")),
    _Plan("support", DisputeType.FAMILY, CommitteeKind.VILLAGE, ServiceMode.ROUND,
          Stage.ARCHIVED, 0.60,
          "{a}年逾七旬，独自居住在{v}老宅，三个子女对赡养费分担和日常照料意见不一，长子{b}认为"
          "老人宅基地已分给次子，应由次子多承担，{a}申请调解。",
          sessions=(
              ("{a}家中",
               "调解员到老人家中，召集三个子女到场。讲解《民法典》关于子女赡养义务不因分家、继承"
               "而免除的规定，三个子女同意每人每月给付赡养费，轮流照料。"),
          ),
          terms="三个子女每人每月给付{a}赡养费五百元，于每月五日前交付；老人生病住院期间的医疗费用"
                "由三人平均分担，并轮流陪护。",
          oral=True,
          followup="回访时三个子女均已按月给付赡养费，老人表示满意。"),
    _Plan("labour", DisputeType.LABOUR, CommitteeKind.TOWNSHIP, ServiceMode.CONSULTATION,
          Stage.FOLLOW_UP, 0.40,
          "{a}等六名村民在{b}承建的蔬菜大棚项目务工，完工后尚有劳务费{amount}元未结清。公司称"
          "发包方工程款未到位，{a}等人多次讨要未果，申请调解。",
          sessions=(
              ("{office}调解室",
               "调解员核对考勤记录和工资条，确认欠付金额。公司负责人到场，承认欠款，称资金周转困难。"),
              ("{office}调解室",
               "会同{township}社会事务办共同调解，公司同意分两期支付，村民同意不再主张利息。"),
          ),
          terms="一、{b}于协议签订之日起十日内支付劳务费的百分之六十，余款于次月底前付清；"
                "二、逾期未付的，{a}等人可持本协议申请司法确认；三、双方就本次劳务费再无其他争议。",
          followup="回访时{b}已支付首期劳务费，余款约定于月底前付清，调解员将继续跟踪。",
          fulfilled=False),
    _Plan("property_fee", DisputeType.PROPERTY_MGMT, CommitteeKind.TOWNSHIP, ServiceMode.CLINIC,
          Stage.TERMINATED, 0.30,
          "{a}反映小区物业公司以其欠缴物业费为由停止为其家门禁卡授权，要求恢复并赔偿损失；"
          "物业公司称{a}拖欠物业费{amount}元。",
          termination=(TerminationReason.PARTY_WITHDREW,
                       "立案后物业公司已恢复门禁授权，双方就欠缴物业费自行达成分期缴纳约定，{a}撤回"
                       "调解申请。"),
          amount=(1200, 4800, 100)),
    _Plan("homestead", DisputeType.HOMESTEAD, CommitteeKind.VILLAGE, ServiceMode.ROUND,
          Stage.AGREEMENT, 0,
          "{a}与{b}宅基地相邻。{b}新建房屋的滴水檐伸入{a}宅基地上方约三十厘米，雨水直落{a}院内，"
          "双方多次争吵，{a}申请调解。",
          sessions=(
              ("{v}{vc}调解室",
               "调解员会同村调委会现场丈量，确认滴水檐越界约三十厘米。{b}称改造滴水檐费用较高，"
               "{a}要求拆除。"),
              ("{v}{vc}调解室",
               "调解员提出加装落水管、将雨水引入{b}自家排水沟的方案，双方同意，当场签订协议。"),
          ),
          terms="一、{b}于三十日内在新建房屋北侧加装落水管，雨水引入自家排水沟，不得直落{a}院内；"
                "二、费用由{b}承担；三、{a}不再要求拆除滴水檐；四、双方就本纠纷再无其他争议。",
          confirmation="pending"),
    _Plan("sheep", DisputeType.DAMAGES, CommitteeKind.VILLAGE, ServiceMode.ROUND,
          Stage.AGREEMENT, 16,
          "{b}放养的山羊多次进入{a}承包的果园，啃食新栽桃树苗四十余株，{a}要求赔偿损失{amount}元。",
          sessions=(
              ("{v}{vc}调解室",
               "调解员现场清点受损树苗，参照当地苗木价格核定损失。{b}承认山羊进入果园，同意赔偿"
               "并圈养山羊，双方达成协议。"),
          ),
          terms="一、{b}赔偿{a}树苗及补栽人工损失{amount}元，于协议签订之日起七日内付清；"
                "二、{b}今后将山羊圈养，不得放入他人承包地；三、双方就本纠纷再无其他争议。",
          amount=(1600, 4200, 100)),
    _Plan("old_house", DisputeType.INHERITANCE, CommitteeKind.TOWNSHIP, ServiceMode.CONSULTATION,
          Stage.MEDIATING, 20,
          "{a}与其兄{b}因父亲去世后留下的{v}老宅继承问题发生争执。兄弟二人多年前因分家积怨较深，"
          "近日为老宅拆迁补偿款分配再起争执，{a}申请调解。",
          sessions=(
              ("{office}调解室",
               "分别听取兄弟二人意见，{b}称父亲生前口头表示老宅归长子，{a}不认可。调解员讲解法定"
               "继承规定，建议双方提供父亲生前的书面意见或证人。"),
              ("{office}调解室",
               "邀请{v}{vc}主任和两位族亲参加，双方情绪较上次平稳，同意以评估价为基础协商补偿，"
               "约定下周再次调解。"),
          ),
          amount=(120000, 260000, 5000)),
    _Plan("dog_bite", DisputeType.DAMAGES, CommitteeKind.POLICE_JOINT, ServiceMode.CLINIC,
          Stage.APPLICATION, 0,
          "{a}之子在{v}道路上被{b}饲养的犬只咬伤，已花费医疗费{amount}元，双方对赔偿数额争议"
          "较大，经{police}移送调解。",
          amount=(2600, 7800, 100)),
    _Plan("noise", DisputeType.NEIGHBOUR, CommitteeKind.POLICE_JOINT, ServiceMode.CONSULTATION,
          Stage.INVESTIGATION, 8,
          "{a}与楼上住户{b}因深夜噪音问题长期不和，{a}多次报警，双方曾在楼道内发生争吵。",
          with_police=True),
    _Plan("family_red", DisputeType.FAMILY, CommitteeKind.TOWNSHIP, ServiceMode.EMERGENCY,
          Stage.MEDIATING, 12,
          "{a}与丈夫{b}结婚十五年。{b}长期酗酒，酒后多次殴打妻子，邻居多次报警。{a}提出离婚后，"
          "{b}扬言“要离就同归于尽”，并曾在家中持刀威胁。{a}现带孩子暂住娘家，申请调解。",
          sessions=(
              ("{office}调解室",
               "调解员与{police}民警、{township}妇联干部分别与双方谈话。{b}承认酒后动手，表示愿意"
               "戒酒；{a}坚持离婚。调解员告知{a}可申请人身安全保护令，并约定分开调解。"),
          ),
          applicant_gender=Gender.FEMALE,
          checklist=("domestic_violence", "threat_violence", "police_callouts"),
          plan="一、调解员每周与{police}社区民警共同走访一次，掌握{b}情绪和饮酒情况；"
               "二、{township}妇联协助{a}向人民法院申请人身安全保护令；"
               "三、{v}网格员每日关注{b}动向，发现异常立即报告派出所；"
               "四、下次调解前先行评估风险，必要时由民警在场。",
          share=("police", "women")),
)
# fmt: on

# Days after the opening: the first session, then one every five days; a court confirmation is
# applied for five days after the agreement and ruled twelve days later; the follow-up visit
# comes 25 days after the agreement and the archive two days after that.
FIRST_SESSION = 3
SESSION_EVERY = 5
CONFIRMATION_APPLIED = 5
CONFIRMATION_RULED = 12
FOLLOWUP_AFTER = 25


def load(office: DemoOffice) -> None:
    disputes = office.records.get("intake.disputes", {})
    stories = []
    for index, plan in enumerate(PLANS):
        # Every draw comes before the write, so a case left out shifts no other case's people.
        applicant = office.person(gender=plan.applicant_gender)
        respondent = office.person()
        words = {
            "a": applicant["name"],
            "b": respondent["name"],
            **office.village(),
            "amount": office.rng.randrange(*plan.amount),
        }
        dispute = disputes.get(plan.key)
        if dispute is not None:
            words.update({k: dispute["words"][k] for k in ("a", "b", "v", "vp", "vc", "amount")})
            registered = timezone.localtime(dispute["matter"].created_at).date()
            opened = min(registered + dt.timedelta(days=office.dates.randint(1, 2)), office.today)
        else:
            opened = office.day(plan.when)
        stories.append((opened, index, plan, applicant, respondent, dispute, words))
    # Opened oldest first, so the case numbers run in the order of the dates.
    for opened, _index, plan, applicant, respondent, dispute, words in sorted(
        stories, key=lambda story: story[:2]
    ):
        office.attempt(_case, office, plan, opened, applicant, respondent, dispute, words)


def _case(
    office: DemoOffice,
    plan: _Plan,
    opened: dt.date,
    applicant: dict,
    respondent: dict,
    dispute: dict | None,
    words: dict,
) -> Case:
    mediator = office.accounts["mediator"]
    words = {
        **words,
        "township": office.unit.township_name,
        "police": office.police.name,
        "office": office.unit.name,
    }
    committee = {
        CommitteeKind.VILLAGE: f"{words['v']}人民调解委员会",
        CommitteeKind.TOWNSHIP: f"{office.unit.township_name}人民调解委员会",
        CommitteeKind.POLICE_JOINT: f"{office.police.name}驻所人民调解室",
    }[plan.committee]
    story = _Story(office, dispute["matter"] if dispute else None)
    story.at(opened)
    case = services.case_open(
        actor=mediator,
        unit=office.unit,
        dispute_type=plan.dispute_type,
        summary=plan.summary.format(**words),
        committee_kind=plan.committee,
        committee_name=committee,
        mediators=[mediator, office.accounts["police"]] if plan.with_police else [mediator],
        applicants=[applicant],
        respondents=dispute["respondents"] if dispute else [respondent],
        amount=Decimal(words["amount"]),
        service_mode=plan.mode,
        matter=dispute["matter"] if dispute else None,
    )
    story.case = case
    story.stamp()
    if plan.checklist:
        case = services.case_screen_risk(actor=mediator, case=case, checklist=list(plan.checklist))
    if plan.plan:
        case = services.case_set_followup_plan(
            actor=mediator,
            case=case,
            plan=plan.plan.format(**words),
            due=office.today + dt.timedelta(days=office.dates.randint(3, 7)),
        )
    for partner in plan.share:
        services.case_share_with_partner(
            actor=mediator,
            case=case,
            partner={"police": office.police, "women": office.women}[partner],
        )
    if plan.stage == Stage.APPLICATION:
        return case
    case = services.case_advance(actor=mediator, case=case)
    day = opened
    for number, (place, record) in enumerate(plan.sessions):
        day = story.at(opened + dt.timedelta(days=FIRST_SESSION + SESSION_EVERY * number))
        attendees = f"{words['a']}、{words['b']}，调解员{mediator.display_name}"
        services.session_add(
            actor=mediator,
            case=case,
            held_on=day,
            place=place.format(**words),
            attendees=attendees,
            record=record.format(**words),
        )
    if plan.termination[0]:
        ended = story.at(day + dt.timedelta(days=2))
        case = services.case_terminate(
            actor=mediator,
            case=case,
            reason=plan.termination[0],
            text=plan.termination[1].format(**words),
            notified_on=ended,
        )
        story.stamp()
        return case
    if not plan.terms:
        return case
    agreed = day
    case = services.case_record_agreement(
        actor=mediator,
        case=case,
        terms=plan.terms.format(**words),
        agreed_on=agreed,
        oral=plan.oral,
    )
    court = office.court_name
    if plan.confirmation:
        story.at(agreed + dt.timedelta(days=CONFIRMATION_APPLIED))
        case = services.case_record_confirmation(
            actor=mediator, case=case, outcome=ConfirmationOutcome.PENDING, court=court
        )
    if plan.confirmation == "confirmed":
        story.at(agreed + dt.timedelta(days=CONFIRMATION_APPLIED + CONFIRMATION_RULED))
        case = services.case_record_confirmation(
            actor=mediator, case=case, outcome=ConfirmationOutcome.CONFIRMED, court=court
        )
    if plan.stage == Stage.AGREEMENT:
        return case
    visited = story.at(agreed + dt.timedelta(days=FOLLOWUP_AFTER))
    services.followup_add(
        actor=mediator,
        case=case,
        visited_on=visited,
        fulfilled=plan.fulfilled,
        note=plan.followup.format(**words),
    )
    if plan.stage == Stage.ARCHIVED:
        story.at(visited + dt.timedelta(days=2))
        case = services.case_archive(actor=mediator, case=case)
        story.stamp()
    return case


class _Story:
    """The days of one case, in order and never after today, and its time stamps moved back to
    them. The services stamp a case's opening and closing with "now"; the demo moves those stamps
    back to the days it tells of (and the intake matter's, when the case came from one). Dates
    that deadlines count from (the agreement's) are passed to the services, not moved."""

    def __init__(self, office: DemoOffice, matter) -> None:
        self.office = office
        self.matter = matter
        self.case: Case | None = None
        self.moment: dt.datetime | None = None

    def at(self, day: dt.date) -> dt.date:
        day = min(day, self.office.today)
        if self.moment is not None:
            day = max(day, timezone.localtime(self.moment).date())
        moment = self.office.moment(day)
        self.moment = moment if self.moment is None else max(moment, self.moment)
        return day

    def stamp(self) -> None:
        at = self.moment
        if self.case is not None:
            Case.objects.filter(pk=self.case.pk, created_at__gt=at).update(created_at=at)
            Case.objects.filter(pk=self.case.pk, closed_at__gt=at).update(closed_at=at)
        if self.matter is not None:
            backdate_matter(self.matter, at)
