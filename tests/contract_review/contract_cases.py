"""Contract texts and helpers shared by the contract review tests."""

from __future__ import annotations

from datetime import date

AS_OF = date(2025, 1, 1)

# A lease that breaks no rule: 20 years to the day, fair price, paid yearly, farming use, every
# clause of 农村土地承包法 第四十条, two-thirds consent for an outside company, signed and dated.
BASE = {
    "title": "土地租赁合同",
    "lessor": "甲方（出租方）：河山镇西村村民委员会\n负责人：李明",
    "lessee": "乙方（承租方）：日照绿源农业发展有限公司\n法定代表人：王强\n住所：日照市东港区海曲路18号",
    "location": "第一条 租赁的耕地坐落于河山镇西村村南，面积共计伍拾亩。",
    "term": "第二条 租赁期限为二十年，自2020年3月1日起至2040年2月29日止。",
    "use": "第三条 乙方租赁土地用于种植蔬菜。",
    "rent": "第四条 租金为每亩每年800元，乙方应于每年12月31日前交纳当年租金。",
    "rights": "第五条 甲方的权利和义务：按时交付土地。乙方的权利和义务：依法经营，爱护土地。",
    "requisition": (
        "第六条 合同期内如遇国家征收、征用，土地补偿费归甲方所有，地上附着物和青苗补偿费归乙方所有。"
    ),
    "end": "第七条 合同期满，地上附着物无偿归甲方所有。",
    "breach": "第八条 任何一方违反本合同约定的，应当承担违约责任。",
    "consent": (
        "第九条 本合同已经西村村民代表会议讨论，三分之二以上村民代表同意，并报河山镇人民政府批准。"
    ),
    "signature": (
        "甲方（盖章）：河山镇西村村民委员会    乙方（签字）：日照绿源农业发展有限公司\n"
        "签订日期：2020年2月20日"
    ),
}

PRICE_ROWS = [
    ["乡镇", "类型", "参考价（元/亩/年）"],
    ["河山镇", "耕地", "900"],
    ["全县", "耕地", "800"],
    ["全县", "林地", "200"],
    ["全县", "四荒地", "100"],
    ["河山镇", "厂房", "100"],
]


def contract(**parts: str | None) -> str:
    """The baseline contract with some parts replaced (None drops a part)."""
    merged = BASE | parts
    return "\n".join(text for text in merged.values() if text) + "\n"


def rules_of(result) -> set[str]:
    return {f.rule for f in result.findings}


def finding(result, rule: str):
    matches = [f for f in result.findings if f.rule == rule]
    assert matches, f"no {rule} finding; got {sorted(rules_of(result))}"
    return matches[0]
