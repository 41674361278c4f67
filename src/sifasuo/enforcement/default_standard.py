"""The platform's default 行政处罚案卷评查标准, written for this platform in the structure of the
published provincial standards (veto items → 不合格; 卷面 20 points; 内容 80 points; capped
deductions; no score below 0): 河南省行政执法案卷评查标准（试行） and the 测绘地理信息行政处罚
案卷评查标准 (see docs in rules.md D). The wording is our own; each item cites the article of
行政处罚法 (2021) it checks. A bureau adapts it by issuing a new version of its own."""

from __future__ import annotations

import datetime as dt

FAMILY = "default-penalty"
PUBLISHED_ON = dt.date(2026, 1, 1)
TITLE = "行政处罚案卷评查标准（平台默认）"
SOURCE = (
    "依据《中华人民共和国行政处罚法》（2021年修订）编制；结构参照各省公布的行政执法案卷评查标准"
    "（如《河南省行政执法案卷评查标准（试行）》设否决项，测绘地理信息行政处罚案卷评查标准设"
    "卷面20分、内容80分）：先查否决项，触及任一项即为不合格卷；卷面、内容各项按处扣分，"
    "每项扣分不超过其分值，得分不低于0分。总分90分以上为优秀，60分以上为合格。"
)
LAW = "行政处罚法"

# (section, text, step per defect, cap, basis)
# fmt: off
ITEMS = (
    ("veto", "实施处罚的机关不具有行政处罚权，或者超越法定职权、委托不合法", 0, 0,
     f"{LAW}第十七条、第二十条、第三十八条第一款"),
    ("veto", "执法人员未取得行政执法证件或者证件已过有效期", 0, 0, f"{LAW}第四十二条第一款"),
    ("veto", "调查取证、检查时执法人员少于两人", 0, 0, f"{LAW}第四十二条第一款"),
    ("veto", "违法事实不清、主要证据不足，或者处罚对象认定错误", 0, 0, f"{LAW}第四十条"),
    ("veto", "没有法律依据、适用依据错误，或者处罚决定未引用到条、款、项、目", 0, 0,
     f"{LAW}第三十八条第一款、第五十九条第一款第（三）项"),
    ("veto", "违法行为超过追责时效仍给予处罚", 0, 0, f"{LAW}第三十六条"),
    ("veto", "违反法定程序构成重大且明显违法（未告知陈述申辩权、应听证未听证、应法制审核未经审核即作出决定等）",
     0, 0, f"{LAW}第三十八条第二款、第四十四条、第五十八条第一款、第六十三条"),
    ("form", "案卷封面、卷内目录、备考表齐全，填写规范", 1, 2, ""),
    ("form", "使用统一的执法文书格式文本", 1, 2, ""),
    ("form", "文书项目填写完整、字迹清楚、无涂改，当事人和执法人员签名或者盖章齐全", 1, 4, ""),
    ("form", "文书编号规范，一案一卷", 1, 2, ""),
    ("form", "卷内材料按办案程序先后排列", 1, 2, ""),
    ("form", "卷内材料逐页编号，页码连续", 1, 2, ""),
    ("form", "证据材料注明来源、收集时间，由执法人员签名", 1, 3, f"{LAW}第四十六条"),
    ("form", "案卷装订整齐、及时归档，音像记录随卷保存", 1, 3, f"{LAW}第四十七条"),
    ("content", "符合立案标准，经负责人批准及时立案", 3, 6, f"{LAW}第五十四条第二款"),
    ("content", "调查、检查时主动出示执法证件，检查、询问笔录制作规范", 2, 4, f"{LAW}第五十五条"),
    ("content", "证据合法、真实、充分，相互印证形成证据链", 4, 12, f"{LAW}第四十六条"),
    ("content", "事实认定清楚，违法行为定性准确", 4, 8, f"{LAW}第四十条"),
    ("content", "适用法律正确，依据引用规范、完整", 4, 8, f"{LAW}第五十九条第一款第（三）项"),
    ("content", "处罚种类和幅度与违法事实、性质、情节和危害程度相当，依公布的裁量基准裁量并说明理由",
     4, 8, f"{LAW}第五条第二款、第三十四条"),
    ("content", "作出决定前告知拟处罚内容及事实、理由、依据和陈述、申辩、听证权利", 3, 6,
     f"{LAW}第四十四条"),
    ("content", "充分听取陈述、申辩并复核，未因申辩加重处罚", 2, 4, f"{LAW}第四十五条"),
    ("content", "符合听证条件的依法告知并组织听证，听证笔录完整", 2, 4, f"{LAW}第六十三条、第六十四条"),
    ("content", "法制审核材料齐全，审核意见明确", 2, 4, f"{LAW}第五十八条"),
    ("content", "情节复杂或者重大违法行为给予处罚的，经负责人集体讨论决定", 3, 3, f"{LAW}第五十七条第二款"),
    ("content", "处罚决定书载明法定事项并加盖印章", 1, 2, f"{LAW}第五十九条"),
    ("content", "自立案之日起九十日内作出决定", 3, 3, f"{LAW}第六十条"),
    ("content", "决定书当场交付或者七日内依法送达", 3, 3, f"{LAW}第六十一条"),
    ("content", "罚款缴纳、加处罚款、强制执行等执行环节合法，结案审批完整", 1, 3,
     f"{LAW}第六十七条、第七十二条"),
    ("content", "启动、调查取证、审核、决定、送达、执行全过程记录", 1, 2, f"{LAW}第四十七条"),
)
# fmt: on


def load(ScoringStandard, ScoringItem, *, on) -> bool:  # noqa: N803 (historical models)
    """Create and publish the default standard unless it is there; returns whether it was made.
    Takes the model classes so a data migration can pass its historical ones."""
    if ScoringStandard.objects.filter(family=FAMILY).exists():
        return False
    standard = ScoringStandard.objects.create(
        unit=None,
        family=FAMILY,
        title=TITLE,
        kind="penalty",
        version=1,
        status="published",
        published_on=on,
        source=SOURCE,
        form_points=20,
        content_points=80,
        pass_score=60,
        excellent_score=90,
    )
    ScoringItem.objects.bulk_create(
        ScoringItem(
            standard=standard, section=section, seq=seq, text=text, step=step, cap=cap, basis=basis
        )
        for seq, (section, text, step, cap, basis) in enumerate(ITEMS, start=1)
    )
    return True
