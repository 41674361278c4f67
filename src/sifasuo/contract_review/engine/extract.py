"""Pull the reviewable facts out of a contract's text, each with the span of text it came from.

Structure first: the text is split into its clauses whatever their numbering and each clause is
given its roles (see ``sections``); a field is then read from the clause that holds it — the term
from the term clause, never the household's 二轮承包期 quoted beside it; the rent from the price
or payment clause, never a 保证金 or damages. Within a clause, patterns follow the ways village
contracts are drafted (甲方/乙方 headers, tables flattened by the readers, 大写 amounts, grain
rents). A value that cannot be pointed to stays ``None``, and the rules treat it as "not stated".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import cache
from typing import Any

from .numerals import (
    AREA_RE,
    DATE_RE,
    MONEY_RE,
    NUM,
    add_years,
    area_in_unit,
    normalize_width,
    parse_date,
    parse_money,
    parse_number,
)
from .sections import SectionIndex

__all__ = [
    "ASSET_TYPES",
    "Extraction",
    "Found",
    "asset_type_of",
    "extract",
]

SNIPPET_MAX = 160


@dataclass(frozen=True, slots=True)
class Found:
    """A value and the text span (``text[start:end]``) it was read from."""

    value: Any
    start: int
    end: int
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, dict):
            value = {k: v.isoformat() if isinstance(v, date) else v for k, v in value.items()}
        return {"value": value, "start": self.start, "end": self.end, "snippet": self.snippet}


def _found(text: str, value: Any, start: int, end: int) -> Found:
    snippet = " ".join(text[start:end].split())
    if len(snippet) > SNIPPET_MAX:
        snippet = snippet[: SNIPPET_MAX - 1] + "…"
    return Found(value, start, end, snippet)


# 资产类型 and the words that name it, most specific first. 耕地 is also the fallback for plain 土地.
ASSET_TYPES: dict[str, tuple[str, ...]] = {
    "集体建设用地": ("集体经营性建设用地", "集体建设用地", "建设用地"),
    "厂房": ("厂房", "车间", "仓库", "库房"),
    "房屋": (
        "门市房",
        "门面房",
        "门市",
        "商铺",
        "店铺",
        "办公楼",
        "办公用房",
        "房屋",
        "民房",
        "平房",
        "楼房",
    ),
    "设施": ("冷库", "晒场", "场院", "养殖场房"),
    "四荒地": ("四荒", "荒山", "荒沟", "荒丘", "荒滩", "荒地"),
    "坑塘水面": ("坑塘", "鱼塘", "池塘", "水塘", "水库", "水面", "苇塘", "湾塘"),
    "林地": ("林地", "山林", "林场", "山场", "树林"),
    "园地": ("园地", "果园", "茶园", "桑园", "栗园", "苹果园", "桃园"),
    "草地": ("草地", "草场", "牧场", "草原"),
    "耕地": ("耕地", "农田", "承包地", "水浇地", "旱地", "水田", "大田", "田地"),
}
_ASSET_WORDS = sorted(
    ((word, kind) for kind, words in ASSET_TYPES.items() for word in words),
    key=lambda pair: -len(pair[0]),
)
_ASSET_RE = re.compile("|".join(re.escape(word) for word, _ in _ASSET_WORDS))
_ASSET_OF_WORD = dict(_ASSET_WORDS)
FARMLAND = frozenset({"耕地", "林地", "园地", "草地", "坑塘水面", "四荒地"})
BUILDINGS = frozenset({"厂房", "房屋", "设施"})


def asset_type_of(text: str) -> str | None:
    """The 资产类型 a short description names (``"水浇地"`` → ``"耕地"``), or None."""
    text = text.strip()
    if text in ASSET_TYPES:
        return text
    match = _ASSET_RE.search(text)
    if match:
        return _ASSET_OF_WORD[match.group()]
    return "耕地" if "土地" in text or text in {"地", "农地"} else None


_SIDE_A = (
    "甲方",
    "发包方",
    "发包人",
    "出租方",
    "出租人",
    "转出方",
    "转出人",
    "流出方",
    "出让方",
    "出让人",
    "转让方",
    "转让人",
    "入股方",
    "转包方",
)
_SIDE_B = (
    "乙方", "承包方", "承包人", "承租方", "承租人", "转入方", "转入人", "流入方", "受让方", "受让人",
    "竞得人", "竞买人", "买受人", "中标人", "接包方", "租地人", "租用人", "租地方",
)  # fmt: skip
# any short role word followed by (甲方)/(乙方), e.g. "合作社（乙方）："
_FIXED_LABEL = "|".join(_SIDE_A + _SIDE_B)
_LABEL = _FIXED_LABEL + r"|[\u4e00-\u9fa5]{2,5}(?=[（(](?:以下简称|以下称|下称)?[甲乙]方[）)])"
_PARTY_TAIL = r"(?P<paren>[（(][^）)\n]{0,15}[）)])?[ \t]*(?P<colon>[：:\t])"
_PARTY_RE = re.compile(rf"(?P<label>{_LABEL}){_PARTY_TAIL}")
# the generic label is costly to try at every character: only on lines that name 甲方/乙方
_PARTY_FIXED_RE = re.compile(rf"(?P<label>{_FIXED_LABEL}){_PARTY_TAIL}")
# "后峪村村民 李守信": the name follows the place of residence
_RESIDENT_PREFIX = re.compile(
    r"[\u4e00-\u9fa5]{1,12}?(?:村|组|社区)(?:村民|居民|农户|成员)\s*(?=[\u4e00-\u9fa5]{2,4}$)(?!委|小组|代表)"
)
_SIG_WORDS = re.compile(r"签字|签章|盖章|签名|公章|印章|手印|指印|章")
_NAME_STOP = re.compile(
    r"[（(，,。；;]| {2,}|\t|住所|住址|地址|身份证|法定代表人|负责人|联系电话|电话|统一社会信用代码"
    r"|租金|租期|期限|面积|付款方式|用途|坐落|成交价| 住(?=[\u4e00-\u9fa5]{2})"
)
_PLACEHOLDER = re.compile(r"[（(][^）)]{0,8}[）)]|[_＿\s　]+")
_COLLECTIVE_RE = re.compile(
    r"村民委员会|村委会|村委|居民委员会|村民小组|经济合作社|经济联合社|股份合作社|集体经济组织|村集体|社区"
)
_ORGANIZATION_RE = re.compile(
    r"公司|合作社|有限|集团|企业|工厂|厂$|农场|中心|商行|经营部|基地|研究所|学校|医院|协会"
)
_OUTSIDER_RE = re.compile(
    r"非本村|外村|非本组|非本集体|本集体经济组织以外|不是本村|外乡|外镇|外县|外地"
)
_MEMBER_RE = re.compile(
    r"本村(?:村民|农户|居民|人|户)|本组(?:村民|农户)?|本社(?:社员|成员)?|本集体经济组织成员|甲方村民|甲方成员"
    r"|(?:住|居住在?|家住|户籍在?|系|属|为)本村|本村第?[一二三四五六七八九十\d]{1,3}(?:村民小组|组|社)"
)
_ADDRESS_RE = re.compile(
    r"(?:住所|住址|地址|家庭住址|户籍地|户籍)[：:]?\s*(?P<v>[^\n，。；;]{2,40})"
)
_VILLAGE_IN_ADDRESS = re.compile(r"(?P<v>[\u4e00-\u9fa5]{1,6}?(?:村|庄|屯|社区))")
_TOWNSHIP_RE = re.compile(r"(?P<t>[\u4e00-\u9fa5]{2,6}?(?:街道|镇|乡))")
_COLLECTIVE_SUFFIX = re.compile(
    r"(?:村民委员会|村委会|村委|居民委员会|股份经济合作社|经济合作社|经济联合社|股份合作社"
    r"|集体经济组织|第?[一二三四五六七八九十\d]+村民小组|村民小组|村集体)$"
)

_NEGATION = re.compile(r"不得|不准|不许|禁止|严禁|不能|不应|不可|未经|擅自|不予|无权|不再|不承担")
# a sentence (or a comma-level clause) with the separator that ends it
_SENTENCE_PIECE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]?")
_CLAUSE_PIECE = re.compile(r"[^，,。；;！!？?\n]+[，,。；;！!？?\n]?")

_TERM_WORDS = r"期限|租期|承包期|流转期|租赁期|使用期|经营期|合同期|有效期|年期|出让年限|入股期"
_YEARS_RE = re.compile(
    rf"(?:{_TERM_WORDS})(?:限)?\s*(?:为|共|计|共计|暂定|定为|是|：|:)?\s*(?P<num>{NUM})\s*(?:个)?\s*(?:周)?年"
    rf"|(?:租|承包|流转|包|使用)\s*(?P<num2>{NUM})\s*年"
    rf"|(?:一共|共计|总共|为期)\s*(?P<num3>{NUM})\s*(?:个)?\s*(?:周)?年"
)
# between the two dates of a range: "至", "起至", "开始，到", "起种到", "（…）起至"
_RANGE_GAP = re.compile(
    r"\s*(?:日)?[）)]?\s*(?:起|开始)?[，,]?\s*[\u4e00-\u9fa5]{0,2}?\s*(?:至|到|止至|—+|－|-|~|～|―+)\s*$"
)
_TRANSFEROR_CUE = re.compile(
    r"二轮|第二轮|原承包|家庭承包|承包经营权证|(?:甲方|转出方|流出方|出让方|农户)(?:的)?(?:土地)?承包(?:经营权)?(?:期|合同)"
)
_AREA_LABEL = re.compile(r"(?:流转|租赁|承包|出租|建筑|使用|占地)?面积")
_PRICE_NOUNS = (
    r"租金|承包费|流转费|租赁费|流转价款|价款|费用|使用费|承包金|地租|出让金|土地出让价款|租赁金|流转金"
    r"|经营费|保底收益|转包费|代耕费|承租费"
)
_M = re.sub(r"\(\?P<\w+>", "(?:", MONEY_RE.pattern)  # an amount, without named groups
_RATE_LINK = (
    rf"\s*+(?:的)?(?:{_PRICE_NOUNS})?(?:标准)?\s*+(?:为|是|按|计|：|:)?\s*+"
    r"(?:(?:给|交|付|支付|交纳|缴纳|付给|交给)(?:甲方|出租方|发包方|转出方|出租人)?)?\s*+(?:人民币)?"
)
_PER_YEAR = r"(?:每年度?|每一年|年|/年|一年)"
_UNIT_PRICE_RES = (
    # 每亩每年500元 / 每亩年租金500元 / 每亩租金500元
    re.compile(rf"(?:每亩|亩均|每一亩|一亩地?)\s*{_PER_YEAR}?{_RATE_LINK}(?P<money>{_M})"),
    # 每年每亩500元 / 年租金每亩500元
    re.compile(
        rf"{_PER_YEAR}(?:的)?(?:{_PRICE_NOUNS})?\s*(?:为|是|按)?\s*每亩{_RATE_LINK}(?P<money>{_M})"
    ),
    # 500元/亩/年 / 500元/亩·年 / 500元每亩每年
    re.compile(rf"(?P<money>{_M})\s*(?:/|每)\s*亩\s*(?:[/·.]|每)?\s*(?:年)?"),
    # 500元/年/亩 / 500元/年·亩
    re.compile(rf"(?P<money>{_M})\s*(?:/|每)\s*年(?:度)?\s*(?:[/·.]|每)\s*亩"),
)
_HECTARE_PRICE_RE = re.compile(
    rf"(?P<money>{_M})\s*(?:/|每)\s*公顷\s*(?:[/·.]|每)?\s*(?:年)?|每公顷\s*{_PER_YEAR}?{_RATE_LINK}(?P<money2>{_M})"
)
_SQM = r"(?:平方米|平米|㎡|m2|m²)"
_BUILDING_PRICE_RES = (
    re.compile(rf"每{_SQM}\s*每?(?P<period>年|月|天|日){_RATE_LINK}(?P<money>{_M})"),
    re.compile(rf"每(?P<period>年|月)\s*每{_SQM}{_RATE_LINK}(?P<money>{_M})"),
    re.compile(rf"(?P<money>{_M})\s*(?:/|每)\s*{_SQM}\s*[/·.每]?\s*(?P<period>年|月|天|日)"),
    re.compile(rf"(?P<money>{_M})\s*(?:/|每)\s*(?P<period>年|月)\s*[/·.每]\s*{_SQM}"),
)
_TOTAL_WORDS = r"(?:总额|总计|合计|共计|总价|总金额|为)?"
_ANNUAL_RE = re.compile(
    rf"(?:(?:全年|每年度?|年度?)(?:的)?(?:{_PRICE_NOUNS})"
    rf"|(?:{_PRICE_NOUNS}|成交价格?|成交金额)(?:标准)?\s*(?:为|是|按|：|:)?\s*(?:每年度?|全年)"
    rf"|每年(?:应)?(?:向甲方)?(?:交|缴|支付|交纳|缴纳|给|付给|交给)(?:甲方|出租方|发包方|转出方)?(?:{_PRICE_NOUNS})?)"
    rf"\s*{_TOTAL_WORDS}\s*(?:为|是|共计|合计|计|：|:)?\s*(?:人民币)?(?P<money>{_M})"
)
_MONTHLY_RE = re.compile(
    rf"(?:月(?:{_PRICE_NOUNS})|每月(?:的)?(?:{_PRICE_NOUNS})?|(?:{_PRICE_NOUNS})(?:为|是)?每月)\s*(?:为|是|：|:)?\s*(?:人民币)?(?P<money>{_M})"
)
# "乙方一次付给甲方使用费三万六千元": the whole term's price paid at once
_LUMP_TOTAL_RE = re.compile(
    rf"一次(?:性)?\s*(?:支付|付清|交清|缴清|付给|交给|给付|缴纳|交纳|付|交|给)(?:给)?"
    rf"(?:甲方|出租方|发包方|转出方|出租人|出让方)?(?:全部)?(?:{_PRICE_NOUNS})"
    rf"\s*(?:共计|合计|为|是|：|:)?\s*(?:人民币)?(?P<money>{_M})"
)
_TOTAL_RE = re.compile(
    rf"(?<![年月])(?:(?:{_PRICE_NOUNS})(?:总额|总计|合计|共计|总价)|总(?:{_PRICE_NOUNS})|总价款?|成交价(?:款|格)?|拍卖价(?:款)?|中标价(?:款)?|竞得价(?:款)?"
    rf"|出让(?:价款|金)|入市价款)"
    rf"\s*(?:为|是|共计|合计|：|:)?\s*(?:人民币)?(?P<money>{_M})"
)
# Grain rents: 每亩每年500斤小麦, 每亩交玉米400公斤; the price of the grain when the contract names it.
_GRAINS = r"小麦|玉米|稻谷|水稻|大米|粮食|花生|大豆|黄豆|地瓜|麦子"
_GRAIN_RENT_RE = re.compile(
    rf"(?:每亩|亩均)\s*{_PER_YEAR}?[^。；;\n]{{0,8}}?(?<![\d.])(?P<qty>{NUM})\s*(?P<unit>市斤|斤|公斤|千克)"
    rf"\s*(?:的)?(?P<grain>{_GRAINS})?"
)
_GRAIN_PRICE_RE = re.compile(
    rf"(?:每|1|一)\s*(?P<unit>市斤|斤|公斤|千克)\s*(?:按|为|计|折价|折款|作价)?\s*(?:人民币)?(?P<money>{_M})"
    rf"|(?P<money2>{_M})\s*/\s*(?P<unit2>市斤|斤|公斤|千克)"
)
_NOT_RENT_AMOUNT = re.compile(
    r"保证金|押金|定金|违约金|补偿|赔偿|罚|滞纳|工程款|投资|造价|贷款|借款"
)
_STEPPED_RE = re.compile(
    r"递增|递减|上浮|上调|逐年增加|每[一二三四五六七八九十\d]+年(?:增加|提高)|第[一二三四五六七八九十\d]+[至到\-—~～]"
)
# a price "to be agreed" or "as the committee decides" is no price
_PRICE_OPEN_RE = re.compile(
    r"(?:租金|承包费|价款|费用|流转费|使用费)[^。\n；]{0,12}?(?:另行(?:商定|约定|协商|确定)|另定|待定"
    r"|由[^。\n；]{0,12}?(?:决定|确定)|按[^。\n；]{0,16}?(?:决定|确定)的?标准)"
)
_FREE_RE = re.compile(r"无偿(?:使用|承包|租赁|提供)|不收取(?:任何)?(?:租金|承包费|费用)|零租金")
_PAY_VERB = r"(?:支付|交清|付清|缴清|结清|交纳|缴纳|交付|收取|付|交|缴)"
_PREPAY = r"(?:预|先|提前)?"
# a number not glued to digits before it (so "2020年" is never read as "20年")
_YEARS_NUM = rf"(?<![\d.])(?P<num>{NUM})"
_LUMP_YEARS_RES = (
    re.compile(
        rf"一次性?\s*{_PREPAY}{_PAY_VERB}[^。；;\n，,]{{0,12}}?{_YEARS_NUM}\s*(?:个)?(?:周)?年(?![\d月度底末])"
    ),
    re.compile(
        rf"(?:前|首)?{_YEARS_NUM}\s*(?:个)?年(?:度)?(?:的)?(?:{_PRICE_NOUNS})[^。；;\n]{{0,12}}?一次性?"
    ),
    re.compile(rf"每{_YEARS_NUM}\s*年\s*{_PAY_VERB}一次"),
    re.compile(rf"(?:首期|第一期)\s*{_PREPAY}{_PAY_VERB}\s*{_YEARS_NUM}\s*年"),
    re.compile(rf"{_PREPAY}{_PAY_VERB}(?:前|首){_YEARS_NUM}\s*(?:个)?年"),
)
_LUMP_ALL_RE = re.compile(
    rf"一次性?\s*{_PREPAY}{_PAY_VERB}|(?:全部|全额|总)(?:{_PRICE_NOUNS})[^。；;\n]{{0,12}}?一次性?"
    rf"|{_PAY_VERB}(?:全部|全额)(?:{_PRICE_NOUNS})"
)
_LUMP_CUE = re.compile(r"一次|每|首期|第一期|前[一二三四五六七八九十\d]")
_NOT_RENT_PAYMENT = re.compile(r"补偿|违约|赔偿|押金|保证金|定金|罚|滞纳")
# "每年…一次性交清当年租金" is a yearly payment, not the term paid in advance
_ANNUAL_PAYMENT = re.compile(r"每年|当年|本年|该年|年度|逐年|按年|每一年|次年|下一年|下年|每个年度")
_PER_UNIT_YEAR = re.compile(r"每(?:亩|平方米|平米)每年|每年每(?:亩|平方米|平米)")
_WHOLE_TERM = re.compile(r"全部|全额|总|合同期内|整个|全期|所有|[一1]次性付清")

# plain words of a hand-written note count too: "乙方在此地上盖房居住、开修车铺"
_USE_CUE = re.compile(
    r"用于|用途|用作|用来|从事|经营|建设|修建|兴建|搭建|建造|开办|开设|作为|改建|盖房|盖楼|盖厂|开店|开铺|开厂|办厂"
)
_NON_AGRICULTURAL = re.compile(
    r"厂房|建厂|仓库|仓储|物流|加工厂|加工车间|建房|住宅|商品房|商铺|门市|商业|餐饮|饭店|酒店|宾馆|停车|"
    r"硬化|采砂|挖砂|取土|采石|采矿|砖厂|砖窑|建窑|建坟|墓地|公墓|办公|工业|车间|搅拌站|汽修|洗车|加油站|"
    r"驾校|钢结构|彩钢|废品|回收站|游乐|房地产|挖沙|采沙|沙场|砂场|训练场|驾驶培训|预制|混凝土|水泥|沥青|"
    r"盖房|盖楼|居住|修车|修理厂|修理铺"
)
# 农村土地承包法 第四十三条: buildings that serve the farming on the land are agricultural
_SOFT_NON_AGRICULTURAL = re.compile(r"仓库|仓储|硬化|办公|钢结构|彩钢|停车|车间|居住")
_FARM_FACILITY = re.compile(
    r"附属|配套|自产|农产品|果蔬|蔬菜|水果|粮食|晾晒|烘干|育苗|大棚|温室|农机|看护|管理用房|冷藏|保鲜|农资"
)
_USE_SENTENCE = re.compile(r"用于|用途|用作|用来|从事|经营项目")
_USE_ANY = re.compile(_USE_SENTENCE.pattern + "|" + _USE_CUE.pattern)
_ADJUST_RE = re.compile(r"调整|递增|上浮|上调|增长|调价")
_PRICE_WORD_RE = re.compile(_PRICE_NOUNS + r"|价格|单价")

_MEETING_RE = re.compile(
    r"村民代表会议|村民代表大会|村民会议|成员代表大会|成员代表会议|成员大会|社员代表大会|社员大会|户代表会议"
    r"|户主会议|居民代表会议|居民会议|股东代表大会|股东大会"
)
_MEETING_NEGATED = re.compile(r"未经|没有经过|未召开|未履行|未提交|没有召开")
_TWO_THIRDS_RE = re.compile(r"三分之二|2/3|二分之三")
_FRACTION_WORDS = (
    (re.compile(r"四分之三|3/4"), 0.75),
    (re.compile(r"五分之四|4/5"), 0.8),
    (re.compile(r"过半数|半数以上|二分之一以上|1/2以上|多数"), 0.5),
    (re.compile(r"一致同意|全票|全体(?:村民|代表|成员)?(?:一致)?同意|无反对"), 1.0),
)
_PERCENT_RE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*[%％]")
_COUNT_TOTAL = re.compile(
    rf"(?:应到|应参加|应出席|全体|共有|总数|总人数|共)[^，,。；\d]{{0,8}}?(?P<num>{NUM})\s*(?:人|名|户)"
)
_COUNT_PRESENT = re.compile(
    rf"(?:实到|到会|出席|参会|参加)[^，,。；\d]{{0,8}}?(?P<num>{NUM})\s*(?:人|名|户)"
)
_COUNT_YES = re.compile(
    rf"(?:同意|赞成)[^，,。；\d]{{0,4}}?(?P<num>{NUM})\s*(?:人|名|户|票)"
    rf"|(?P<num2>{NUM})\s*(?:人|名|户)\s*(?:表示)?(?:同意|赞成)"
)
_ATTENDEES_FRACTION = re.compile(r"到会|出席|参会|与会")
_APPROVAL_RE = re.compile(
    r"(?:乡|镇|街道)[^。\n；]{0,12}?(?:人民政府|政府|办事处)[^。\n；]{0,12}?(?:批准|审批|同意|备案|审核)"
)
_BREACH_RE = re.compile(r"违约")
_REQUISITION_RE = re.compile(
    r"(?:征收|征用|占用|征地)[^。\n]{0,40}?补偿|补偿(?:费|款)?[^。\n]{0,20}?(?:征收|征用)"
)
_RIGHTS_RE = re.compile(r"权利|义务")
_MAINTENANCE_RE = re.compile(r"维修|修缮|修理")
_PLANNING_RE = re.compile(r"规划条件|规划要求|容积率|建筑密度|规划")
_LOCATION_RE = re.compile(
    r"(?:坐落|座落|土地位置|地块位置|地块名称|位置|位于|四至|地点)(?:于|在|为)?\s*[：:]?\s*(?P<v>[^\n。；;，,]{2,60})"
)

_SIGN_DATE_RE = re.compile(
    r"(?:签订|签约|签署|签字|订立|立约|立据)?(?:日期|时间)\s*[：:]\s*(?P<v>[^\n]*)"
)
_BLANK_DATE_LINE = re.compile(r"^[\s_＿]*年[\s_＿]*月[\s_＿]*日[\s_＿]*$")
_ORAL_RE = re.compile(r"口头(?:协议|约定|合同|承包|租赁)|未签订书面|无书面合同|没有书面合同")
_UNSIGNED_STATED_RE = re.compile(r"未签字|未签章|未盖章|未签名|未签订合同|未签订")
_PAYMENT_RE = re.compile(
    rf"(?:{_PRICE_NOUNS})[^。\n；]{{0,30}}?(?:支付|交纳|缴纳|交付|付清|交清|结清|收取|缴清)"
    rf"|(?:支付|交纳|缴纳|交付|付清|交清|结清|收取|缴清|付给|交给|给付)[^。\n；]{{0,10}}?(?:{_PRICE_NOUNS})"
    r"|付款方式|支付方式|缴费方式|交费方式|交款方式"
    # plain words of a hand-written agreement: "每亩每年给甲方六百五十元"
    rf"|(?:每年|每亩|一年|年)[^。\n；]{{0,12}}?(?:给|交|付)[^。\n；]{{0,8}}?{_M}"
)
# every match of _PAYMENT_RE holds one of these (支付, 交纳, 缴清, 结清, 收取, 给)
_PAYMENT_WORDS = ("付", "交", "缴", "结", "收", "给")
_BUYBACK_TRIGGER = re.compile(r"期满|届满|到期|终止|结束")
# damages when the contract ends early through a party's fault are breach liability, not a buyback
_BREACH_CAUSE = re.compile(r"违约|原因|过错|擅自|提前解除|提前终止|单方解除|征收|征用")
_BUYBACK_ACTOR = re.compile(
    r"由(?:甲方|发包方|出租方|村集体|村委会?)|(?:甲方|发包方|出租方|村集体|村委会?)(?:应|须|必须|负责|需|要|同意|按|以|向乙方)"
    r"|要求(?:甲方|发包方|出租方)"
)
_BUYBACK_VERB = re.compile(
    r"回购|收购|购买|买断|作价|折价|评估|补偿|赔偿|返还投资|退还投资|支付|给付|付给|承担"
)
_BUYBACK_OBJECT = re.compile(
    r"投资|投入|附着物|建筑|房屋|设施|厂房|果树|林木|苗木|树木|资产|大棚|设备|地上物|青苗|构筑物"
    r"|装修|装饰|改良|建设费用|工程款"
)
_BUYBACK_NEGATION = re.compile(r"不予|无偿|不再|不承担|不作|不给予|自行拆除|不负责|无需|不需")
_REQUISITION_WORDS = re.compile(r"征收|征用|征地|占用")


@dataclass(slots=True)
class Extraction:
    """Everything read from one contract. Each attribute is a :class:`Found` or None."""

    source: str = "document"  # "document" or "ledger" (a row of a 合同台账; clauses not shown)
    title: Found | None = None
    # "lease" 出租/租赁 | "transfer" 流转 (a household's own) | "contracting" 发包/承包
    # | "grant" 集体经营性建设用地使用权出让
    kind: Found | None = None
    contracting_method: Found | None = None  # "family" 家庭承包 | "other" 招标、拍卖、公开协商等
    grant_use: Found | None = None  # 出让 land use: "industrial" | "commercial" | "residential"
    lessor: Found | None = None
    lessor_collective: Found | None = None
    township: Found | None = None
    village: Found | None = None
    lessee: Found | None = None
    lessee_kind: Found | None = None  # "member" | "outsider" | "organization" | "unknown"
    asset_type: Found | None = None
    location: Found | None = None
    area: Found | None = None  # in area_unit
    area_unit: str | None = None  # "亩" | "平方米"
    start: Found | None = None
    end: Found | None = None
    years: Found | None = None  # as stated (期限X年)
    transferor_term_end: Found | None = None
    unit_price: Found | None = None  # yuan per area unit per year, as stated
    annual_rent: Found | None = None
    total_rent: Found | None = None
    price: Found | None = None  # yuan per area unit per year, stated or derived
    price_note: str | None = None  # how ``price`` was derived, for the finding
    grain_rent: Found | None = None  # {"jin", "grain", "yuan_per_jin"} per 亩 per year
    payment: Found | None = None  # the clause saying how and when the price is paid
    price_open: Found | None = None  # the price is left to be agreed or decided later
    prepaid_years: Found | None = None
    # "annual" | "lump_sum" | "installments" | "other" | "none"
    payment_schedule: Found | None = None
    use: Found | None = None
    non_agricultural_use: Found | None = None
    price_adjustment: Found | None = None
    rights: Found | None = None
    breach: Found | None = None
    requisition: Found | None = None
    maintenance: Found | None = None
    planning: Found | None = None
    consent: Found | None = None  # {"meeting", "fraction", "of", "date"}
    consent_negated: Found | None = None
    township_approval: Found | None = None
    lessor_signed: Found | None = None
    lessee_signed: Found | None = None
    signed_on: Found | None = None  # a date, or None value when the date line is blank
    oral: Found | None = None
    unsigned_stated: Found | None = None
    buyback: Found | None = None

    @property
    def family(self) -> str:
        """Which clause list applies: "land", "building" or "construction_land"."""
        asset = self.asset_type.value if self.asset_type else None
        if asset in BUILDINGS:
            return "building"
        if asset == "集体建设用地":
            return "construction_land"
        return "land"

    @property
    def term_years(self) -> float | None:
        """Contract term in years, from the dates when both are known, else as stated."""
        if self.start and self.end:
            days = (self.end.value - self.start.value).days + 1
            return round(days / 365.2425, 2)
        return self.years.value if self.years else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "area_unit": self.area_unit}
        for name in _field_names():
            value = getattr(self, name)
            if isinstance(value, Found):
                out[name] = value.to_dict()
        out["term_years"] = self.term_years
        out["price_note"] = self.price_note
        return out


@cache
def _field_names() -> tuple[str, ...]:
    return tuple(item.name for item in fields(Extraction))


# every match of DATE_RE holds 年 or a separator between the digits; of AREA_RE, a unit
_DATE_WORDS = ("年", "-", "/", ".")
_AREA_WORDS = ("亩", "公顷", "平方", "平米", "㎡", "m2", "m²")


_WORD_FINDERS: dict[tuple[str, ...], re.Pattern[str]] = {}


class _Text:
    """The contract text with its sentence and clause boundaries, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = SectionIndex(text)
        self.sentences = _spans(text, _SENTENCE_PIECE)
        self._sentence_starts = [start for start, _ in self.sentences]
        self._clauses: list[tuple[int, int]] | None = None
        self._clause_starts: list[int] = []
        self._dates: list[re.Match[str]] | None = None
        self._years: list[re.Match[str]] | None = None
        self._spans_with: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    @property
    def dates(self) -> list[re.Match[str]]:
        if self._dates is None:
            self._dates = self.scan(DATE_RE, _DATE_WORDS)
        return self._dates

    @property
    def years_stated(self) -> list[re.Match[str]]:
        if self._years is None:
            self._years = self.scan(_YEARS_RE, ("年",))
        return self._years

    @property
    def money_spans(self) -> list[tuple[int, int]]:
        """Where an amount of money can be read: the sentences that name 元 (see ``spans_with``)."""
        return self.spans_with(("元",))

    @property
    def grain_spans(self) -> list[tuple[int, int]]:
        return self.spans_with(("斤", "千克"))

    def scan(self, pattern: re.Pattern[str], words: tuple[str, ...]) -> list[re.Match[str]]:
        """Every match of ``pattern``, which always contains one of ``words``: the same as
        ``pattern.finditer(text)``, but only the sentences around those words are searched."""
        text = self.text
        return [
            match
            for start, end in self.spans_with(words)
            for match in pattern.finditer(text, start, end)
        ]

    def spans_with(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        """The runs of sentences that contain any of ``words``, each with the sentences before and
        after it when only a line break parts them ("每亩每年租金\n伍佰元"), merged where they
        touch. A pattern whose every match holds one of the words need search only these."""
        cached = self._spans_with.get(words)
        if cached is not None:
            return cached
        text = self.text
        finder = _WORD_FINDERS.get(words)
        if finder is None:
            finder = _WORD_FINDERS[words] = re.compile("|".join(map(re.escape, words)))
        sentences = self.sentences
        starts = self._sentence_starts
        last = len(sentences) - 1
        spans: list[tuple[int, int]] = []
        hit = finder.search(text)
        while hit is not None:
            pos = hit.start()
            i = bisect_right(starts, pos) - 1
            if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
                start, end = sentences[i]
                # the sentence before (after) when a line break, which it ends with, parts them
                if i > 0 and sentences[i - 1][1] == start and text[start - 1] == "\n":
                    start = sentences[i - 1][0]
                if i < last and sentences[i + 1][0] == end and text[end - 1] == "\n":
                    end = sentences[i + 1][1]
            else:  # a word that is itself a separator: no sentence holds it
                start, end = pos, pos + 1
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
            hit = finder.search(text, max(end, pos + 1))
        self._spans_with[words] = spans
        return spans

    def sentence_at(self, pos: int) -> tuple[int, int]:
        return _span_at(self.sentences, self._sentence_starts, pos)

    def clause_at(self, pos: int) -> tuple[int, int]:
        if self._clauses is None:  # comma-level spans are needed by few fields: computed late
            self._clauses = _spans(self.text, _CLAUSE_PIECE)
            self._clause_starts = [start for start, _ in self._clauses]
        return _span_at(self._clauses, self._clause_starts, pos)

    def sentences_with(
        self, pattern: re.Pattern[str], words: tuple[str, ...] | None = None
    ) -> Iterator[tuple[int, int]]:
        """Each sentence that contains a match, once, in order (cheaper than testing them all).
        With ``words`` (one of which every match holds), only the text around them is searched."""
        return self._with(pattern, self.sentence_at, words)

    def clauses_with(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
        return self._with(pattern, self.clause_at)

    def _with(self, pattern, span_at, words=None):  # type: ignore[no-untyped-def]
        last = None
        matches = pattern.finditer(self.text) if words is None else self.scan(pattern, words)
        for match in matches:
            if last is not None and match.start() < last[1]:
                continue
            span = span_at(match.start())
            if span[0] == span[1]:
                continue
            last = span
            yield span

    def found(self, value: Any, start: int, end: int) -> Found:
        return _found(self.text, value, start, end)

    def only(self, *roles: str) -> str:
        """The text of the clauses with any of ``roles``, others blanked (offsets unchanged)."""
        return self.index.keep(frozenset(roles))

    def without(self, *roles: str) -> str:
        """The text with the clauses having any of ``roles`` blanked (offsets unchanged)."""
        return self.index.keep(frozenset(roles), exclude=True)


def _positions(text: str, word: str) -> Iterator[int]:
    pos = text.find(word)
    while pos >= 0:
        yield pos
        pos = text.find(word, pos + 1)


def _span_at(spans: list[tuple[int, int]], starts: list[int], pos: int) -> tuple[int, int]:
    index = bisect_right(starts, pos) - 1
    if index >= 0 and spans[index][0] <= pos < spans[index][1]:
        return spans[index]
    return pos, pos


def _spans(text: str, pieces: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of ``text`` that ``pieces`` finds: a run of text and the separator ending it."""
    return [match.span() for match in pieces.finditer(text)]


# "甲    方：" and "租 赁 期 限" (single characters spaced out for alignment), and the stray single
# spaces that text recognition leaves between characters ("违 约责任"). Two or more spaces between
# longer words are kept: they separate fields, as in "甲方：西村    乙方：张三".
_SPACED = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]) +(?=[\u4e00-\u9fff](?![\u4e00-\u9fff]))"
    r"|([\u4e00-\u9fff（）：，。；]) (?=[\u4e00-\u9fff（）：，。；])"
)


def _spaced(text: str) -> Iterator[re.Match[str]]:
    """``_SPACED.finditer(text)``, tried only where a run of spaces begins (every match is one
    character and the spaces after it)."""
    last = 0
    pos = text.find(" ", 1)
    while pos >= 0:
        if text[pos - 1] != " " and pos - 1 >= last:
            match = _SPACED.match(text, pos - 1)
            if match:
                last = match.end()
                yield match
        pos = text.find(" ", pos + 1)


def _collapse_spacing(text: str) -> tuple[str, list[int] | None]:
    """The text without alignment spaces, and each kept character's offset in the original."""
    matches = list(_spaced(text))
    if not matches:
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for match in matches:
        keep = match.end(1) if match.group(1) else match.end(2)
        pieces.append(text[pos:keep])
        offsets.extend(range(pos, keep))
        pos = match.end()
    pieces.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(pieces), offsets


def _remap(out: Extraction, original: str, offsets: list[int]) -> None:
    """Move every span from the collapsed text back to the original text."""
    for name in _field_names():
        found = getattr(out, name)
        if not isinstance(found, Found):
            continue
        start = offsets[found.start] if found.start < len(offsets) else len(original)
        end = offsets[found.end - 1] + 1 if found.end > found.start else start
        setattr(out, name, _found(original, found.value, start, end))


def extract(raw_text: str, *, source: str = "document") -> Extraction:
    """Read the reviewable facts out of a contract's text (offsets refer to ``raw_text``)."""
    normalized = normalize_width(raw_text)
    text, offsets = _collapse_spacing(normalized)
    doc = _Text(text)
    out = _extract(doc, source)
    if offsets is not None:
        _remap(out, normalized, offsets)
    return out


def _extract(doc: _Text, source: str) -> Extraction:
    out = Extraction(source=source)
    out.title = _title(doc)
    headers, slots = _parties(doc)
    out.lessor, out.lessee = headers.get("A"), headers.get("B")
    if out.lessor is None or out.lessee is None:
        lessor, lessee = _parties_in_prose(doc)
        out.lessor = out.lessor or lessor
        out.lessee = out.lessee or lessee
    if out.lessor is None or out.lessee is None:
        lessor, lessee = _parties_unseparated(doc)
        out.lessor = out.lessor or lessor
        out.lessee = out.lessee or lessee
    out.lessor_collective = _lessor_collective(doc, out.lessor)
    out.kind = _kind(doc, out.title, out.lessor_collective)
    out.contracting_method = _contracting_method(doc, out.kind)
    out.grant_use = _grant_use(doc, out.kind)
    out.township, out.village = _township_village(doc, out.lessor)
    out.lessee_kind = _lessee_kind(doc, out.lessee, out.village, out.lessor)
    out.asset_type = _asset_type(doc, out.title)
    out.kind = _household_lease_is_transfer(out)
    out.location = _first(doc, _LOCATION_RE, group="v")
    out.area, out.area_unit = _area(doc, out.asset_type)
    out.start, out.end, out.years, out.transferor_term_end = _term(doc, out.kind)
    _rent(doc, out)
    out.payment = _first(doc, _PAYMENT_RE, words=_PAYMENT_WORDS)
    out.price_open = _first(doc, _PRICE_OPEN_RE, words=("另", "待定", "决定", "确定"))
    out.prepaid_years = _prepaid_years(doc, out)
    out.payment_schedule = _payment_schedule(doc, out)
    out.use, out.non_agricultural_use = _use(doc)
    out.price_adjustment = _price_adjustment(doc)
    out.rights = _first(doc, _RIGHTS_RE)
    out.breach = _first(doc, _BREACH_RE)
    out.requisition = _first(doc, _REQUISITION_RE, words=("补偿",))
    out.maintenance = _first(doc, _MAINTENANCE_RE)
    out.planning = _first(doc, _PLANNING_RE)
    out.consent, out.consent_negated = _consent(doc)
    out.township_approval = _first(doc, _APPROVAL_RE, words=("政府", "办事处"))
    out.lessor_signed, out.lessee_signed = _signatures(doc, slots)
    out.signed_on = _signed_on(doc)
    out.oral = _first(doc, _ORAL_RE, words=("口头", "书面"))
    out.unsigned_stated = _first(doc, _UNSIGNED_STATED_RE)
    out.buyback = _buyback(doc)
    return out


def _first(
    doc: _Text,
    pattern: re.Pattern[str],
    *,
    group: str | None = None,
    words: tuple[str, ...] | None = None,
) -> Found | None:
    """The first match; with ``words`` (one of which every match holds) only the sentences
    around them are searched."""
    if words is None:
        match = pattern.search(doc.text)
    else:
        match = None
        for start, end in doc.spans_with(words):
            match = pattern.search(doc.text, start, end)
            if match:
                break
    if not match:
        return None
    if group:
        return doc.found(match.group(group).strip(), match.start(), match.end())
    return doc.found(True, match.start(), match.end())


def _title(doc: _Text) -> Found | None:
    pos = 0
    for line in doc.text[:400].split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) <= 40 and re.search(r"合同|协议|契约|合约|字据", stripped):
            start = pos + line.index(stripped)
            return doc.found(stripped, start, start + len(stripped))
        pos += len(line) + 1
    return None


_GRANT_RE = re.compile(r"(?:使用权|建设用地)[^。\n；]{0,6}出让|出让合同|出让金")
_ENTRUSTED_RE = re.compile(
    r"受[^。\n；]{0,24}?委托|委托[^。\n；]{0,6}?(?:甲方|村委会?|村民委员会|发包方)|委托流转|代表[^。\n；]{0,12}?(?:农户|承包户|承包方)"
)
_KIND_TITLE = (
    ("grant", re.compile(r"出让")),
    ("transfer", re.compile(r"流转|转包|互换")),
    ("lease", re.compile(r"租赁|出租|租用|租地|租房")),
    ("contracting", re.compile(r"承包|拍卖|发包|竞包|成交")),
)
_KIND_BODY = (
    ("grant", _GRANT_RE),
    ("transfer", re.compile(r"土地经营权流转|流转土地|流转期限|流转费")),
    ("lease", re.compile(r"租金|租赁|出租")),
    ("contracting", re.compile(r"承包费|承包")),
)


def _kind(doc: _Text, title: Found | None, collective: Found | None) -> Found | None:
    found = None
    if title:
        for kind, pattern in _KIND_TITLE:
            if pattern.search(title.value):
                if kind == "grant" and not re.search(r"土地|建设用地|使用权", title.value):
                    continue
                found = Found(kind, title.start, title.end, title.snippet)
                break
    if found is None:
        head = doc.text[:1500]
        for kind, pattern in _KIND_BODY:
            match = pattern.search(head)
            if match:
                found = doc.found(kind, match.start(), match.end())
                break
    if (
        found is not None
        and found.value == "transfer"
        and collective is not None
        and collective.value
        and not _ENTRUSTED_RE.search(doc.text[:3000])
    ):
        # A collective putting out its own land is 出租 or 发包 whatever the title says; 流转 is
        # what a contracting household does with its land (or the collective on its behalf).
        kind = "contracting" if re.search(r"承包费|发包", doc.text[:3000]) else "lease"
        found = Found(kind, found.start, found.end, found.snippet)
    return found


_HOUSEHOLD_LAND = re.compile(r"自家|家庭承包|承包地|转租|转包")


def _household_lease_is_transfer(out: Extraction) -> Found | None:
    """A household leasing out its contracted farmland is a 流转 (农村土地承包法 第三十六条)."""
    kind, lessor = out.kind, out.lessor
    if kind is None or kind.value != "lease" or lessor is None:
        return kind
    if out.lessor_collective is None or out.lessor_collective.value:
        return kind
    if out.asset_type is not None and out.asset_type.value not in FARMLAND:
        return kind
    if _ORGANIZATION_RE.search(lessor.value):
        return kind
    if len(lessor.value) > 4 and not _HOUSEHOLD_LAND.search(out.title.value if out.title else ""):
        return kind
    return Found("transfer", kind.start, kind.end, kind.snippet)


_OTHER_METHOD_RE = re.compile(
    r"招标|投标|中标|拍卖|竞拍|竞价|竞包|公开协商|挂牌|成交确认|产权交易|四荒|荒山|荒沟|荒丘|荒滩|机动地"
)
_FAMILY_METHOD_RE = re.compile(
    r"家庭承包(?!经营权证)|本集体经济组织成员[^。\n；]{0,6}承包|按户承包"
)


_METHOD_STATED_RE = re.compile(
    r"(?:以|采取|采用|通过|按)(?P<m>家庭承包|招标|投标|拍卖|公开协商|竞价|挂牌)(?:等)?(?:的)?方式"
)


def _contracting_method(doc: _Text, kind: Found | None) -> Found | None:
    if kind is None or kind.value != "contracting":
        return None
    text = doc.without("parties", "signatures", "breach", "dispute")
    other = _OTHER_METHOD_RE.search(text)
    if other:
        return doc.found("other", other.start(), other.end())
    family = _FAMILY_METHOD_RE.search(text)
    if family:
        return doc.found("family", family.start(), family.end())
    # the recital before the first clause often says it: "甲方将集体草原以家庭承包方式承包给乙方"
    stated = _METHOD_STATED_RE.search(doc.without("signatures", "breach", "dispute"))
    if stated:
        value = "family" if stated.group("m") == "家庭承包" else "other"
        return doc.found(value, stated.start(), stated.end())
    return None


_GRANT_USES = (
    ("residential", re.compile(r"住宅|居住")),
    ("commercial", re.compile(r"商业|商服|旅游|娱乐|餐饮|宾馆|酒店|批发|零售|办公")),
    ("industrial", re.compile(r"工业|厂房|仓储|加工|制造|物流|生产")),
)


def _grant_use(doc: _Text, kind: Found | None) -> Found | None:
    if kind is None or kind.value != "grant":
        return None
    text = doc.only("use", "subject")
    for value, pattern in _GRANT_USES:
        for match in pattern.finditer(text):
            start, end = doc.clause_at(match.start())
            if _NEGATION.search(doc.text[start:end]):
                continue  # "不得建设商品住宅" says what the land is not for
            return doc.found(value, match.start(), match.end())
    return None


def _parties(doc: _Text) -> tuple[dict[str, Found], list[tuple[str, int, int, str]]]:
    """Header names per side ("A" lessor, "B" lessee) and every signature slot (side, span, value)."""
    text = doc.text
    headers: dict[str, Found] = {}
    slots: list[tuple[str, int, int, str]] = []
    tail_start = int(len(text) * 0.55)
    for line_start, line in _lines(text):
        if "：" not in line and ":" not in line and "\t" not in line:
            continue  # a party label is always followed by a colon or a table cell's tab
        generic = ("甲方" in line or "乙方" in line) and ("方）" in line or "方)" in line)
        pattern = _PARTY_RE if generic else _PARTY_FIXED_RE
        matches = list(pattern.finditer(line))
        for i, match in enumerate(matches):
            side = _side(match.group("label"), match.group("paren") or "")
            value_end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[match.end() : value_end]
            abs_start = line_start + match.start()
            is_signature = bool(_SIG_WORDS.search(match.group("paren") or "")) or (
                side in headers and line_start >= tail_start
            )
            if is_signature:
                if not _PLACEHOLDER.sub("", value) and not matches[i + 1 :]:
                    value = _name_on_next_line(text, line_start + len(line) + 1) or value
                slots.append((side, abs_start, line_start + value_end, value))
                continue
            if side in headers:
                continue
            name = _NAME_STOP.split(value.strip(), maxsplit=1)[0].strip()
            prefix = _RESIDENT_PREFIX.match(name)
            if prefix and len(name) - prefix.end() >= 2:
                name = name[prefix.end() :]
            if len(name) >= 2:
                name_start = line_start + match.end() + value.index(name[0])
                headers[side] = doc.found(name, name_start, name_start + len(name))
    return headers, slots


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _name_on_next_line(text: str, pos: int) -> str | None:
    nxt = text[pos : text.find("\n", pos) if text.find("\n", pos) >= 0 else len(text)].strip()
    if (
        nxt
        and len(nxt) <= 30
        and not _PARTY_RE.search(nxt)
        and not DATE_RE.search(nxt)
        and not re.search(r"日期|时间|年.{0,4}月|负责人|代表人|签字|盖章", nxt)
    ):
        return nxt
    return None


def _side(label: str, paren: str) -> str:
    if "甲方" in paren:
        return "A"
    if "乙方" in paren:
        return "B"
    return "A" if label in _SIDE_A else "B"


_PROSE_PARTIES = re.compile(
    r"(?P<a>[\u4e00-\u9fa5]{2,20}?)(?:将|把)[^。\n]{0,40}?(?:租给|承包给|流转给|出租给|包给|转包给)"
    r"(?P<b>[\u4e00-\u9fa5]{2,12}?)(?:耕种|使用|经营|种植|养殖|，|,|。|\s)"
)


_ROLE_A = "甲方|出租方|出租人|发包方|发包人|转出方|流出方|出让方|出让人|入股方"
_ROLE_B = "乙方|承租方|承租人|承包方|承包人|转入方|流入方|受让方|受让人"
# "西村股份经济合作社（出租方）与某合作社（承租方）经协商…"
_PROSE_ROLES = re.compile(
    rf"(?P<a>[\u4e00-\u9fa5]{{2,30}}?)[（(](?:以下简称|以下称|下称)?(?:{_ROLE_A})[）)]\s*(?:与|和|同|、)\s*"
    rf"(?P<b>[\u4e00-\u9fa5]{{2,30}}?)[（(](?:以下简称|以下称|下称)?(?:{_ROLE_B})[）)]"
)


_LITIGANT = re.compile(r"^(?:原审)?(?:原告|被告|上诉人|被上诉人|申请人|被申请人|第三人)$")


def _litigant_name(doc: _Text, role: str) -> Found | None:
    """A judgment quoting a contract names its parties by their role in the suit ("原告（甲方）
    与被告（乙方）签订…"): the name is on the line that introduces that role."""
    match = re.search(
        rf"^[ \t]*{role}(?:[（(][^）)\n]{{0,8}}[）)])?[：:]\s*(?P<v>[^\n，,。；;]{{2,40}})",
        doc.text,
        re.M,
    )
    if match is None:
        return None
    return doc.found(match.group("v").strip(), match.start("v"), match.end("v"))


# A table flattened from a PDF or a notice loses the cell border between label and name:
# "转出方袁学礼（杨庄乡袁庄村农户）", "出租方东岭村股份经济合作社（盖章）".
_UNSEPARATED = re.compile(
    rf"^[ \t]*(?P<label>{_FIXED_LABEL})(?![（(：:\t])"
    r"(?P<v>(?![应须不在的将负有可按于如对要与和同及向为是已未自所把以每之一二三四])"
    r"[\u4e00-\u9fa5]{2,30}?)(?=[（(，,。\s]|$)",
    re.M,
)
_COLLECTIVE_AFTER_LABEL = re.compile(
    r"(?P<label>出租方|发包方|出让方|出租人|发包人|出让人)"
    r"(?P<v>[\u4e00-\u9fa5]{2,24}?(?:村民委员会|村委会|股份经济合作社|经济合作社|经济联合社|村民小组))"
)


def _parties_unseparated(doc: _Text) -> tuple[Found | None, Found | None]:
    found: dict[str, Found] = {}
    for match in _UNSEPARATED.finditer(doc.text):
        side = _side(match.group("label"), "")
        line_end = doc.text.find("\n", match.end())
        line = doc.text[match.start() : line_end if line_end >= 0 else len(doc.text)]
        if side in found or "。" in line or _SIG_WORDS.search(line[:12]):
            continue
        found[side] = doc.found(match.group("v"), match.start("v"), match.end("v"))
    if "A" not in found:
        match = _COLLECTIVE_AFTER_LABEL.search(doc.text)
        if match:
            found["A"] = doc.found(match.group("v"), match.start("v"), match.end("v"))
    return found.get("A"), found.get("B")


# A notice or a judgment records who signed: "合同已于…由后庄村股份经济合作社（盖章）与庄立军（签字）签订"
_SIGNED_BETWEEN = re.compile(
    r"由(?P<a>[\u4e00-\u9fa5]{2,30}?)(?:[（(][^）)\n]{0,24}[）)])?\s*(?:与|和|同)\s*"
    r"(?P<b>[\u4e00-\u9fa5]{2,30}?)(?:[（(][^）)\n]{0,24}[）)])?\s*(?:签订|订立|签署|签约)"
)


def _signed_between(doc: _Text) -> tuple[Found | None, Found | None]:
    match = _SIGNED_BETWEEN.search(doc.text)
    if not match:
        return None, None
    return (
        doc.found(match.group("a"), match.start("a"), match.end("a")),
        doc.found(match.group("b"), match.start("b"), match.end("b")),
    )


def _parties_in_prose(doc: _Text) -> tuple[Found | None, Found | None]:
    roles = _PROSE_ROLES.search(doc.text[:1500])
    if roles:
        found = []
        for group in ("a", "b"):
            value = roles.group(group)
            named = _litigant_name(doc, value) if _LITIGANT.match(value) else None
            found.append(named or doc.found(value, roles.start(group), roles.end(group)))
        return found[0], found[1]
    match = _PROSE_PARTIES.search(doc.text[:600])
    if not match:
        return _signed_between(doc)
    a = re.sub(r"^(?:今|现|经协商|兹有|今有)", "", match.group("a"))
    a_start = match.end("a") - len(a)
    return (
        doc.found(a, a_start, match.end("a")),
        doc.found(match.group("b"), match.start("b"), match.end("b")),
    )


def _lessor_collective(doc: _Text, lessor: Found | None) -> Found | None:
    if lessor is None:
        return None
    if (
        _COLLECTIVE_RE.search(lessor.value)
        or re.fullmatch(r".{1,8}村", lessor.value)
        or lessor.value in {"村里", "村上", "本村", "队里", "组里"}
    ):
        return Found(True, lessor.start, lessor.end, lessor.snippet)
    # 发包方 is the collective by definition (农村土地承包法 第十三条).
    label = doc.text[max(0, lessor.start - 12) : lessor.start]
    if re.search(r"发包方|发包人", label):
        return Found(True, lessor.start, lessor.end, lessor.snippet)
    return Found(False, lessor.start, lessor.end, lessor.snippet)


def _strip_to_township(name: str) -> str:
    return re.sub(r"^.*[省市县区](?=.)", "", name)


def _township_village(doc: _Text, lessor: Found | None) -> tuple[Found | None, Found | None]:
    township = village = None
    if lessor is not None:
        name = lessor.value
        match = _TOWNSHIP_RE.search(name)
        rest = name
        if match:
            value = _strip_to_township(match.group("t"))
            start = lessor.start + match.end("t") - len(value)
            township = doc.found(value, start, lessor.start + match.end("t"))
            rest = name[match.end() :]
        core = _COLLECTIVE_SUFFIX.sub("", rest)
        if core and core != rest and len(core) <= 10:
            start = lessor.start + len(name) - len(rest)
            village = doc.found(_village_name(core), start, start + len(core))
    if township is None:
        label = re.search(r"(?:乡镇|镇街|所属乡镇)[：:]\s*(?P<v>[^\n，。；]{2,10})", doc.text)
        if label:
            township = doc.found(label.group("v").strip(), label.start("v"), label.end("v"))
        else:
            location = _LOCATION_RE.search(doc.text)
            if location:
                match = _TOWNSHIP_RE.search(location.group("v"))
                if match:
                    value = _strip_to_township(match.group("t"))
                    end = location.start("v") + match.end("t")
                    township = doc.found(value, end - len(value), end)
    if village is None:
        label = re.search(r"(?:所属村|村居|村庄|村名)[：:]\s*(?P<v>[^\n，。；]{1,10})", doc.text)
        if label:
            value = label.group("v").strip()
            village = doc.found(_village_name(value), label.start("v"), label.end("v"))
    return township, village


def _village_name(core: str) -> str:
    """ "前河" and "前河村" name the same village; "王家庄" stays as it is."""
    return core if re.search(r"(?:村|庄|屯|社区|居|组|寨|堡|营|店|铺|集)$", core) else core + "村"


def _village_of_address(address: str) -> str | None:
    address = re.sub(r"^.*?(?:街道|镇|乡)", "", address)
    match = _VILLAGE_IN_ADDRESS.search(address)
    return match.group("v") if match else None


_RESIDENCE_RE = re.compile(
    r"(?:住所|住址|地址|家庭住址|户籍地|户籍|通讯地址|家住|居住在|居住于|住)[：:]?\s*"
    r"(?P<v>[^\n，,。；;）)（(\t]{2,40})"
    r"|(?P<r>[\u4e00-\u9fa5]{1,16}?(?:村|庄|屯|社区|街道|镇|乡))(?:第?[一二三四五六七八九十\d]{1,3}(?:村民小组|组|社))?"
    r"(?:村民|居民|农户|人)(?![委小代])"
)
_PLACE_RE = re.compile(r"[省市县区]|街道")


def _block_of(doc: _Text, found: Found) -> tuple[int, int]:
    """The party's lines: from the start of its line to the next party label (at most 160 chars)."""
    text = doc.text
    start = text.rfind("\n", 0, found.start) + 1
    end = min(len(text), found.end + 160)
    nxt = _PARTY_RE.search(text, found.end, end)
    return start, nxt.start() if nxt else end


def _residence(doc: _Text, start: int, end: int) -> tuple[str | None, bool, int, int] | None:
    """Where a party lives as its block says: (village or None, names a place, span)."""
    for match in _RESIDENCE_RE.finditer(doc.text, start, end):
        group = "v" if match.group("v") else "r"
        value = match.group(group)
        village = _village_of_address(value)
        return village, bool(_PLACE_RE.search(value)), match.start(group), match.end(group)
    return None


def _same_village(a: str, b: str) -> bool:
    a, b = re.sub(r"村$", "", a), re.sub(r"村$", "", b)
    return a == b or (len(a) >= 2 and len(b) >= 2 and (a.endswith(b) or b.endswith(a)))


def _lessee_kind(
    doc: _Text, lessee: Found | None, village: Found | None, lessor: Found | None
) -> Found | None:
    if lessee is None:
        return None
    name = lessee.value
    match = _ORGANIZATION_RE.search(name)
    if match:
        return doc.found("organization", lessee.start, lessee.end)
    text = doc.text
    block_start, block_end = _block_of(doc, lessee)
    windows = [(block_start, block_end)]
    windows += [
        (m.start(), m.end())
        for m in re.finditer(r"乙方[^。\n；]{0,4}(?:系|为|是|属)[^。\n；]{0,20}", text)
    ]
    for start, end in windows:
        segment = text[start:end]
        found = _OUTSIDER_RE.search(segment)
        if found:
            return doc.found("outsider", start + found.start(), start + found.end())
        found = _MEMBER_RE.search(segment)
        if found:
            return doc.found("member", start + found.start(), start + found.end())
    home = village.value if village is not None else None
    if home is None and lessor is not None:
        # a household lessor: the lessee is a member if it lives in the lessor's village
        lessor_home = _residence(doc, *_block_of(doc, lessor))
        home = lessor_home[0] if lessor_home else None
    place = _residence(doc, block_start, block_end)
    if place is not None and home is not None:
        lessee_village, names_place, start, end = place
        if lessee_village:
            kind = "member" if _same_village(lessee_village, home) else "outsider"
            return doc.found(kind, start, end)
        if names_place:  # an address in a town or city, not in the village
            return doc.found("outsider", start, end)
    return doc.found("unknown", lessee.start, lessee.end)


def _asset_type(doc: _Text, title: Found | None) -> Found | None:
    if title:
        match = _ASSET_RE.search(title.value)
        if match:
            return Found(_ASSET_OF_WORD[match.group()], title.start, title.end, title.snippet)
    label = re.search(
        r"(?:土地|资产|地类|资源)(?:类型|性质|种类|用途类别)?[：:]\s*(?P<v>[^\n，。；]{1,12})",
        doc.text,
    )
    if label:
        kind = asset_type_of(label.group("v"))
        if kind:
            return doc.found(kind, label.start("v"), label.end("v"))
    for match in _ASSET_RE.finditer(doc.text):
        start, end = doc.clause_at(match.start())
        if _NEGATION.search(doc.text[start:end]):
            continue
        return doc.found(_ASSET_OF_WORD[match.group()], match.start(), match.end())
    match = re.search(r"土地|地块|承包地|自留地|口粮田|租地|种地", doc.text)
    if match:
        return doc.found("耕地", match.start(), match.end())
    return None


def _area(doc: _Text, asset: Found | None) -> tuple[Found | None, str | None]:
    want = "平方米" if asset is not None and asset.value in BUILDINGS else "亩"
    labeled: list[tuple[int, re.Match[str]]] = []
    plain: list[re.Match[str]] = []
    for match in doc.scan(AREA_RE, _AREA_WORDS):
        before = doc.text[max(0, match.start() - 14) : match.start()]
        if re.search(r"每[间个栋套处块座]?约?\s*$|亩均|人均|单[间个栋]", before):
            continue
        if re.search(r"共计?|合计|总计?", before[-3:]) and not _AREA_LABEL.search(before):
            plain.insert(0, match)
            continue
        label = _AREA_LABEL.search(before) or (match if match.group("unit2") else None)
        if label:
            specific = (
                0 if label.group().startswith(("流转", "租赁", "承包", "出租", "建筑")) else 1
            )
            if re.search(r"(?:共计?|合计|总计?)\s*$", before):
                specific = -1  # "共240平方米" after the size of each room
            labeled.append((specific, match))
        else:
            plain.append(match)
    candidates = [m for _, m in sorted(labeled, key=lambda pair: pair[0])] + plain
    chosen = None
    for match in candidates:
        unit = area_in_unit(1.0, match.group("unit") or match.group("unit2"))[1]
        if unit == want:
            chosen = match
            break
    if chosen is None and candidates:
        chosen = candidates[0]
    if chosen is None:
        return None, None
    number = parse_number(chosen.group("num") or chosen.group("num2"))
    if number is None or number <= 0:
        return None, None
    fen = chosen.group("fen")
    if fen:  # 三亩六分: a 分 is a tenth of a 亩
        number += (parse_number(fen) or 0) / 10
    value, unit = area_in_unit(number, chosen.group("unit") or chosen.group("unit2"))
    return doc.found(round(value, 4), chosen.start(), chosen.end()), unit


_HOUSEHOLD_TERM = (
    r"二轮|第二轮|原承包|承包经营权证|承包经营权登记|家庭承包|"
    r"(?:农户|承包户|承包方|转出方|流出方|甲方|出租方|出让方)(?:的|家庭)?(?:土地)?承包(?:经营权)?(?:期|合同)"
)
_HOUSEHOLD_TERM_RE = re.compile(_HOUSEHOLD_TERM)
_HOUSEHOLD_TERM_LOOSE_RE = re.compile(_HOUSEHOLD_TERM + r"|承包期(?!限)")
_OWN_TERM_RE = re.compile(
    r"流转期|租赁期|租期|出租期|使用期|经营期|合同期|有效期|本合同|期限|出让期|出让年限|承包期限"
)
_NOT_TERM_SECTIONS = ("consent", "signatures", "breach", "requisition", "dispute", "annex")


def _about_household_term(text: str, pos: int, kind: str | None) -> bool:
    """Whether the words just before ``pos`` (same sentence) speak of the household's 承包期."""
    begin = max(text.rfind(sep, 0, pos) for sep in "。；;\n") + 1
    before = text[max(begin, pos - 60) : pos]
    cue = _HOUSEHOLD_TERM_RE if kind == "contracting" else _HOUSEHOLD_TERM_LOOSE_RE
    household = [m.end() for m in cue.finditer(before)]
    if not household:
        return False
    own = [m.start() for m in _OWN_TERM_RE.finditer(before)]
    return not own or household[-1] > own[-1]


def _term(
    doc: _Text, kind: Found | None
) -> tuple[Found | None, Found | None, Found | None, Found | None]:
    kind_value = kind.value if kind is not None else None
    text = doc.text
    dates = doc.dates
    at = doc.index.at

    def in_term(pos: int) -> bool:
        return at(pos).has("term")

    def not_other(pos: int) -> bool:
        return not at(pos).has(*_NOT_TERM_SECTIONS)

    start = end = household_end = None
    for allowed in (in_term, not_other):
        chosen = [d for d in dates if allowed(d.start())]
        start, end, household = _date_range(doc, chosen, kind_value)
        household_end = household_end or household
        if start is not None:
            break
    years = None
    for allowed in (in_term, not_other):
        years = _stated_years(doc, allowed, kind_value)
        if years is not None:
            break
    if start is None:
        for match in dates:
            if not not_other(match.start()):
                continue
            if re.search(r"(?:自|从)\s*$", text[max(0, match.start() - 3) : match.start()]) and (
                re.match(r"\s*(?:日)?(?:起|开始)", text[match.end() : match.end() + 4])
            ):
                if _about_household_term(text, match.start(), kind_value):
                    continue
                day = parse_date(match)
                if day:
                    start = doc.found(day, match.start(), match.end())
                    break
    if end is None:
        season_start, season_end = _season_range(doc, not_other, kind_value)
        if season_start is not None:
            start, end = season_start, season_end
    if start is not None and end is None and years is not None and years.value == int(years.value):
        computed = add_years(start.value, int(years.value)) - timedelta(days=1)
        end = Found(computed, years.start, years.end, years.snippet)
    transferor_end = household_end
    if transferor_end is None and (kind_value == "transfer" or re.search(r"二轮|承包期", text)):
        transferor_end = _transferor_end(doc, dates, start, end)
    return start, end, years, transferor_end


# A hand-written agreement between farmers often dates its term by the farming season ("2025年秋种
# 到2026年夏收", "从2023年秋收以后开始，到2028年秋收为止"): the season's month, its first day for a
# start and its last day for an end.
_SEASON_MONTHS = {
    "春耕": 3, "春播": 4, "春种": 4, "麦收": 6, "夏收": 6, "夏种": 6, "秋收": 10, "秋种": 10,
    "秋播": 10, "冬闲": 11, "年底": 12, "年初": 1,
}  # fmt: skip
_SEASON_DATE_RE = re.compile(
    r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(?:的)?(?P<season>"
    + "|".join(_SEASON_MONTHS)
    + ")"
)
_SEASON_GAP = re.compile(
    r"\s*(?:以后|之后|后|结束)?\s*(?:起|开始)?\s*[，,]?\s*(?:一直)?(?:至|到|止至|—+|－|-|~|～)\s*$"
)


def _season_range(
    doc: _Text, allowed: Callable[[int], bool], kind: str | None
) -> tuple[Found | None, Found | None]:
    """The term when it is dated by seasons (or by a date at one end and a season at the other)."""
    text = doc.text
    if not any(season in text for season in _SEASON_MONTHS):
        return None, None
    points = sorted(
        [(m, "season") for m in _SEASON_DATE_RE.finditer(text)] + [(m, "date") for m in doc.dates],
        key=lambda pair: pair[0].start(),
    )
    for (first, kind1), (second, kind2) in zip(points, points[1:], strict=False):
        if "season" not in (kind1, kind2) or not allowed(first.start()):
            continue
        if second.start() - first.end() > 12 or not _SEASON_GAP.fullmatch(
            text[first.end() : second.start()]
        ):
            continue
        if _about_household_term(text, first.start(), kind):
            continue
        d1 = _season_day(first, end=False) if kind1 == "season" else parse_date(first)
        d2 = (
            _season_day(second, end=True)
            if kind2 == "season"
            else parse_date(second, end_of_month=True)
        )
        if d1 and d2 and d2 > d1:
            return (
                doc.found(d1, first.start(), first.end()),
                doc.found(d2, second.start(), second.end()),
            )
    return None, None


def _season_day(match: re.Match[str], *, end: bool) -> date | None:
    year = parse_number(match.group("y")) if match.group("y").isdigit() else None
    if year is None:
        digits = "〇一二三四五六七八九"
        year = int("".join(str(digits.index(c) if c in digits else 0) for c in match.group("y")))
    month = _SEASON_MONTHS[match.group("season")]
    first = date(int(year), month, 1)
    if not end:
        return first
    following = date(int(year) + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def _date_range(
    doc: _Text, dates: list[re.Match[str]], kind: str | None
) -> tuple[Found | None, Found | None, Found | None]:
    """The contract's own start and end among ``dates``, and the household's term end if quoted."""
    text = doc.text
    household_end = None
    for first, second in zip(dates, dates[1:], strict=False):
        if second.start() - first.end() > 12 or not _RANGE_GAP.fullmatch(
            text[first.end() : second.start()]
        ):
            continue
        # a meeting's own dates ("于…至…召开村民代表会议"), within the same sentence only
        sentence_start = doc.sentence_at(first.start())[0]
        before = text[max(0, sentence_start, first.start() - 40) : first.start()]
        if _MEETING_RE.search(before) or re.search(r"会议|召开", before[-12:]):
            continue
        d1, d2 = parse_date(first), parse_date(second, end_of_month=True)
        if not (d1 and d2 and d2 > d1):
            continue
        if _about_household_term(text, first.start(), kind):
            if household_end is None:
                household_end = doc.found(d2, second.start(), second.end())
            continue
        return (
            doc.found(d1, first.start(), first.end()),
            doc.found(d2, second.start(), second.end()),
            household_end,
        )
    return None, None, household_end


def _stated_years(doc: _Text, allowed: Callable[[int], bool], kind: str | None) -> Found | None:
    text = doc.text
    for match in doc.years_stated:
        if not allowed(match.start()):
            continue
        number = match.group("num") or match.group("num2") or match.group("num3")
        value = parse_number(number)
        if value is None or not 0 < value <= 99:
            continue
        if match.group("num3") and not doc.index.at(match.start()).has("term"):
            before = text[max(0, match.start() - 60) : match.start()]
            if not (DATE_RE.search(before) or re.search(r"(?:从|自)[^。；]*(?:到|至)", before)):
                continue  # "一共五年" counts a term only after its dates or in the term clause
        if _about_household_term(text, match.end(), kind):
            continue
        after = text[match.end() : match.end() + 3]
        if re.match(r"[内中后]|以[内上]|的(?:租金|承包费|费用)", after):
            continue
        return doc.found(value, match.start(), match.end())
    return None


def _transferor_end(
    doc: _Text, dates: list[re.Match[str]], start: Found | None, end: Found | None
) -> Found | None:
    text = doc.text
    own = {found.start for found in (start, end) if found is not None}
    for s_start, s_end in doc.sentences_with(_TRANSFEROR_CUE, ("承包", "二轮")):
        inside = [m for m in dates if s_start <= m.start() < s_end and m.start() not in own]
        # The last date in the sentence after 至/到/届满 is the end of the household's term.
        for match in reversed(inside):
            before = text[max(s_start, match.start() - 20) : match.start()]
            after = text[match.end() : match.end() + 6]
            if re.search(r"至|到|截至|截止|止于|届满", before) or re.search(r"届满|到期|止", after):
                value = parse_date(match, end_of_month=True)
                if value:
                    return doc.found(value, match.start(), match.end())
    return None


# Patterns that begin with an amount are slow to try at every position; try them only just
# before the unit that must follow the amount.
_AMOUNT_FIRST_ANCHORS = {
    _UNIT_PRICE_RES[2]: re.compile(r"(?:/|每)\s*亩"),
    _UNIT_PRICE_RES[3]: re.compile(r"(?:/|每)\s*年(?:度)?\s*(?:[/·.]|每)\s*亩"),
    _BUILDING_PRICE_RES[2]: re.compile(rf"(?:/|每)\s*{_SQM}"),
    _BUILDING_PRICE_RES[3]: re.compile(rf"(?:/|每)\s*(?:年|月)\s*[/·.每]\s*{_SQM}"),
    _HECTARE_PRICE_RE: re.compile(r"公顷"),
}


def _matches(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` inside ``spans`` (the stretches of text that can hold one)."""
    anchor = _AMOUNT_FIRST_ANCHORS.get(pattern)
    if anchor is None:
        for start, end in spans:
            yield from pattern.finditer(text, start, end)
        return
    last = -1
    for start, end in spans:
        for hit in anchor.finditer(text, start, end):
            match = pattern.search(text, max(start, hit.start() - 48, last), hit.end() + 8)
            if match and match.start() >= last:
                last = match.end()
                yield match


_NOT_PRICE_SECTIONS = ("breach", "requisition", "consent", "signatures", "dispute", "expiry")


def _rent_match(pattern: re.Pattern[str], doc: _Text) -> re.Match[str] | None:
    """The first match that is a rent (not a deposit, damages or compensation): in the price or
    payment clause if there is one, else anywhere but the clauses that speak of other money."""
    text = doc.text
    at = doc.index.at
    fallback = None
    spans = doc.grain_spans if pattern is _GRAIN_RENT_RE else doc.money_spans
    for match in _matches(pattern, text, spans):
        section = at(match.start())
        if section.has(*_NOT_PRICE_SECTIONS):
            continue
        if _NOT_RENT_AMOUNT.search(_clause_containing(text, match.start())):
            continue
        if section.has("price", "payment"):
            return match
        fallback = fallback or match
    return fallback


def _money(match: re.Match[str], group: str = "money") -> float | None:
    inner = MONEY_RE.search(match.group(group))
    if inner is None:
        return None
    return parse_money(inner.group("num"), inner.group("unit"), inner.group("jiao"))


def _rent(doc: _Text, out: Extraction) -> None:
    building = out.area_unit == "平方米"
    best: tuple[re.Match[str], float, str] | None = None
    at = doc.index.at

    def better(match: re.Match[str]) -> bool:
        """Earlier in the text, but a figure in the rent clause before one quoted elsewhere
        (a renewal that recites the old rent before the new one)."""
        if best is None:
            return True
        here, there = at(match.start()), at(best[0].start())
        in_clause = here.has("price", "payment")
        if in_clause != there.has("price", "payment"):
            return in_clause
        return match.start() < best[0].start()

    if building:
        for pattern in _BUILDING_PRICE_RES:
            match = _rent_match(pattern, doc)
            value = _money(match) if match else None
            if match and value is not None and better(match):
                period = match.group("period")
                factor = {"年": 1, "月": 12, "天": 365, "日": 365}[period]
                note = f"合同载明每平方米每{period}{_number(value)}元" + (
                    f"，折合每年{_number(value * factor)}元" if factor != 1 else ""
                )
                best = (match, value * factor, note)
    else:
        for pattern in _UNIT_PRICE_RES:
            match = _rent_match(pattern, doc)
            value = _money(match) if match else None
            if match and value is not None and better(match):
                best = (match, value, f"合同载明每亩每年{_number(value)}元")
        match = _rent_match(_HECTARE_PRICE_RE, doc)
        if match and better(match):
            value = _money(match, "money" if match.group("money") else "money2")
            if value is not None:
                note = f"合同载明每公顷每年{_number(value)}元，折合每亩{_number(value / 15)}元"
                best = (match, value / 15, note)
    if best is not None:
        match, value, note = best
        out.unit_price = doc.found(round(value, 4), match.start(), match.end())
        out.price_note = note
    match = _rent_match(_ANNUAL_RE, doc)
    if match and (out.unit_price is None or match.start() != out.unit_price.start):
        value = _money(match)
        if value is not None:
            out.annual_rent = doc.found(value, match.start(), match.end())
    if out.annual_rent is None:
        match = _rent_match(_MONTHLY_RE, doc)
        if match:
            value = _money(match)
            if value is not None:
                out.annual_rent = doc.found(value * 12, match.start(), match.end())
    match = _rent_match(_TOTAL_RE, doc)
    if match:
        value = _money(match)
        if value is not None:
            out.total_rent = doc.found(value, match.start(), match.end())
    if out.total_rent is None:
        match = _rent_match(_LUMP_TOTAL_RE, doc)
        sentence = doc.text[slice(*doc.sentence_at(match.start()))] if match else ""
        if match and not _ANNUAL_PAYMENT.search(sentence):  # not "每年…一次性交清当年租金"
            value = _money(match)
            if value is not None:
                out.total_rent = doc.found(value, match.start(), match.end())
    out.grain_rent = _grain_rent(doc)
    free = _FREE_RE.search(doc.without(*_NOT_PRICE_SECTIONS))
    area = out.area.value if out.area else None
    unit = out.area_unit or "亩"
    years = out.term_years
    if out.unit_price is not None:
        out.price = out.unit_price
    elif out.annual_rent is not None and area:
        value = round(out.annual_rent.value / area, 2)
        out.price = Found(
            value, out.annual_rent.start, out.annual_rent.end, out.annual_rent.snippet
        )
        out.price_note = f"年租金{_number(out.annual_rent.value)}元÷面积{_number(area)}{unit}"
    elif out.grain_rent is not None and out.grain_rent.value.get("yuan_per_jin"):
        grain = out.grain_rent.value
        value = round(grain["jin"] * grain["yuan_per_jin"], 2)
        out.price = Found(value, out.grain_rent.start, out.grain_rent.end, out.grain_rent.snippet)
        out.price_note = (
            f"每亩每年{_number(grain['jin'])}斤{grain['grain'] or '粮食'}"
            f"×合同载明每斤{_number(grain['yuan_per_jin'])}元"
        )
    elif out.total_rent is not None and area and years:
        value = round(out.total_rent.value / years / area, 2)
        out.price = Found(value, out.total_rent.start, out.total_rent.end, out.total_rent.snippet)
        out.price_note = f"总价款{_number(out.total_rent.value)}元÷期限{_number(years)}年÷面积{_number(area)}{unit}"
    elif free is not None:
        out.price = doc.found(0.0, free.start(), free.end())
        out.price_note = "合同约定无偿使用"
    if out.price is not None and out.price.value:
        sentence = doc.text[slice(*doc.sentence_at(out.price.start))]
        section = doc.index.at(out.price.start)
        if _STEPPED_RE.search(sentence) or _STEPPED_RE.search(
            doc.text[section.start : section.end]
        ):
            out.price_note = (out.price_note or "") + "；租金分段递增，按首期价格计"


def _grain_rent(doc: _Text) -> Found | None:
    match = _rent_match(_GRAIN_RENT_RE, doc)
    if match is None:
        return None
    qty = parse_number(match.group("qty"))
    if qty is None or qty <= 0:
        return None
    jin = qty * 2 if match.group("unit") in {"公斤", "千克"} else qty
    grain = match.group("grain")
    if grain is None:
        named = re.search(_GRAINS, doc.text[match.end() : match.end() + 12])
        grain = named.group() if named else None
    yuan_per_jin = None
    start, end = doc.sentence_at(match.start())
    price = _GRAIN_PRICE_RE.search(doc.text, start, end)
    if price:
        value = _money(price, "money" if price.group("money") else "money2")
        unit = price.group("unit") or price.group("unit2")
        if value is not None and value < 50:
            yuan_per_jin = value / 2 if unit in {"公斤", "千克"} else value
    value = {"jin": jin, "grain": grain, "yuan_per_jin": yuan_per_jin}
    return doc.found(value, match.start(), match.end())


def _number(value: float) -> str:
    if abs(value - round(value)) < 0.005:
        return f"{round(value):,}"
    return f"{value:,.2f}"


def _blanked(text: str) -> str:
    """``text`` without the NULs that stand for blanked clauses."""
    return text.replace("\x00", "")


def _prepaid_years(doc: _Text, out: Extraction) -> Found | None:
    text = doc.only("price", "payment")
    if not _blanked(text).strip():  # no clause is about the price: read the rest
        text = doc.without("breach", "requisition", "consent", "signatures", "dispute", "expiry")
    for s_start, s_end in doc.sentences_with(_LUMP_CUE):
        sentence = text[s_start:s_end]
        if not _blanked(sentence).strip():
            continue
        if _NOT_RENT_PAYMENT.search(sentence) and not re.search(_PRICE_NOUNS, sentence):
            continue
        for pattern in _LUMP_YEARS_RES:
            for match in pattern.finditer(sentence):
                clause = _clause_containing(sentence, match.start())
                if _NOT_RENT_PAYMENT.search(clause):
                    continue
                value = parse_number(match.group("num"))
                if value is not None and 0 < value <= 99:
                    if pattern is _LUMP_YEARS_RES[2] and value <= 1:
                        continue  # 每一年支付一次
                    return doc.found(value, s_start + match.start(), s_start + match.end())
        match = _LUMP_ALL_RE.search(sentence)
        if match:
            clause = _clause_containing(sentence, match.start())
            if _NOT_RENT_PAYMENT.search(clause):
                continue
            if not re.search(_PRICE_NOUNS + r"|款", sentence):
                continue
            schedule = _PER_UNIT_YEAR.sub("", clause)
            if _ANNUAL_PAYMENT.search(schedule) and not _WHOLE_TERM.search(schedule):
                continue
            years = out.term_years
            if years is not None and years > 1:
                return doc.found(round(years, 2), s_start + match.start(), s_start + match.end())
    return None


_INSTALMENTS_RE = re.compile(r"分期|分[两二三四五六七八九十\d]+(?:期|次)|首期|第一期|余款|尾款")
_OTHER_PERIOD_RE = re.compile(r"每半年|半年度|每季度?|按季|季度|每月|按月")
_ANNUAL_SCHEDULE_RE = re.compile(
    r"每年|当年|按年|逐年|年度|每一年|次年|年底|年初|年末|分[两二三四五六七八九十\d]+年"
)


def _payment_schedule(doc: _Text, out: Extraction) -> Found | None:
    """How the price is paid: yearly, all at once, in instalments, otherwise, or not at all."""
    if out.price is not None and out.price.value == 0:
        return out.price and Found("none", out.price.start, out.price.end, out.price.snippet)
    prepaid = out.prepaid_years
    years = out.term_years
    if prepaid is not None:
        whole = years is None or prepaid.value >= years - 0.05
        value = "lump_sum" if whole else "installments"
        return Found(value, prepaid.start, prepaid.end, prepaid.snippet)
    for text in (doc.only("price", "payment"), doc.without(*_NOT_PRICE_SECTIONS)):
        if out.kind is not None and out.kind.value == "grant" and _LUMP_ALL_RE.search(text):
            match = _LUMP_ALL_RE.search(text)
            assert match is not None
            return doc.found("lump_sum", match.start(), match.end())
        for value, pattern in (
            ("installments", _INSTALMENTS_RE),
            ("other", _OTHER_PERIOD_RE),
            ("annual", _ANNUAL_SCHEDULE_RE),
        ):
            for match in pattern.finditer(text):
                if value == "annual" and _PER_UNIT_YEAR.search(
                    text, max(0, match.start() - 3), match.end() + 3
                ):
                    continue
                return doc.found(value, match.start(), match.end())
    if out.payment is not None:
        return Found("other", out.payment.start, out.payment.end, out.payment.snippet)
    return None


def _clause_containing(sentence: str, pos: int) -> str:
    seps = "，,。；;\n\t"
    left = max(sentence.rfind(sep, 0, pos) for sep in seps)
    right_candidates = [i for i in (sentence.find(sep, pos) for sep in seps) if i >= 0]
    right = min(right_candidates) if right_candidates else len(sentence)
    return sentence[left + 1 : right]


def _use(doc: _Text) -> tuple[Found | None, Found | None]:
    text = doc.without("breach", "requisition", "dispute", "expiry", "consent", "signatures")
    use = non_agricultural = None
    for c_start, c_end in doc.clauses_with(_USE_ANY):
        clause = text[c_start:c_end]
        if _NEGATION.search(clause):
            continue
        sentence = text[slice(*doc.sentence_at(c_start))]
        if _REQUISITION_WORDS.search(sentence) or _BUYBACK_TRIGGER.search(sentence):
            continue
        if use is None and _USE_SENTENCE.search(clause):
            value = re.sub(
                r"^.*?(?:用于|用途为|用途是|用途：|用途:|用作|用来|从事)", "", clause
            ).strip("，,。；;：: \n")
            if value:
                use = doc.found(value, c_start, c_end)
        if non_agricultural is None and _USE_CUE.search(clause):
            match = _NON_AGRICULTURAL.search(clause)
            if match and _SOFT_NON_AGRICULTURAL.fullmatch(match.group()):
                words = _NON_AGRICULTURAL.findall(clause)
                if _FARM_FACILITY.search(sentence) and all(
                    _SOFT_NON_AGRICULTURAL.fullmatch(w) for w in words
                ):
                    match = None
            if match:
                value = clause.strip("，,。；;：: \n")
                value = (
                    re.sub(r"^.*?(?:用于|用途为|用途是|用途：|用途:|用作|从事)", "", value) or value
                )
                non_agricultural = doc.found(value, c_start, c_end)
    return use, non_agricultural


def _price_adjustment(doc: _Text) -> Found | None:
    text = doc.text
    for s_start, s_end in doc.sentences_with(_ADJUST_RE):
        sentence = text[s_start:s_end]
        match = _ADJUST_RE.search(sentence)
        if match and _PRICE_WORD_RE.search(sentence) and not _NEGATION.search(sentence):
            return doc.found(True, s_start, s_end)
    return None


def _consent(doc: _Text) -> tuple[Found | None, Found | None]:
    text = doc.text
    negated = None
    for s_start, s_end in doc.sentences_with(_MEETING_RE):
        sentence = text[s_start:s_end]
        meeting = _MEETING_RE.search(sentence)
        if not meeting:
            continue
        if _MEETING_NEGATED.search(sentence[: meeting.start() + 1]):
            negated = negated or doc.found(True, s_start, s_end)
            continue
        fraction, of = _fraction(sentence)
        when = None
        for match in DATE_RE.finditer(sentence):
            when = parse_date(match)
            break
        value = {"meeting": meeting.group(), "fraction": fraction, "of": of, "date": when}
        return doc.found(value, s_start, s_end), negated
    return None, negated


_COUNT_RE = re.compile(
    rf"(?P<label>[^\d，,。；;、（()）]{{0,12}}?)(?<![\d.])(?P<num>{NUM})\s*(?:人|名|户|票|位)"
)
_COUNT_KINDS = (
    ("yes", re.compile(r"同意|赞成|通过")),
    ("no", re.compile(r"反对|弃权|不同意|未到|缺席|请假")),
    ("present", re.compile(r"实到|到会|出席|参会|参加|与会|到场")),
    (
        "total",
        re.compile(
            r"应到|应参加|应出席|全体|共有|总数|总人数|共|有选举权|周岁以上|村民|成员|代表|户主"
        ),
    ),
)


def _counts(sentence: str) -> tuple[float | None, float | None, float | None]:
    """(total, present, yes) counted in a meeting record, each by the words before its number."""
    found: dict[str, float] = {}
    for match in _COUNT_RE.finditer(sentence):
        label = match.group("label")
        number = parse_number(match.group("num"))
        if number is None or number <= 0:
            continue
        after = re.match(r"\s*(?:表示)?(同意|赞成)", sentence[match.end() : match.end() + 4])
        if after:  # "27人同意"
            found.setdefault("yes", number)
            continue
        # the word nearest the number says what it counts ("表决同意：应到代表30人" is the total)
        nearest = None
        for kind, pattern in _COUNT_KINDS:
            for hit in pattern.finditer(label):
                if nearest is None or hit.end() > nearest[1]:
                    nearest = (kind, hit.end())
        if nearest is not None:
            found.setdefault(nearest[0], number)
    return found.get("total"), found.get("present"), found.get("yes")


def _fraction(sentence: str) -> tuple[float | None, str | None]:
    total, present, yes = _counts(sentence)
    if yes is not None and total and yes > total:
        total = None  # a count read as the total that cannot be one
    if yes is not None and total:
        return round(yes / total, 4), "all"
    if yes is not None and present:
        return round(yes / present, 4), "attendees"
    match = _TWO_THIRDS_RE.search(sentence)
    if match:
        of = "attendees" if _ATTENDEES_FRACTION.search(sentence[: match.start()][-8:]) else "all"
        return 2 / 3, of
    match = _PERCENT_RE.search(sentence)
    if match:
        return float(match.group("num")) / 100, "all"
    for pattern, value in _FRACTION_WORDS:
        if pattern.search(sentence):
            return value, "attendees" if value == 0.5 else "all"
    return None, None


def _count(pattern: re.Pattern[str], sentence: str) -> float | None:
    match = pattern.search(sentence)
    if not match:
        return None
    number = match.group("num") if "num" in match.groupdict() else None
    if number is None and "num2" in match.groupdict():
        number = match.group("num2")
    return parse_number(number) if number else None


# other labels on a signature line ("负责人（签字）") are not a signature
_SIGNATURE_ROLES = re.compile(
    r"(?:法定代表人|负责人|委托代理人|代理人|代表人|经办人|理事长|村主任|签订日期|日期|时间)"
    r"\s*(?:[（(][^）)]{0,6}[）)])?\s*[：:]?"
)


def _signatures(
    doc: _Text, slots: list[tuple[str, int, int, str]]
) -> tuple[Found | None, Found | None]:
    result: dict[str, Found] = {}
    for side, start, end, value in slots:
        filled = bool(_PLACEHOLDER.sub("", _SIGNATURE_ROLES.sub("", value)))
        current = result.get(side)
        if current is None or (filled and not current.value):
            result[side] = doc.found(filled, start, end)
    return result.get("A"), result.get("B")


def _sign_date_lines(text: str, tail: int) -> Iterator[re.Match[str]]:
    """``_SIGN_DATE_RE.finditer(text, tail)``, searched only on the lines that name 日期 or 时间
    (a match runs to the end of its line, so there is at most one a line)."""
    starts = sorted(
        {
            text.rfind("\n", 0, pos) + 1
            for word in ("日期", "时间")
            for pos in _positions(text, word)
        }
    )
    for line_start in starts:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = len(text)
        if line_end <= tail:
            continue
        match = _SIGN_DATE_RE.search(text, max(tail, line_start), line_end)
        if match:
            yield match


def _signed_on(doc: _Text) -> Found | None:
    text = doc.text
    tail = int(len(text) * 0.5)
    found = None
    for match in _sign_date_lines(text, tail):
        value = match.group("v")
        date_match = DATE_RE.search(value)
        if date_match:
            day = parse_date(date_match)
            start = match.start("v") + date_match.start()
            return doc.found(day, start, match.start("v") + date_match.end())
        if not re.sub(r"[年月日\s_＿]", "", value):
            found = found or doc.found(None, match.start(), match.end())
    for line_start, line in reversed(_lines(text)):
        if line_start < tail:
            break
        stripped = line.strip()
        if not stripped:
            continue
        date_match = DATE_RE.fullmatch(stripped)
        if date_match:
            offset = line_start + line.index(stripped)
            return doc.found(parse_date(date_match), offset, offset + len(stripped))
        if _BLANK_DATE_LINE.match(stripped):
            offset = line_start + line.index(stripped)
            found = found or doc.found(None, offset, offset + len(stripped))
    return found


def _buyback(doc: _Text) -> Found | None:
    text = doc.without("breach", "requisition", "dispute", "consent", "signatures")
    for s_start, s_end in doc.sentences_with(_BUYBACK_TRIGGER):
        sentence = text[s_start:s_end]
        if not _BUYBACK_TRIGGER.search(sentence) or _BREACH_CAUSE.search(sentence):
            continue
        if _REQUISITION_WORDS.search(sentence):
            continue
        if not (_BUYBACK_VERB.search(sentence) and _BUYBACK_OBJECT.search(sentence)):
            continue
        actor = _BUYBACK_ACTOR.search(sentence)
        if not actor:
            continue
        clause = sentence[actor.start() :]
        if _BUYBACK_NEGATION.search(clause) or not _BUYBACK_VERB.search(clause):
            continue
        return doc.found(True, s_start, s_end)
    return None
