"""Clause patterns and the scanner of the normative-document pre-check."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A document number (文号) such as 国办发〔2018〕37号: cited bare, never inside 《》.
_DOCUMENT_NUMBER = re.compile(r"〔\d{4}〕\d+号$")


def law_title(law: str) -> str:
    """A law's name in book-title marks (《行政强制法》); a 文号 as it is (国办发〔2018〕37号)."""
    law = law.strip().strip("《》")
    return law if _DOCUMENT_NUMBER.search(law) else f"《{law}》"


def cite(law: str, article: str) -> str:
    """A citation as a reader expects it: 《行政强制法》第十三条第一款, 国办发〔2018〕37号 一、（一）."""
    title = law_title(law)
    return f"{title} {article}" if not title.startswith("《") else f"{title}{article}"


@dataclass(frozen=True, slots=True)
class Prohibition:
    """What a 规范性文件 may not do, and where that is written."""

    category: str
    label: str
    prohibition: str
    law: str
    article: str

    @property
    def citation(self) -> str:
        return cite(self.law, self.article)


@dataclass(frozen=True, slots=True)
class Finding:
    category: str
    clause: str
    prohibition: str
    law: str
    article: str
    label: str

    @property
    def citation(self) -> str:
        return cite(self.law, self.article)


# 国办发〔2018〕37号 一、（一）严禁越权发文 is what binds every 行政规范性文件, a township's included
# (立法法 第九十一条 binds 部门规章 only). Its words, as published:
# "行政规范性文件不得增加法律、法规规定之外的行政权力事项或者减少法定职责；不得设定行政许可、
# 行政处罚、行政强制等事项……；不得违法减损公民、法人和其他组织的合法权益或者增加其义务".
_NORMATIVE_DOCUMENTS = "国办发〔2018〕37号"
_NORMATIVE_DOCUMENTS_ARTICLE = "一、（一）"

PROHIBITIONS: dict[str, Prohibition] = {
    p.category: p
    for p in [
        Prohibition(
            "licence", "设定行政许可", "规范性文件不得设定行政许可", "行政许可法", "第十七条"
        ),
        Prohibition(
            "penalty", "设定行政处罚", "规范性文件不得设定行政处罚", "行政处罚法", "第十六条"
        ),
        Prohibition(
            "compulsion",
            "设定行政强制措施",
            "法律、法规以外的其他规范性文件不得设定行政强制措施",
            "行政强制法",
            "第十条第四款",
        ),
        Prohibition(
            "enforcement",
            "设定行政强制执行",
            "行政强制执行由法律设定；法律没有规定行政机关强制执行的，应当申请人民法院强制执行",
            "行政强制法",
            "第十三条",
        ),
        Prohibition(
            "substitute_performance",
            "设定代履行",
            "代履行是行政强制执行方式，由法律设定；只能在第五十条（排除妨碍、恢复原状等义务，"
            "经催告仍不履行，危害交通安全、造成环境污染或者破坏自然资源）或者第五十二条"
            "（立即清除道路、河道、航道或者公共场所的遗洒物、障碍物或者污染物）的情形下，"
            "依照第五十一条的程序实施",
            "行政强制法",
            "第十三条、第五十条至第五十二条",
        ),
        Prohibition(
            "utility_cutoff",
            "停水停电迫使履行",
            "行政机关不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行相关行政决定",
            "行政强制法",
            "第四十三条第二款",
        ),
        Prohibition(
            "licence_fee",
            "行政许可收费",
            "行政机关实施行政许可和对行政许可事项进行监督检查，不得收取任何费用；"
            "法律、行政法规另有规定的，依照其规定",
            "行政许可法",
            "第五十八条第一款",
        ),
        Prohibition(
            "fee",
            "设定收费",
            "规范性文件不得违法增加公民、法人和其他组织的义务；未找到设定该项收费的法律、法规依据，"
            "请核实其是否有法律、法规依据或者列入依法批准的收费项目",
            _NORMATIVE_DOCUMENTS,
            _NORMATIVE_DOCUMENTS_ARTICLE,
        ),
        Prohibition(
            "rights_duties",
            "减损权利或增加义务",
            "行政规范性文件不得违法减损公民、法人和其他组织的合法权益或者增加其义务",
            _NORMATIVE_DOCUMENTS,
            _NORMATIVE_DOCUMENTS_ARTICLE,
        ),
        Prohibition(
            "self_empowerment",
            "增加本机关权力",
            "行政规范性文件不得增加法律、法规规定之外的行政权力事项或者减少法定职责",
            _NORMATIVE_DOCUMENTS,
            _NORMATIVE_DOCUMENTS_ARTICLE,
        ),
        Prohibition(
            "entry_barrier",
            "限制市场准入或指定交易",
            "不得设置市场准入和退出障碍、限定经营或购买",
            "公平竞争审查条例",
            "第八条",
        ),
        Prohibition(
            "local_protection",
            "地方保护",
            "不得限制商品、要素自由流动",
            "公平竞争审查条例",
            "第九条",
        ),
        Prohibition(
            "selective_support",
            "特定经营者优惠",
            "不得违法给予特定经营者优惠政策",
            "公平竞争审查条例",
            "第十条",
        ),
        Prohibition(
            "price_conduct",
            "不当干预经营行为",
            "不得强制或变相强制经营者实施垄断行为、干预价格",
            "公平竞争审查条例",
            "第十一条",
        ),
        Prohibition(
            "missing_issuer",
            "未载明制定机关",
            "规范性文件应当以制定机关名义发布",
            "国办发〔2018〕37号",
            "二、（三）",
        ),
        Prohibition(
            "missing_validity",
            "未载明有效期",
            "规范性文件应当载明施行日期和有效期",
            "山东省行政规范性文件管理规定（本地配置）",
            "有效期条款",
        ),
    ]
}
CATEGORIES = list(PROHIBITIONS)

_FEE = (
    r"(收取|缴纳|交纳|征收|收缴)[^，。；]{0,15}(费|押金|保证金)"
    r"|(押金|保证金|管理费|服务费)[^，。；]{0,10}(元|收取|缴纳)"
)
# A fee charged for a licence or its supervision falls under 行政许可法 第五十八条; others do not.
_LICENSING = re.compile(r"许可|审批|批准|核准|核发|办证|证照|执照|许可证")

# Clause-level patterns. Each is matched against one clause; the first matching category of each
# clause group is reported once.
_PATTERNS: dict[str, re.Pattern[str]] = {
    key: re.compile(pattern)
    for key, pattern in {
        "licence": r"(须|需|应当|必须)(先|事先)?(经|报)[^，。；]{0,20}(批准|许可|审批|核准)"
        r"|未经[^，。；]{0,20}(批准|许可|审批|核准)[^。；]{0,10}不得"
        r"|实行[^，。；]{0,10}(许可|审批)(制度|管理)"
        r"|(取得|领取|办理)[^，。；]{0,12}(许可证|准入证|经营证|备案证|资格证)",
        "penalty": r"罚款|没收|吊销|暂扣|拘留|责令停产停业|处以|予以处罚|通报批评|降低资质等级",
        "compulsion": r"查封|扣押|冻结|强制(措施|带离)|限制人身自由",
        "enforcement": r"强制(拆除|执行|清除|清理|腾退|搬迁)",
        "substitute_performance": r"代履行|代为(拆除|清除|清理|恢复)",
        "utility_cutoff": r"断水|断电|停水|停电|停止供(水|电|热|气|燃气)|停(供|止)(暖|热|燃气)",
        "fee": _FEE,
        "licence_fee": _FEE,
        "rights_duties": r"(不得|不予|不再)(享受|参加|参与|申请|办理|发放|评选)"
        r"|取消[^，。；]{0,15}(资格|待遇|补贴|低保)"
        r"|(提供|提交|出具)[^，。；]{0,20}(无犯罪记录证明|证明材料|担保|承诺书|证明)"
        r"|(一律|均须|必须)[^，。；]{0,20}(签订|捐|义务)",
        "self_empowerment": r"(本|我)(机关|单位|政府|部门|局|办|镇|乡|街道)[^，。；]{0,10}(有权|可以直接|可以自行|负责审批|拥有)"
        r"|授予[^，。；]{0,10}(权力|职权)|最终解释权[^，。；]{0,10}(决定|认定)",
        "entry_barrier": r"指定[^，。；]{0,10}(供应商|企业|经营者|单位|商家|品牌)"
        r"|限定[^，。；]{0,10}(购买|使用|经营|交易)"
        r"|(只能|仅限|必须)(购买|使用|选用|委托)[^，。；]{0,15}(企业|公司|产品)"
        r"|(设置|设立)[^，。；]{0,10}(准入|门槛)",
        "local_protection": r"(外地|外省|外市|外县|辖区外|本地以外)[^，。；]{0,10}(企业|商品|产品|经营者|车辆)"
        r"|(优先|只|仅)(采购|使用|选用)(本地|本镇|本乡|本县|辖区内)",
        "selective_support": r"(税收|税费)(返还|优惠|减免)|财政(补贴|奖励|返还)[^，。；]{0,10}(企业|公司)"
        r"|(给予|享受)[^，。；]{0,15}(企业|公司)[^，。；]{0,10}(补贴|奖励|优惠)",
        "price_conduct": r"统一(定价|价格|收费标准)|(价格|售价)[^，。；]{0,6}(不得低于|不得高于)"
        r"|(组织|要求)[^，。；]{0,10}经营者[^，。；]{0,10}(协商|统一|联合)",
    }.items()
}

# A clause that restates an existing law ("依照《土地管理法》…处理") creates nothing new.
_CITES_HIGHER_LAW = re.compile(
    r"依照《[^》]+》|依据《[^》]+》|按照《[^》]+(法|条例)》|法律、(行政)?法规(另有)?规定"
    r"|由[^，。；]{0,10}依法(处理|查处)"
)
# Negations that turn a prohibited act into a safeguard ("不得收取任何费用").
_SAFEGUARD = {
    "fee": re.compile(r"不得(收取|向)[^，。；]{0,10}(费|押金)|免费|免收"),
    "licence_fee": re.compile(r"不得(收取|向)[^，。；]{0,10}(费|押金)|免费|免收"),
    "rights_duties": re.compile(r"不得(要求|以)[^，。；]{0,10}(提供|提交|证明)"),
    "entry_barrier": re.compile(r"不得(指定|限定)"),
    "local_protection": re.compile(r"不得(限制|排斥|歧视)"),
    "compulsion": re.compile(r"不得(查封|扣押|冻结|强制)"),
    "enforcement": re.compile(r"不得强制"),
    "utility_cutoff": re.compile(r"不得[^，。；]{0,6}(断水|断电|停水|停电|停止供)"),
    "penalty": re.compile(r"不得(罚款|处罚)"),
    "price_conduct": re.compile(r"不得[^，。；]{0,6}统一"),
}
_CITE_EXEMPT = {
    "licence",
    "penalty",
    "compulsion",
    "enforcement",
    "substitute_performance",
    "utility_cutoff",
    "fee",
    "licence_fee",
}

_ISSUER = re.compile(
    r"(人民政府|办事处|委员会|办公室|司法所|管理局|[县区市镇乡]政府)"
    r"[^\n。]{0,6}(\n|$|\s*\d{4}\s*年)|制定机关[:：]|发布机关[:：]"
)
_VALIDITY = re.compile(r"有效期|试行[^。]{0,8}年|自[^。]{0,20}起施行[^。]{0,20}至")

_SPLIT = re.compile(r"(?<=[。；;!?！？])|\n+")


def split_clauses(text: str) -> list[str]:
    """Clauses of a draft: sentences and lines, trimmed, without empty pieces."""
    return [piece.strip() for piece in _SPLIT.split(text) if piece and piece.strip()]


def scan_clause(clause: str) -> list[str]:
    """Categories one clause appears to fall into."""
    cites = bool(_CITES_HIGHER_LAW.search(clause))
    found = []
    for category, pattern in _PATTERNS.items():
        if not pattern.search(clause):
            continue
        if cites and category in _CITE_EXEMPT:
            continue
        safeguard = _SAFEGUARD.get(category)
        if safeguard is not None and safeguard.search(clause):
            continue
        if category in ("fee", "licence_fee") and (
            (category == "licence_fee") != bool(_LICENSING.search(clause))
        ):
            continue  # one of the two fee findings, by whether the fee is for a licence
        found.append(category)
    return found


def _finding(category: str, clause: str) -> Finding:
    p = PROHIBITIONS[category]
    return Finding(category, clause, p.prohibition, p.law, p.article, p.label)


def scan(text: str, *, document_checks: bool = True) -> list[Finding]:
    """All findings of a draft, clause findings first, then document-level ones."""
    findings = [
        _finding(category, clause)
        for clause in split_clauses(text)
        for category in scan_clause(clause)
    ]
    if document_checks:
        if not _ISSUER.search(text):
            findings.append(_finding("missing_issuer", "（全文）"))
        if not _VALIDITY.search(text):
            findings.append(_finding("missing_validity", "（全文）"))
    return findings
