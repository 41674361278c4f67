"""A seeded generator of realistic village contracts with their ground-truth findings.

Used by the tests and the benchmark. Each :class:`Sample` is drafted in one of several styles
(土地经营权流转合同, 土地租赁合同, 坑塘承包合同, 厂房租赁合同, 四荒地拍卖承包合同, 林地/果园承包合同,
集体经营性建设用地租赁合同 and short handwritten-style 租地协议), with Chinese numerals, 大写
amounts and several date styles, and with hard negatives (exactly 20-year leases, documented
two-thirds consent, 3 years paid at once, prices just above the threshold, negated uses).

The labels come from the drafting choices, not from the engine. Both are written by the same
people, so the benchmark measures consistency with these drafting styles, not accuracy on real
contracts.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from os import PathLike
from pathlib import Path

import cn2an

from .numerals import add_years
from .prices import PriceTable, parse_price_rows

__all__ = [
    "RULE_CODES",
    "Sample",
    "generate",
    "reference_price_rows",
    "reference_prices",
    "write_corpus",
    "write_reference_prices",
]

RULE_CODES = (
    "term_over_limit",
    "low_price",
    "lump_sum_prepayment",
    "no_democratic_procedure",
    "use_change",
    "missing_clauses",
    "unsigned",
    "buyback_clause",
)
AS_OF = date(2025, 6, 30)

TOWNSHIPS = (
    "河山镇", "后村镇", "西湖镇", "三庄镇", "南湖镇", "涛雒镇", "陈疃镇", "碑廓镇", "黄墩镇",
    "巨峰镇", "中楼镇", "潮河镇",
)  # fmt: skip
COUNTIES = ("东港区", "岚山区", "五莲县", "莒县")
VILLAGES = (
    "西村", "东村", "王家庄", "李家庄", "大岭", "后河", "前河", "北山", "南坡", "张家沟", "马庄",
    "刘家村", "杨树沟", "石岭", "沟头", "河东", "河西", "徐家庄", "孙家岭", "朱家村", "小官庄",
    "北岭", "前店", "后店", "高家庄", "赵家村", "花岩", "黄泥沟", "柳树庄", "青山",
)  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国明华军强伟芳秀英玉兰志刚海涛春生永胜德福国庆立新振华红霞桂英长青学文"
COMPANY_PREFIX = ("绿源", "丰禾", "润田", "金穗", "鑫达", "恒泰", "海润", "瑞丰", "宏远", "盛源")
COMPANY_TRADE = ("农业发展", "生态农业", "食品", "建材", "物流", "机械制造", "水产养殖", "苗木")

# Reference price (yuan per 亩 or per m² per year) around which each township's price is drawn.
BASE_PRICES = {
    "耕地": 800, "园地": 1000, "林地": 200, "草地": 150, "坑塘水面": 700, "四荒地": 100,
    "集体建设用地": 4000, "厂房": 96, "设施": 48,
}  # fmt: skip


@dataclass(frozen=True)
class Sample:
    """One generated contract and the rule codes that truly apply to it."""

    name: str
    text: str
    labels: frozenset[str]
    style: str
    facts: dict = field(default_factory=dict, compare=False)

    @property
    def problem(self) -> bool:
        return bool(self.labels)


def reference_price_rows() -> list[list[str]]:
    """The sample reference-price table: a row per township and type, plus county defaults."""
    rows = [["乡镇", "类型", "参考价格（元/亩/年，厂房和设施为元/平方米/年）"]]
    for kind, base in BASE_PRICES.items():
        rows.append(["全县", kind, str(base)])
    for township in TOWNSHIPS:
        rng = random.Random(f"price:{township}")
        for kind, base in BASE_PRICES.items():
            rows.append([township, kind, str(round(base * rng.uniform(0.85, 1.25)))])
    return rows


def reference_prices() -> PriceTable:
    return parse_price_rows(reference_price_rows(), "样例参考价格表")


def write_reference_prices(path: str | PathLike[str]) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(reference_price_rows())
    return path


# --- numerals as contracts write them ------------------------------------------------------------

_DIGITS = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    return cn2an.an2cn(n, "low")


def _upper_money(n: int) -> str:
    return cn2an.an2cn(n, "up") + "元整"


def _cn_date(d: date) -> str:
    year = "".join(_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_cn(d.month)}月{_cn(d.day)}日"


class _Draft:
    """Random drafting choices for one contract."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.date_style = rng.choices(["arabic", "chinese", "dots", "dash"], [5, 3, 1, 1])[0]
        self.numbering = rng.choice(["第{}条 ", "{}、", "{}. ", "（{}）"])
        self.spaced = rng.random() < 0.2  # "甲    方：" aligned with spaces

    def label(self, label: str) -> str:
        if self.spaced and label in {"甲方", "乙方"}:
            return f"{label[0]}    {label[1]}"
        return label

    def day(self, d: date) -> str:
        if self.date_style == "chinese":
            return _cn_date(d)
        if self.date_style == "dots":
            return f"{d.year}.{d.month}.{d.day}"
        if self.date_style == "dash":
            return d.isoformat()
        return f"{d.year}年{d.month}月{d.day}日"

    def number(self, n: int, *, upper: bool = False) -> str:
        style = self.rng.choices(["arabic", "chinese"], [3, 1])[0]
        if style == "chinese":
            return cn2an.an2cn(n, "up" if upper else "low")
        return str(n)

    def money(self, amount: float) -> str:
        if abs(amount - round(amount)) > 1e-9:
            return f"{amount:.2f}元"
        n = int(round(amount))
        style = self.rng.choices(["arabic", "comma", "upper", "both", "wan"], [4, 2, 2, 2, 1])[0]
        if style == "comma":
            return f"{n:,}元"
        if style == "upper" and n > 0:
            return _upper_money(n)
        if style == "both" and n > 0:
            return f"人民币{_upper_money(n)}（¥{n}元）"
        if style == "wan" and n >= 10000 and n % 1000 == 0:
            return f"{n / 10000:g}万元"
        return f"{n}元"

    def article(self, index: int, text: str) -> str:
        label = str(index) if self.numbering == "{}. " else _cn(index)
        return self.numbering.format(label) + text

    def person(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
        return self.rng.choice(SURNAMES) + given


# --- the generator ------------------------------------------------------------------------------

_STYLES = {
    "transfer": 20,
    "land_lease": 22,
    "pond": 10,
    "factory": 10,
    "wasteland": 8,
    "handwritten": 8,
    "forest": 6,
    "orchard": 6,
    "construction": 6,
}
_STYLE_TITLES = {
    "transfer": ("土地经营权流转合同", "农村土地经营权流转合同", "土地承包经营权流转合同"),
    "land_lease": ("土地租赁合同", "集体土地租赁合同", "农村土地租赁合同书"),
    "pond": ("坑塘承包合同", "鱼塘承包合同", "坑塘水面承包合同书"),
    "factory": ("厂房租赁合同", "村集体厂房租赁合同"),
    "wasteland": ("四荒地拍卖承包合同", "荒山拍卖承包合同", "“四荒”资源承包合同"),
    "handwritten": ("租地协议", "租地协议书", "土地租赁协议"),
    "forest": ("林地承包合同", "集体林地承包合同"),
    "orchard": ("果园承包合同", "集体果园承包合同书"),
    "construction": ("集体经营性建设用地租赁合同", "集体建设用地租赁合同"),
}
_ASSET = {
    "transfer": ("耕地", ("耕地", "水浇地", "承包地")),
    "land_lease": ("耕地", ("耕地", "水浇地", "旱地")),
    "pond": ("坑塘水面", ("坑塘", "鱼塘")),
    "factory": ("厂房", ("厂房",)),
    "wasteland": ("四荒地", ("荒山", "荒滩", "荒沟")),
    "handwritten": ("耕地", ("耕地", "承包地")),
    "forest": ("林地", ("林地", "山林")),
    "orchard": ("园地", ("果园",)),
    "construction": ("集体建设用地", ("集体经营性建设用地",)),
}
_KIND = {
    "transfer": "transfer",
    "land_lease": "lease",
    "pond": "contracting",
    "factory": "lease",
    "wasteland": "contracting",
    "handwritten": "lease",
    "forest": "contracting",
    "orchard": "contracting",
    "construction": "lease",
}
_AG_USES = {
    "耕地": ("种植粮食作物", "种植蔬菜", "种植小麦、玉米等农作物", "建设蔬菜大棚，种植反季节蔬菜",
             "种植中药材", "种植花生、地瓜"),
    "坑塘水面": ("养殖鱼类", "水产养殖", "养殖鱼虾及莲藕种植"),
    "四荒地": ("植树造林", "栽植经济林", "种植板栗、核桃等干果"),
    "林地": ("林木培育和林下种植", "营造经济林", "种植苗木"),
    "园地": ("果树种植和管理", "种植苹果、桃等果树", "茶叶种植"),
}  # fmt: skip
_NON_AG_USES = (
    "建设厂房从事农产品加工", "建设仓库用于仓储物流", "建设加工厂", "开办餐饮和停车场",
    "硬化后用作停车场", "建设砖厂", "取土、采砂", "建房经营商铺",
)  # fmt: skip
_CONTRACTING_CAPS = {"耕地": 30, "草地": 50, "林地": 70}
_VERB = {"lease": "租赁", "transfer": "流转", "contracting": "承包"}
_BOILERPLATE = (
    "因不可抗力致使本合同不能履行的，双方互不承担责任，但应及时通知对方。",
    "合同履行期间，任何一方不得擅自变更本合同；确需变更的，双方协商一致后签订书面补充协议，"
    "补充协议与本合同具有同等法律效力。",
    "乙方在生产中应遵守安全生产、防火、防汛等规定，因乙方原因发生的安全事故由乙方自行负责。",
    "双方确认的通知送达地址为本合同首部所载地址，一方变更地址的，应及时书面通知对方。",
    "本合同未尽事宜，由双方另行协商，签订补充协议。",
    "甲方应协调处理乙方生产过程中与周边村民发生的矛盾，为乙方提供必要的便利条件。",
    "乙方不得将标的物转租、转包给第三方；确需再流转的，应当取得甲方书面同意。",
    "双方应当遵守国家法律法规和本村村规民约，共同维护良好的生产秩序。",
    "乙方应当按照国家有关规定办理相关证照，依法经营，照章纳税，因乙方经营产生的债权债务由乙方自行承担。",
    "一方需要通知对方的，应当以书面形式送达；对方拒收的，视为已经送达。",
)
_RIGHTS = (
    "甲方的权利和义务：按合同约定将标的物交付乙方，监督乙方依约经营，不得干涉乙方正常的生产经营活动。"
    "乙方的权利和义务：依法享有生产经营自主权和收益权，爱护标的物。",
    "甲方的权利和义务：（一）有权监督乙方按照合同约定经营，制止乙方损害标的物的行为；（二）按照合同约定"
    "的时间将标的物交付乙方；（三）尊重乙方的生产经营自主权，不得干涉乙方依法进行的正常生产经营活动；"
    "（四）协助乙方协调与周边群众的关系。乙方的权利和义务：（一）依法享有生产经营自主权、产品处置权和"
    "收益权；（二）合理利用标的物，不得给标的物造成永久性损害；（三）按照合同约定履行各项义务；（四）合同"
    "期内不得擅自将标的物转让给第三方。",
)
_LAND_BOILERPLATE = (
    "乙方应当保护生态环境，合理使用化肥、农药，防止土壤污染和水土流失。",
    "乙方需要在土地上修建看护房、晒场等附属设施的，应当依法办理相关手续。",
)


def generate(
    count: int, seed: int = 0, *, clean_share: float = 0.0, noise_share: float = 0.0
) -> Iterator[Sample]:
    """``count`` labelled contracts; the same seed always gives the same contracts.

    ``clean_share`` of them are drafted with no problem at all (the rest draw each problem with
    its own probability), to set how many problem contracts the corpus holds. ``noise_share`` of
    them are degraded the way copied or recognised text is (hard line wraps, stray spaces, look-
    alike characters); their labels stay the truth, so noise shows what the engine then misses.
    """
    prices = reference_prices()
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        sample = _contract(rng, index, prices, clean=rng.random() < clean_share)
        if rng.random() < noise_share:
            sample = Sample(
                sample.name, _noisy(rng, sample.text), sample.labels, sample.style, sample.facts
            )
        yield sample


_LOOK_ALIKE = {
    "〇": "O",
    "日": "曰",
    "已": "己",
    "：": ":",
    "；": ";",
    "0": "O",
    "1": "l",
    "元": "无",
}


def _noisy(rng: random.Random, text: str) -> str:
    """Text as it comes out of a copy from PDF or a recognised scan."""
    if rng.random() < 0.6:  # hard wraps at a fixed width
        width = rng.randint(28, 40)
        lines = []
        for line in text.split("\n"):
            lines += [line[i : i + width] for i in range(0, len(line), width)] or [""]
        text = "\n".join(lines)
    chars = list(text)
    for index, char in enumerate(chars):
        roll = rng.random()
        if roll < 0.01 and char in _LOOK_ALIKE:
            chars[index] = _LOOK_ALIKE[char]
        elif roll < 0.02 and "\u4e00" <= char <= "\u9fff":
            chars[index] = char + " "
    return "".join(chars)


def write_corpus(
    folder: str | PathLike[str],
    count: int,
    seed: int = 0,
    *,
    gbk_share: float = 0.2,
    clean_share: float = 0.0,
) -> Path:
    """Write ``count`` contracts as .txt (some in GBK) under ``folder`` plus ``labels.jsonl``.

    Returns the labels file, which sits beside the folder so a review of the folder skips it.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    labels_path = folder.parent / f"{folder.name}.labels.jsonl"
    rng = random.Random(f"encoding:{seed}")
    with labels_path.open("w", encoding="utf-8") as labels:
        for sample in generate(count, seed, clean_share=clean_share):
            path = folder / sample.name
            path.parent.mkdir(parents=True, exist_ok=True)
            encoding = "gb18030" if rng.random() < gbk_share else "utf-8"
            path.write_bytes(sample.text.encode(encoding))
            labels.write(
                json.dumps(
                    {"file": sample.name, "labels": sorted(sample.labels), "style": sample.style},
                    ensure_ascii=False,
                )
                + "\n"
            )
    return labels_path


def _contract(rng: random.Random, index: int, prices: PriceTable, *, clean: bool) -> Sample:
    style = rng.choices(list(_STYLES), list(_STYLES.values()))[0]
    draft = _Draft(rng)
    if style == "handwritten" and not clean:
        text, labels, facts = _handwritten(rng, draft, prices)
    else:
        if style == "handwritten":
            style = "land_lease"
        text, labels, facts = _formal(rng, draft, style, prices, clean)
    title = text.split("\n", 1)[0].strip()
    name = f"{facts['township'] or '未知'}/{facts['village']}/{index:06d}_{title}.txt"
    return Sample(name, text, frozenset(labels), style, facts)


@dataclass
class _Facts:
    """The truth about one contract, from which the labels follow."""

    style: str
    kind: str
    asset: str
    township: str
    village: str
    collective: bool
    lessee_kind: str  # member | outsider | organization
    area: float
    unit: str
    start: date
    end: date | None
    years: int
    transferor_end: date | None = None
    price: float = 0.0
    prepaid_years: float = 1
    non_ag: bool = False
    consent_ok_land: bool = False
    consent_ok_asset: bool = False
    consent_recorded: bool = False  # a villagers' meeting is recorded, sufficient or not
    clauses_missing: list[str] = field(default_factory=list)
    unsigned: bool = False
    buyback: bool = False
    price_township: str | None = None

    def labels(self, prices: PriceTable) -> set[str]:
        labels = set()
        family = {"厂房": "building", "设施": "building", "集体建设用地": "construction_land"}.get(
            self.asset, "land"
        )
        if self.kind == "transfer":
            if self.transferor_end and self.end and self.end > self.transferor_end:
                labels.add("term_over_limit")
        else:
            if self.kind == "contracting" and family == "land":
                # only 家庭承包 (to a member household) has a statutory term; land contracted by
                # auction or to outsiders has the term the parties agree (承包法 第四十九条)
                family_contract = self.lessee_kind == "member" and self.style != "wasteland"
                limit = _CONTRACTING_CAPS.get(self.asset) if family_contract else None
            else:
                limit = 20
            if limit and self.end and self.end > add_years(self.start, limit):
                labels.add("term_over_limit")
        # a household's 流转, even signed by the village on its behalf, is the household's own
        # business (承包法 第三十六条): the rules protecting collective property do not apply
        if self.collective and self.kind != "transfer":
            reference = prices.lookup(self.price_township, self.asset, self.start.year)
            priced = "rent" not in self.clauses_missing
            if priced and reference is not None and self.price < reference.price * 0.7:
                labels.add("low_price")
            if self.prepaid_years > 3.01:  # a term of 3 years and a day paid at once is 3 years
                labels.add("lump_sum_prepayment")
            if self.lessee_kind in {"outsider", "organization"}:
                ok = self.consent_ok_asset if family == "building" else self.consent_ok_land
                if not ok:
                    labels.add("no_democratic_procedure")
            if self.buyback:
                labels.add("buyback_clause")
        if self.non_ag and self.asset in {"耕地", "林地", "园地", "草地", "坑塘水面", "四荒地"}:
            labels.add("use_change")
        gone = set(self.clauses_missing)
        if {"location", "area"} <= gone or {"rent", "payment"} <= gone:
            labels.add("missing_clauses")  # only the essentials; "一般包括" lists are not mandatory
        if self.unsigned:
            labels.add("unsigned")
        return labels


def _company(rng: random.Random, trade: str | None = None) -> str:
    if rng.random() < 0.25:
        return f"{rng.choice(TOWNSHIPS)[:-1]}{rng.choice(COMPANY_PREFIX)}种植专业合作社"
    return f"日照{rng.choice(COMPANY_PREFIX)}{trade or rng.choice(COMPANY_TRADE)}有限公司"


def _other_village(rng: random.Random, village: str) -> str:
    return rng.choice([v for v in VILLAGES if v != village])


def _village_address(township: str, village: str) -> str:
    return f"{township}{village}" + ("" if village.endswith(("村", "庄")) else "村")


def _committee(township: str, village: str, county: str, rng: random.Random) -> str:
    prefix = rng.choice(["", f"日照市{county}", county, ""])
    suffix = rng.choice(["村民委员会", "村民委员会", "股份经济合作社", "村委会"])
    return f"{prefix}{township}{village}{suffix}"


def _consent(
    rng: random.Random, draft: _Draft, village: str, township: str, when: date, clean: bool
):
    """A consent sentence (or none) and whether it satisfies the land and the asset rule."""
    mode = rng.choices(
        ["two_thirds", "counts_ok", "counts_low", "majority", "discussed", "committees", "none"],
        [40, 26, 0, 0, 0, 0, 0] if clean else [40, 26, 4, 4, 5, 4, 12],
    )[0]
    approval = f"，并报{township}人民政府批准" if rng.random() < 0.6 else ""
    meeting = rng.choice(["村民代表会议", "村民会议"])
    if mode == "two_thirds":
        who = "村民代表" if meeting == "村民代表会议" else "成员"
        text = rng.choice(
            [
                f"本合同已经{village}{meeting}讨论，三分之二以上{who}同意{approval}。",
                f"本合同签订前，已于{draft.day(when)}召开{meeting}，经三分之二以上{who}同意{approval}。",
                f"本合同事项经{meeting}2/3以上{who}表决同意{approval}。",
            ]
        )
        return text, True, True
    if mode in {"counts_ok", "counts_low"}:
        total = rng.randint(25, 60)
        present = rng.randint(int(total * 0.8), total)
        if mode == "counts_ok":
            yes = rng.randint(-(-2 * total // 3), present)
        else:
            yes = rng.randint(total // 2, -(-2 * total // 3) - 1)
        n = draft.number
        text = (
            f"经{draft.day(when)}召开的{meeting}表决，应到{'代表' if '代表' in meeting else '成员'}"
            f"{n(total)}人，实到{n(present)}人，同意{n(yes)}人，通过本合同{approval}。"
        )
        return text, yes * 3 >= total * 2, yes * 2 >= total
    if mode == "majority":
        return f"本合同经{meeting}过半数同意。", False, True
    if mode == "discussed":
        return f"本合同经{meeting}讨论通过。", False, True
    if mode == "committees":
        return (
            rng.choice(["本合同经村两委会议研究同意。", "本合同经村委会研究决定。"]),
            False,
            False,
        )
    return None, False, False


def _lessee(rng: random.Random, draft: _Draft, township: str, village: str, style: str):
    """Lessee header lines, its true kind and its name."""
    weights = {"factory": [1, 2, 7], "construction": [0, 1, 9], "transfer": [2, 3, 5]}.get(
        style, [4, 3, 3]
    )
    kind = rng.choices(["member", "outsider", "organization"], weights)[0]
    label = draft.label(rng.choice(_LESSEE_LABELS[_KIND[style]]))
    if kind == "organization":
        trade = {"factory": None, "construction": None}.get(style, rng.choice(COMPANY_TRADE[:2]))
        name = _company(rng, trade)
        lines = [
            f"{label}：{name}",
            f"法定代表人：{draft.person()}",
            f"住所：日照市{rng.choice(COUNTIES)}{rng.choice(['海曲路', '烟台路', '北京路'])}"
            f"{rng.randint(1, 300)}号",
        ]
        return lines, kind, name
    name = draft.person()
    if kind == "member":
        address = _village_address(township, village)
        way = rng.choice(["address", "stated", "both"])
        lines = [f"{label}：{name}"]
        if way in {"address", "both"}:
            lines.append(f"住址：{address}{rng.randint(1, 200)}号")
        if way in {"stated", "both"}:
            lines.append(rng.choice(["系本村村民", "（本村村民）", "身份：本集体经济组织成员"]))
        return lines, kind, name
    other_township = rng.choice(TOWNSHIPS) if rng.random() < 0.4 else township
    address = _village_address(other_township, _other_village(rng, village))
    way = rng.choice(["address", "stated", "both"])
    lines = [f"{label}：{name}"]
    if way in {"address", "both"}:
        lines.append(f"住址：{address}{rng.randint(1, 200)}号")
    if way in {"stated", "both"}:
        lines.append(rng.choice(["系外村村民", "（非本村村民）", "身份：非本集体经济组织成员"]))
    return lines, kind, name


_LESSOR_LABELS = {
    "lease": ("甲方（出租方）", "出租方（甲方）", "甲方", "出租方"),
    "transfer": ("甲方（流出方）", "转出方（甲方）", "甲方"),
    "contracting": ("甲方（发包方）", "发包方（甲方）", "发包方", "甲方"),
}
_LESSEE_LABELS = {
    "lease": ("乙方（承租方）", "承租方（乙方）", "乙方", "承租方"),
    "transfer": ("乙方（流入方）", "转入方（乙方）", "乙方"),
    "contracting": ("乙方（承包方）", "承包方（乙方）", "承包方", "乙方"),
}


def _pick_term(rng: random.Random, style: str, limit: int | None) -> int:
    options = {
        "land_lease": ([3, 5, 8, 10, 15, 20, 21, 25, 30], [5, 12, 6, 14, 10, 16, 3, 4, 5]),
        "factory": ([3, 5, 10, 15, 20, 25, 30], [6, 14, 12, 6, 8, 3, 3]),
        "construction": ([5, 10, 15, 20, 30, 40], [6, 10, 6, 8, 3, 2]),
        "pond": ([3, 5, 10, 15, 30], [8, 12, 10, 4, 2]),
        "wasteland": ([20, 30, 50, 70], [3, 10, 8, 3]),
        "forest": ([30, 50, 70, 80], [10, 8, 6, 2]),
        "orchard": ([10, 15, 20, 30], [6, 8, 6, 4]),
    }
    values, weights = options[style]
    if limit is not None:
        weights = [w for v, w in zip(values, weights, strict=True) if v <= limit]
        values = [v for v in values if v <= limit]
    return rng.choices(values, weights)[0]


def _price_ratio(rng: random.Random, stated_unit_price: bool, clean: bool) -> float:
    """Most contracts near the local price; some far below; some just above the 70% line."""
    roll = 1.0 if clean else rng.random()
    if roll < 0.10:
        return rng.uniform(0.2, 0.6)
    if roll < 0.16 and stated_unit_price:
        return rng.uniform(0.705, 0.76)
    return rng.uniform(0.85, 1.3)


def _formal(rng: random.Random, draft: _Draft, style: str, prices: PriceTable, clean: bool):
    kind = _KIND[style]
    asset, words = _ASSET[style]
    asset_word = rng.choice(words)
    township, village, county = rng.choice(TOWNSHIPS), rng.choice(VILLAGES), rng.choice(COUNTIES)
    building = asset == "厂房"
    start = date(rng.randint(2005, 2024), rng.randint(1, 12), 1)
    if rng.random() < 0.3:
        start = start.replace(day=rng.randint(2, 28))
    collective = True
    transferor_end = None
    lines: list[str] = [rng.choice(_STYLE_TITLES[style]), ""]
    if rng.random() < 0.4:
        lines.insert(1, f"合同编号：{township[:2]}{start.year}-{rng.randint(1, 999):03d}")

    # Parties
    committee = _committee(township, village, county, rng)
    lessor_label = draft.label(rng.choice(_LESSOR_LABELS[kind]))
    if kind == "transfer" and rng.random() < 0.8:
        collective = False
        farmer = draft.person()
        lines += [f"{lessor_label}：{farmer}", f"住址：{_village_address(township, village)}"]
    else:
        agent = "（受农户委托）" if kind == "transfer" else ""
        lines += [f"{lessor_label}：{committee}{agent}", f"负责人：{draft.person()}"]
    lessee_lines, lessee_kind, lessee_name = _lessee(rng, draft, township, village, style)
    lines += lessee_lines
    lines.append("")
    law = {"transfer": "农村土地承包法", "contracting": "农村土地承包法"}.get(kind, "民法典")
    lines.append(
        f"根据《中华人民共和国{law}》等法律、法规和政策规定，甲乙双方本着平等、自愿、有偿的原则，"
        "经协商一致，订立本合同。"
    )

    # Term
    if kind == "transfer":
        extended = rng.random() < 0.3
        transferor_end = date(2057 if extended else 2027, 12, 31)
        start = date(rng.randint(2012, 2024), rng.randint(1, 12), 1)
        roll = 0.0 if clean else rng.random()
        if roll < 0.7:
            end = (
                transferor_end
                if rng.random() < 0.5
                else date(rng.randint(start.year + 2, transferor_end.year), 12, 31)
            )
        else:
            end = date(transferor_end.year + rng.randint(1, 15), 12, 31)
        if end <= start:
            end = transferor_end
        years = round(((end - start).days + 1) / 365.2425)
    else:
        limit = None
        if clean:
            limit = _CONTRACTING_CAPS.get(asset, 999) if kind == "contracting" else 20
        years = _pick_term(rng, style, limit)
        if rng.random() < 0.25:
            end = add_years(start, years)  # 自2020年3月1日至2040年3月1日: drafted as N years
        else:
            end = add_years(start, years) - timedelta(days=1)

    # Area and price
    if building:
        area = float(rng.choice([300, 450, 600, 800, 1000, 1200, 1500, 2000, 3000]))
        unit = "平方米"
    elif style == "construction":
        area = float(rng.randint(3, 40))
        unit = "亩"
    else:
        area = float(
            rng.choice([rng.randint(3, 80), rng.randint(80, 500)])
            if rng.random() < 0.9
            else rng.randint(1, 3)
        )
        unit = "亩"
    price_style = rng.choices(
        ["unit", "annual", "total", "monthly"],
        [6, 2, 1 if kind != "transfer" else 0, 1 if building else 0],
    )[0]
    if style == "wasteland":
        price_style = "total"
    reference = prices.lookup(township, asset, start.year)
    assert reference is not None
    ratio = _price_ratio(rng, price_style == "unit", clean)
    if building:
        unit_price = round(reference.price * ratio, 1)
        if price_style == "unit":
            unit_price = float(round(unit_price))
    else:
        unit_price = float(round(reference.price * ratio / 10) * 10) or 10.0
    annual = round(unit_price * area, 2)

    clauses: list[tuple[str, str]] = []  # (clause key, text)
    area_text = _area_text(rng, draft, area, unit)
    place = f"{township}{village}" + rng.choice(["村南", "村北", "村东", "村西", "东山", "南洼"])
    if building:
        location = f"甲方出租的厂房位于{place}（{village}工业园内）。"
        area_sentence = f"厂房建筑面积{area_text}。"
    elif style == "construction":
        location = f"出租的{asset_word}坐落于{place}，四至界址详见附图。"
        area_sentence = f"土地面积{area_text}，已依法登记。"
    elif kind == "transfer":
        location = f"甲方将其承包的位于{place}的{asset_word}的土地经营权流转给乙方。"
        area_sentence = f"流转土地面积{area_text}，质量等级为二等。"
    else:
        verb = "租赁" if kind == "lease" else rng.choice(["承包", "发包"])
        location = f"{verb}的{asset_word}坐落于{place}。"
        area_sentence = f"面积共计{area_text}。"
    clauses.append(("location", location))
    clauses.append(("area", area_sentence))
    if kind == "transfer":
        cue = (
            "二轮土地承包期"
            if transferor_end.year == 2027
            else "第二轮土地承包到期后再延长三十年，甲方承包期"
        )
        clauses.append(("transferor", f"{cue}至{draft.day(transferor_end)}届满。"))

    term_word = {"lease": "租赁期限", "transfer": "流转期限", "contracting": "承包期限"}[kind]
    dates_in_text = True
    if kind != "transfer" and not clean and rng.random() < 0.06:
        dates_in_text = False
        term_text = f"{term_word}为{draft.number(years)}年。"
    else:
        years_part = (
            f"为{draft.number(years)}年，" if kind != "transfer" and rng.random() < 0.7 else ""
        )
        term_text = f"{term_word}{years_part}自{draft.day(start)}起至{draft.day(end)}止。"
        if kind == "transfer":
            term_text = term_text[:-1] + "，流转期限不超过甲方承包期的剩余期限。"
    clauses.append(("term", term_text))

    # Use
    non_ag = False
    if building:
        use = rng.choice(["生产经营", "机械加工", "仓储", "食品加工"])
        clauses.append(("use", f"乙方租赁厂房用于{use}。"))
    elif style == "construction":
        clauses.append(
            ("use", f"土地用途为{rng.choice(['工业', '仓储', '商业服务'])}用地，乙方用于建设厂房。")
        )
    else:
        ag_use = rng.choice(_AG_USES[asset])
        if not clean and rng.random() < 0.07:
            non_ag = True
            clauses.append(("use", f"乙方{_VERB[kind]}土地用于{rng.choice(_NON_AG_USES)}。"))
        else:
            clauses.append(("use", f"乙方{_VERB[kind]}土地用于{ag_use}。"))
        if rng.random() < 0.5:
            clauses.append(
                ("ban", "乙方不得改变土地的农业用途，不得在土地上建设厂房、仓库等永久性建筑物。")
            )

    # Rent and payment
    noun = {"lease": "租金", "transfer": "流转费", "contracting": "承包费"}[kind]
    per = "每平方米每年" if building else "每亩每年"
    if price_style == "unit":
        form = rng.choice(["per", "slash", "per_annual"])
        if form == "slash":
            rent = f"{noun}标准为{unit_price:g}元/{'平方米' if building else '亩'}/年。"
        elif form == "per_annual":
            rent = f"{noun}为{per}{draft.money(unit_price)}，年{noun}共计{draft.money(annual)}。"
        else:
            rent = f"{noun}为{per}{draft.money(unit_price)}。"
    elif price_style == "annual":
        rent = f"年{noun}为{draft.money(annual)}。"
    elif price_style == "monthly":
        monthly = round(annual / 12)
        annual = monthly * 12.0
        unit_price = annual / area
        rent = f"月租金为{draft.money(monthly)}。"
    else:
        total = round(annual * years)
        unit_price = total / years / area
        label = "成交价" if style == "wasteland" else f"{noun}总额"
        rent = f"{label}为{draft.money(total)}。"
    clauses.append(("rent", rent))
    prepaid = 1.0
    whole_term = False
    pay_roll = rng.random()
    if clean:
        pay_roll = 0.99 if style == "wasteland" or price_style == "total" else 0.0
    if style == "wasteland" or price_style == "total":
        if pay_roll < 0.4:
            pay = f"乙方应于合同签订之日起十日内一次性交清全部{noun}。"
            whole_term = True
        else:
            pay = f"{noun}分{draft.number(years)}年交纳，乙方于每年十二月三十一日前交纳当年{noun}。"
    elif pay_roll < 0.75:
        pay = f"乙方应于每年{rng.choice(['1月31日', '3月1日', '12月31日', '十二月三十一日'])}前向甲方交纳当年{noun}。"
    elif pay_roll < 0.84:
        n = rng.choice([2, 3, 3])
        pay = rng.choice(
            [
                f"乙方于合同签订时一次性支付{draft.number(n)}年{noun}，以后每年按时支付。",
                f"{noun}每{draft.number(n)}年支付一次，于每个支付期开始前交纳。",
            ]
        )
        prepaid = float(n)
    elif pay_roll < 0.86:
        n = rng.choice([4, 5, 8, 10])
        n = min(n, years)
        pay = rng.choice(
            [
                f"乙方于合同签订时一次性支付前{draft.number(n)}年{noun}，以后每年按时支付。",
                f"乙方应一次性交纳{draft.number(n)}年{noun}。",
                f"{noun}每{draft.number(n)}年支付一次，于每个支付期开始前交纳。",
            ]
        )
        prepaid = float(n)
    else:
        pay = f"{noun}一次性付清，乙方于签订合同时一次性付清全部{noun}。"
        whole_term = True
    if whole_term:
        prepaid = ((end - start).days + 1) / 365.2425 if dates_in_text else float(years)
    clauses.append(("payment", pay))
    if rng.random() < 0.3:
        clauses.append(("adjust", f"{noun}每五年调整一次，每次递增百分之五。"))

    clauses.append(("rights", rng.choice(_RIGHTS)))
    if not building:
        clauses.append(
            (
                "requisition",
                "合同期内如遇国家征收、征用或者占用，土地补偿费归甲方所有，地上附着物和青苗补偿费归乙方所有。",
            )
        )
    if building:
        clauses.append(("maintenance", "厂房主体结构的维修由甲方负责，日常修理由乙方负责。"))
    if style == "construction":
        clauses.append(
            (
                "planning",
                "规划条件：容积率不低于1.0，建筑密度不低于百分之四十，乙方应于合同签订后一年内动工。",
            )
        )

    buyback_roll = 0.5 if clean else rng.random()
    buyback = False
    if buyback_roll < 0.07:
        buyback = True
        clauses.append(
            (
                "end",
                rng.choice(
                    [
                        "合同期满后，乙方投资建设的地上附着物由甲方按评估价格收购。",
                        "租赁期满，甲方应按乙方实际投资额回购大棚等设施。",
                        "承包期满，乙方栽植的果树由甲方作价补偿给乙方。",
                        "合同到期后，乙方所建房屋及设施由甲方负责折价收购。",
                    ]
                ),
            )
        )
    elif buyback_roll < 0.4:
        clauses.append(
            (
                "end",
                rng.choice(
                    [
                        "合同期满，地上附着物无偿归甲方所有。",
                        "合同期满后，乙方应自行拆除地上设施，甲方不予补偿。",
                        "合同期满，乙方应将标的物完好交还甲方，同等条件下乙方享有优先续约权。",
                    ]
                ),
            )
        )
    clauses.append(
        ("breach", "任何一方违反本合同约定的，应当承担违约责任，赔偿对方因此造成的损失。")
    )
    pool = list(_BOILERPLATE) + (
        [] if building or style == "construction" else list(_LAND_BOILERPLATE)
    )
    for text in rng.sample(pool, k=rng.randint(2, 6)):
        clauses.append(("other", text))
    clauses.append(("dispute", "因本合同发生争议，双方协商解决；协商不成的，依法向人民法院起诉。"))

    # Which clauses the statute lists are required for this contract family, and which we drop.
    family_required = _REQUIRED[
        (
            "building"
            if building
            else "construction_land"
            if style == "construction"
            else "contracting"
            if kind == "contracting"
            else "land"
        )
    ]
    missing: list[str] = []
    if not dates_in_text:
        missing.append("term")
    if not clean and rng.random() < 0.07:
        droppable = [
            k
            for k in family_required
            if k in {c for c, _ in clauses} and k not in {"location", "rent", "term"}
        ]
        for key in rng.sample(droppable, k=min(len(droppable), rng.choice([1, 1, 2]))):
            clauses = [(c, t) for c, t in clauses if c != key]
            missing.append(key)
            if key == "use":
                non_ag = False
            if key == "payment":
                prepaid = 1.0
    if not clean and rng.random() < 0.04:
        # no price at all ("租金另行商定" or simply left out): an essential item is missing
        clauses = [(c, t) for c, t in clauses if c not in {"rent", "payment", "adjust"}]
        missing += [k for k in ("rent", "payment") if k not in missing]
        prepaid = 1.0

    consent_text, consent_land, consent_asset = (None, False, False)
    if collective:
        when = start - timedelta(days=rng.randint(5, 60))
        consent_text, consent_land, consent_asset = _consent(
            rng, draft, village, township, when, clean
        )
    body = []
    n = 0
    for key, text in clauses:
        if key in {"area", "transferor", "ban", "adjust"} and body:
            body[-1] += text  # same article as the clause before
            continue
        n += 1
        body.append(draft.article(n, text))
    if consent_text:
        if rng.random() < 0.5:
            lines.append(consent_text)
        else:
            n += 1
            body.append(draft.article(n, consent_text))
    n += 1
    body.append(
        draft.article(
            n,
            "本合同一式三份，甲乙双方各执一份，报乡镇农村经营管理机构备案一份，自双方签字盖章之日起生效。",
        )
    )
    lines += body
    lines.append("")

    # Signatures
    signed_on = start - timedelta(days=rng.randint(1, 30))
    sign_roll = 0.5 if clean else rng.random()
    unsigned = sign_roll < 0.06
    lessor_side = f"甲方（{'签字' if not collective else '盖章'}）："
    lessor_value = committee if collective else farmer
    lessee_value = lessee_name
    date_line = f"签订日期：{draft.day(signed_on)}"
    if sign_roll < 0.02:
        lessee_value = ""
    elif sign_roll < 0.04:
        lessor_value = lessee_value = ""
    elif sign_roll < 0.06:
        date_line = rng.choice(["签订日期：    年   月   日", "年    月    日"])
    if rng.random() < 0.5:
        lines.append(f"{lessor_side}{lessor_value}    乙方（签字）：{lessee_value}")
    else:
        lines.append(f"{lessor_side}{lessor_value}")
        if collective:
            lines.append(f"负责人（签字）：{draft.person()}")
        lines.append(f"乙方（签字）：{lessee_value}")
    lines.append(date_line)

    price_township = township if _township_in_lessor(collective, committee) else None
    facts = _Facts(
        style=style,
        kind=kind,
        asset=asset,
        township=township,
        village=village,
        collective=collective,
        lessee_kind=lessee_kind,
        area=area,
        unit=unit,
        start=start,
        end=end,
        years=years,
        transferor_end=transferor_end,
        price=unit_price,
        prepaid_years=prepaid if "payment" not in missing else 1.0,
        non_ag=non_ag,
        consent_ok_land=consent_land,
        consent_ok_asset=consent_asset,
        consent_recorded=bool(consent_text and "会议" in consent_text),
        clauses_missing=missing,
        unsigned=unsigned,
        buyback=buyback,
        price_township=price_township,
    )
    if not collective:
        facts.price_township = township
    return "\n".join(lines) + "\n", facts.labels(prices), facts.__dict__


def _township_in_lessor(collective: bool, committee: str) -> bool:
    return collective and any(t in committee for t in TOWNSHIPS)


# Clause keys the engine's clause lists require, per contract family (see rules._clause_list).
_REQUIRED = {
    "land": (
        "location",
        "area",
        "term",
        "use",
        "rights",
        "rent",
        "payment",
        "requisition",
        "breach",
    ),
    "contracting": ("location", "area", "term", "use", "rights", "rent", "payment", "breach"),
    "building": ("location", "area", "use", "term", "rent", "payment", "maintenance"),
    "construction_land": ("location", "area", "term", "use", "planning", "rent", "payment"),
}


def _area_text(rng: random.Random, draft: _Draft, area: float, unit: str) -> str:
    if unit == "平方米":
        return rng.choice(
            [f"{int(area)}平方米", f"{int(area)}㎡", f"{cn2an.an2cn(int(area), 'low')}平方米"]
        )
    style = rng.choices(["arabic", "chinese", "upper", "hectare"], [6, 3, 1, 1])[0]
    n = int(area)
    if style == "chinese":
        return f"{_cn(n)}亩"
    if style == "upper":
        return f"{cn2an.an2cn(n, 'up')}亩"
    if style == "hectare" and n % 3 == 0:
        return f"{n // 15 if n % 15 == 0 else round(n / 15, 4):g}公顷（合{n}亩）"
    return f"{n}亩"


def _handwritten(rng: random.Random, draft: _Draft, prices: PriceTable):
    """A short 租地协议 as villages write them by hand: few clauses, often paid at once."""
    township, village = rng.choice(TOWNSHIPS), rng.choice(VILLAGES)
    with_township = rng.random() < 0.5
    lessor = f"{township if with_township else ''}{village}村委会"
    if not village.endswith(("村", "庄")):
        lessor = f"{township if with_township else ''}{village}村村委会"
    head = draft.person()
    lessee = draft.person()
    outsider = rng.random() < 0.5
    who = rng.choice(["外村村民", "非本村村民"]) if outsider else "本村村民"
    years = rng.choices([3, 5, 8, 10, 15, 20, 30], [3, 5, 3, 5, 2, 2, 2])[0]
    start = date(rng.randint(2008, 2024), rng.randint(1, 12), 1)
    end = add_years(start, years) - timedelta(days=1)
    area = rng.randint(2, 30)
    reference = prices.lookup(township if with_township else None, "耕地", start.year)
    assert reference is not None
    ratio = rng.uniform(0.25, 0.6) if rng.random() < 0.25 else rng.uniform(0.85, 1.2)
    price = float(round(reference.price * ratio / 10) * 10)
    lump = rng.random() < 0.3
    pay = "租金一次交清。" if lump else "租金每年秋后交清当年的。"
    consent = ""
    consent_ok = False
    if outsider and rng.random() < 0.4:
        consent = "经村民代表会议三分之二以上代表同意。"
        consent_ok = True
    area_text = f"{_cn(area)}亩" if rng.random() < 0.6 else f"{area}亩"
    years_text = _cn(years)
    lines = [
        rng.choice(_STYLE_TITLES["handwritten"]),
        f"出租人：{lessor}（{head}）",
        f"承租人：{lessee}（{who}）",
        f"今{lessor}将村{rng.choice(['东', '西', '南', '北'])}耕地{area_text}租给{lessee}耕种，"
        f"租期{years_text}年，从{_cn_date(start)}起到{_cn_date(end)}止，每亩每年租金{_cn(int(price))}元，{pay}"
        f"{consent}",
        "空口无凭，立字为据。",
    ]
    unsigned = rng.random() < 0.05
    lines.append(f"出租人：{lessor} {head}（手印）")
    lines.append(f"承租人：{'' if unsigned else lessee + '（手印）'}")
    lines.append(_cn_date(start - timedelta(days=rng.randint(1, 20))))
    facts = _Facts(
        style="handwritten",
        kind="lease",
        asset="耕地",
        township=township if with_township else "",
        village=village,
        collective=True,
        lessee_kind="outsider" if outsider else "member",
        area=float(area),
        unit="亩",
        start=start,
        end=end,
        years=years,
        price=price,
        prepaid_years=float(years) if lump else 1.0,
        consent_ok_land=consent_ok,
        clauses_missing=["location", "rights", "requisition", "breach", "use"],
        unsigned=unsigned,
        price_township=township if with_township else None,
    )
    return "\n".join(lines) + "\n", facts.labels(prices), facts.__dict__
