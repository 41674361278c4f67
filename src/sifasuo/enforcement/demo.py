"""Demo records of 行政执法监督 for each sample office, written through the line's services: the
township's enforcers (one card about to expire, one expired), its enforcement files with the
三项制度 in different states, a major decision held until its 法制审核 passed, a finished 案卷评查
by a three-person team (the county's supervisor, the office's judicial assistant and its legal
advisor) with its 评查意见 and 整改 items, one evaluation still being scored, a 每月说案 kept as a
teaching item, and the county's published 裁量基准 with two calculations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core.actors import DEMO
from sifasuo.core.demo import DemoOffice
from sifasuo.core.documents import DOCX, OfficialDocument
from sifasuo.core.models import User
from sifasuo.reviews import services as review_services
from sifasuo.reviews.models import Conclusion, Finding, ReviewKind, ReviewStatus

from . import default_standard, services
from .models import (
    DiscretionStandard,
    EnforcementCase,
    FactorKind,
    ScoringItem,
    ScoringStandard,
    StandardStatus,
)

# The county's benchmark: 露天焚烧秸秆 under 大气污染防治法 (2018) 第七十七条 and 第一百一十九条第一款
# (五百元以上二千元以下), a power commonly delegated to the township's 综合行政执法.
OFFENCE = "在禁烧区域内露天焚烧秸秆、落叶等产生烟尘污染的物质"
# fmt: off
TIERS = (
    ("轻微", "焚烧面积小，经劝阻立即熄灭，未造成明显烟尘污染", 500, 1000),
    ("一般", "焚烧面积较大或者持续时间较长，造成一定烟尘污染", 1000, 1500),
    ("严重", "在重污染天气预警期间焚烧，或者造成交通、火灾隐患等较重后果", 1500, 2000),
)
FACTORS = (
    (FactorKind.EXEMPT, "违法行为轻微并及时改正，没有造成危害后果", "行政处罚法第三十三条第一款"),
    (FactorKind.MAY_EXEMPT, "初次违法且危害后果轻微并及时改正", "行政处罚法第三十三条第一款"),
    (FactorKind.LIGHTER, "主动消除或者减轻违法行为危害后果", "行政处罚法第三十二条第（一）项"),
    (FactorKind.REDUCED, "受他人胁迫或者诱骗实施违法行为", "行政处罚法第三十二条第（二）项"),
    (FactorKind.HEAVIER, "一年内因同一违法行为受过处罚", "本基准从重情节"),
    (FactorKind.HEAVIER, "拒不听从劝阻、阻碍执法人员制止", "本基准从重情节"),
)
# fmt: on
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["建国", "海涛", "秀兰", "志强", "晓东", "丽娟", "文斌", "春梅", "国庆", "玉芳"]


def load(office: DemoOffice) -> None:
    head = office.accounts["head"]
    units = office.business[:2] if len(office.business) > 1 else office.business * 2
    enforcers = _enforcers(office, head, units)
    cases = _cases(office, head, units, enforcers)
    office.attempt(_evaluations, office, cases)
    office.attempt(_discussion, office, head, units[0], cases.get("burning"))
    office.attempt(_benchmark, office, cases.get("burning"))


def _person(office: DemoOffice, n: int) -> str:
    return office.rng.choice(SURNAMES) + GIVEN[(office.number * 3 + n) % len(GIVEN)]


def _enforcers(office, head, units) -> list:
    today = office.today
    # (department index, issued days back, expires days ahead)
    plans = ((0, 1400, 700), (0, 1000, 35), (0, 1500, -20), (1, 900, 900), (1, 400, 1400))
    people = []
    for n, (dept, issued, expires) in enumerate(plans):
        enforcer = services.enforcer_create(
            actor=head,
            department=units[dept],
            name=_person(office, n),
            card_number=f"37{office.county.division_code[2:6]}{office.number:02d}{n + 1:04d}",
            card_issued_on=today - dt.timedelta(days=issued),
            card_expires_on=today + dt.timedelta(days=expires),
            phone=office.people.mobile(),
        )
        services.training_record(
            actor=head, enforcer=enforcer, year=today.year, hours=Decimal(12 + 8 * (n % 3))
        )
        people.append(enforcer)
    return people


def _cases(office, head, units, enforcers) -> dict[str, EnforcementCase]:
    year = office.today.year
    short = office.core
    valid = [e for e in enforcers if e.card_expires_on >= office.today]
    expired = [e for e in enforcers if e.card_expires_on < office.today]
    village = office.rng.choice(office.villages).name
    found: dict[str, EnforcementCase] = {}

    def make(key, n, *, kind, title, party, back, members, decided=None, **flags):
        opened = office.day(back)
        case = services.case_create(
            actor=head,
            department=members[0].department,
            kind=kind,
            number=f"{short}综执{'罚强许'[['penalty', 'coercion', 'licensing'].index(kind)]}"
            f"〔{year}〕{n}号",
            title=title,
            party_name=party,
            opened_on=opened,
            violation_on=opened - dt.timedelta(days=3) if kind == "penalty" else None,
            enforcers=members,
            major=flags.pop("major", False),
        )
        if flags:
            case = services.case_update_systems(
                actor=head,
                case=case,
                published=flags.get("published", False),
                recorded=flags.get("recorded", False),
                legal_review_required=case.legal_review_required,
            )
        if decided:
            case = services.case_decide(
                actor=head,
                case=case,
                decided_on=min(opened + dt.timedelta(days=decided[0]), office.today),
                decision=decided[1],
                fine=Decimal(decided[2]) if decided[2] is not None else None,
            )
        found[key] = case
        return case

    office.attempt(
        partial(
            make,
            "burning",
            1,
            kind="penalty",
            title=f"{_person(office, 7)}在{village}禁烧区露天焚烧秸秆案",
            party=_person(office, 7),
            back=0.5,
            members=valid[:2],
            decided=(20, "责令改正，罚款一千元", 1000),
            published=True,
            recorded=True,
        )
    )
    office.attempt(
        partial(
            make,
            "stall",
            2,
            kind="penalty",
            title=f"{office.names.get('company', short + '某商贸有限公司')}占道堆放物料案",
            party=office.names.get("company", short + "某商贸有限公司"),
            back=0.3,
            members=valid[1:3],
            decided=(15, "责令限期清除，罚款五百元", 500),
            published=True,
        )
    )
    office.attempt(
        partial(
            make,
            "expired",
            3,
            kind="penalty",
            title=f"{_person(office, 8)}擅自占用村道晾晒作物案",
            party=_person(office, 8),
            back=12,
            members=[valid[0], *expired[:1]],
        )
    )
    office.attempt(
        partial(
            make,
            "seizure",
            1,
            kind="coercion",
            title=f"扣押{_person(office, 9)}违规经营工具案",
            party=_person(office, 9),
            back=0.2,
            members=valid[2:4] or valid[:2],
            decided=(5, "扣押经营工具三件，期限三十日", None),
            recorded=False,
            published=True,
        )
    )
    office.attempt(_major_case, office, head, valid, found, year)
    return found


def _review_file(title: str) -> SimpleUploadedFile:
    document = OfficialDocument(title)
    document.paragraph("拟作出的行政执法决定、事实、证据和法律依据。")
    return SimpleUploadedFile(f"{title}.docx", document.to_bytes(), content_type=DOCX)


def _major_case(office, head, valid, found, year) -> None:
    """A major decision: its 法制审核 (reviews line) passed before the decision was recorded,
    and a second one still waiting for its review, so no decision yet (行政处罚法 第五十八条)."""
    department = valid[0].department
    opened = office.day(0.4)
    title = f"{office.core}某建材经营部违法占地堆放建材案"
    case = services.case_create(
        actor=head,
        department=department,
        kind="penalty",
        number=f"{office.core}综执罚〔{year}〕4号",
        title=title,
        party_name=f"{office.core}某建材经营部",
        opened_on=opened,
        violation_on=opened - dt.timedelta(days=10),
        enforcers=valid[:2],
        major=True,
    )
    submitted = opened + dt.timedelta(days=20)
    review = review_services.review_submit(
        actor=head,
        department=department,
        title=f"重大行政执法决定法制审核：{title}",
        kind=ReviewKind.MAJOR_ENFORCEMENT,
        drafting_unit=department.name,
        upload=_review_file(title),
        submitted_on=submitted,
    )
    services.case_link_review(actor=head, case=case, review=review)
    assistant = office.accounts["assistant"]
    review = review_services.review_accept(actor=assistant, review=review, on=submitted)
    review = review_services.review_record_review(
        actor=assistant,
        review=review,
        assistant_opinion="执法主体适格，事实清楚，证据确实充分，程序合法，处罚幅度适当。",
    )
    for finding in review.findings.filter(decision=Finding.Decision.OPEN):
        review_services.finding_decide(
            actor=assistant, finding=finding, accept=False, reason="经审查，本案不存在该问题。"
        )
    notice = review_services.law_article_save(
        actor=assistant,
        law="行政处罚法",
        article="第四十四条",
        summary="作出行政处罚决定前告知拟处罚的内容及事实、理由、依据和陈述、申辩、要求听证等权利",
    )
    review = review_services.review_issue_opinion(
        actor=assistant,
        review=review,
        conclusion=Conclusion.LEGAL_AFTER_CHANGES,
        points=[("事先告知书须载明当事人陈述、申辩的期限和要求听证的权利。", notice)],
        on=submitted + dt.timedelta(days=3),
    )
    if review.status == ReviewStatus.AWAITING_SIGN_OFF:  # the head issues it (签发)
        review = review_services.review_sign_off(
            actor=head, review=review, on=submitted + dt.timedelta(days=3)
        )
    for point in review.points.all():
        review_services.point_answer(
            actor=head, point=point, answer="done", text="已补正事先告知书并重新送达。"
        )
    services.case_update_systems(
        actor=head, case=case, published=True, recorded=True, legal_review_required=True
    )
    found["major"] = services.case_decide(
        actor=head,
        case=case,
        decided_on=min(submitted + dt.timedelta(days=5), office.today),
        decision="责令退还非法占用的土地，限期拆除堆放设施",
        fine=None,
    )
    # The next one waits for its review: recording the decision is refused until it passes.
    services.case_create(
        actor=head,
        department=department,
        kind="penalty",
        number=f"{office.core}综执罚〔{year}〕5号",
        title=f"{office.core}某养殖场未按规定处置废弃物案",
        party_name=f"{office.core}某养殖场",
        opened_on=office.day(10),
        violation_on=office.day(14),
        enforcers=valid[:2],
        major=True,
    )


def _team(office: DemoOffice) -> list[User]:
    county = User.objects.filter(unit=office.county, role="supervisor", is_active=True).first()
    team = [office.accounts["assistant"], office.accounts["advisor"]]
    return [county or office.accounts["head"], *team]


def _default_standard() -> ScoringStandard:
    """The platform's default standard (its data migration loads it; a flushed database gets it
    back here)."""
    default_standard.load(ScoringStandard, ScoringItem, on=default_standard.PUBLISHED_ON)
    return ScoringStandard.objects.get(
        family=default_standard.FAMILY, status=StandardStatus.PUBLISHED
    )


def _hits(standard: ScoringStandard, wanted: dict[int, int]) -> dict[int, int]:
    """Item id → defects, from the items' numbers in the standard."""
    items = {i.seq: i.pk for i in ScoringItem.objects.filter(standard=standard)}
    return {items[seq]: n for seq, n in wanted.items()}


def _item(standard: ScoringStandard, seq: int) -> int:
    return ScoringItem.objects.get(standard=standard, seq=seq).pk


def _evaluations(office, cases) -> None:
    standard = _default_standard()
    team = _team(office)
    burning, stall = cases.get("burning"), cases.get("stall")
    if burning is not None:
        evaluation = services.evaluation_create(
            actor=team[0], case=burning, standard=standard, reviewers=team
        )
        # Three independent sheets that differ on two items.
        sheets = (
            {10: 1, 14: 1, 17: 1},
            {10: 2, 14: 1, 22: 1},
            {10: 1, 14: 1, 17: 1, 22: 1},
        )
        for person, wanted in zip(team, sheets, strict=True):
            services.evaluation_score(
                actor=person,
                evaluation=evaluation,
                hits=_hits(standard, wanted),
                notes={_item(standard, 10): "询问笔录缺当事人逐页签名"},
            )
        evaluation = services.evaluation_agree(
            actor=team[1],
            evaluation=evaluation,
            hits=_hits(standard, {10: 1, 14: 1, 17: 1, 22: 1}),
            note="经合议，第17项（出示执法证件）和第22项（事先告知）扣分成立。",
            on=min(burning.decided_on + dt.timedelta(days=30), office.today),
        )
        issued = evaluation.agreed_on
        services.evaluation_issue(
            actor=team[1],
            evaluation=evaluation,
            opinion="该案卷总体规范。询问笔录签名不全、证据材料未注明来源、调查时未记录出示执法证件、"
            "告知书未载明陈述申辩期限，请对照评查标准整改，并在今后办案中规范执法文书制作。",
            rectifications=[
                (
                    "补齐询问笔录当事人逐页签名，证据材料注明来源和收集时间",
                    issued + dt.timedelta(days=15),
                ),
                ("修订行政处罚事先告知书格式，载明陈述、申辩期限", issued + dt.timedelta(days=400)),
            ],
            on=issued,
        )
    if stall is not None:
        evaluation = services.evaluation_create(
            actor=team[0], case=stall, standard=standard, reviewers=team
        )
        services.evaluation_score(
            actor=team[1],
            evaluation=evaluation,
            hits=_hits(standard, {13: 2}),
        )


def _discussion(office, head, department, case) -> None:
    services.discussion_create(
        actor=head,
        department=case.department if case is not None else department,
        case=case,
        held_on=office.day(0.3),
        case_summary="当事人在禁烧区露天焚烧秸秆，执法队员到场制止后立案调查，作出罚款决定。",
        issue="当事人当场熄灭火源并清理现场，是否属于“主动消除或者减轻违法行为危害后果”应当从轻处罚；"
        "首违不罚清单是否适用。",
        conclusion="当事人经劝阻后才熄灭火源，不属于主动消除危害后果；已造成烟尘污染，不符合首违不罚"
        "条件。按裁量基准“一般”阶次处罚适当。今后事先告知书须载明陈述、申辩期限。",
        attendees=f"{head}、{office.accounts['assistant']}、{office.accounts['advisor']}及执法队员",
        attendance=9,
        teaching=True,
        teaching_title="秸秆焚烧案件中从轻情节的认定",
    )
    services.discussion_create(
        actor=head,
        department=department,
        held_on=office.day(0.6),
        case_summary="科室近期办理的占道经营案件卷宗。",
        issue="先行登记保存物品的审批和七日内处理要求。",
        conclusion="先行登记保存须经负责人批准并在七日内作出处理决定（行政处罚法第五十六条）。",
        attendees="执法队员、司法所工作人员",
        attendance=6,
    )


def _benchmark(office, case) -> None:
    benchmark = DiscretionStandard.objects.filter(unit=office.county, offence=OFFENCE).first()
    if benchmark is None:
        benchmark = services.benchmark_create(
            actor=DEMO,
            unit=office.county,
            offence=OFFENCE,
            violated="《中华人民共和国大气污染防治法》第七十七条",
            penalty_basis="《中华人民共和国大气污染防治法》第一百一十九条第一款",
            statutory_range="责令改正，可以处五百元以上二千元以下的罚款",
        )
        for name, condition, low, high in TIERS:
            services.benchmark_tier_add(
                actor=DEMO,
                standard=benchmark,
                name=name,
                condition=condition,
                fine_min=Decimal(low),
                fine_max=Decimal(high),
            )
        for kind, text, basis in FACTORS:
            services.benchmark_factor_add(
                actor=DEMO, standard=benchmark, kind=kind, text=text, basis=basis
            )
        services.benchmark_publish(
            actor=DEMO,
            standard=benchmark,
            published_on=office.day(200),
            publication=f"{office.county.name.removesuffix('司法局')}人民政府门户网站·行政处罚裁量基准公示",
        )
    # The office's own draft for another offence, not yet published (so not applicable).
    services.benchmark_create(
        actor=office.accounts["head"],
        unit=office.unit,
        offence="未经批准在村道两侧堆放杂物",
        violated="（待核定）",
        penalty_basis="（待核定）",
        statutory_range="（待核定）",
    )
    tiers = list(benchmark.tiers.all())
    factors = {f.kind: f for f in benchmark.factors.all()}
    head = office.accounts["head"]
    services.calculation_create(
        actor=head,
        standard=benchmark,
        tier=tiers[1],
        factors=[],
        case=case,
        facts="在禁烧区焚烧秸秆约两亩，烟尘影响村道通行。",
        decided_amount=Decimal(1000),
        unit=office.unit,
    )
    services.calculation_create(
        actor=head,
        standard=benchmark,
        tier=tiers[1],
        factors=[factors[FactorKind.LIGHTER]],
        facts="焚烧秸秆约一亩半，当事人主动扑灭并清理现场。",
        decided_amount=Decimal(800),
        reason="当事人系七十岁以上老人且家庭困难，经集体讨论，在本阶次下限以下决定。",
        unit=office.unit,
    )
