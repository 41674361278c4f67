"""Write review results: JSON Lines (one object per contract) and an Excel workbook with a summary,
a ledger (one row per contract) and the findings (one row per finding), streamed row by row."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from sifasuo.core.spreadsheet_cells import inert_row

from .review import ContractResult
from .rules import SEVERITY_LABELS, default_rules
from .xlsx import BOLD, PERCENT, Cell, Workbook

__all__ = ["JsonlWriter", "Summary", "XlsxReport"]

_KIND_LABELS = {"lease": "租赁", "transfer": "流转", "contracting": "承包"}
_LESSEE_LABELS = {
    "member": "本集体成员",
    "outsider": "外村个人",
    "organization": "单位（公司、合作社等）",
    "unknown": "不详",
}


@dataclass
class Summary:
    """Running totals for the summary sheet and the command's closing lines."""

    total: int = 0
    ok: int = 0
    errors: int = 0
    problems: int = 0
    income_gap: float = 0.0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_place: dict[str, list[float]] = field(default_factory=dict)  # contracts, problems, gap

    def add(self, result: ContractResult) -> None:
        self.total += 1
        if result.status != "ok":
            self.errors += 1
            return
        self.ok += 1
        if result.problem:
            self.problems += 1
        gap = result.income_gap
        self.income_gap += gap
        for rule in {f.rule for f in result.findings}:
            self.by_rule[rule] += 1
        place = self.by_place.setdefault(_place(result), [0, 0, 0.0])
        place[0] += 1
        place[1] += 1 if result.problem else 0
        place[2] += gap

    def lines(self) -> list[str]:
        """The closing report, in Chinese, one line each."""
        out = [
            f"共审查 {self.total} 份：读取成功 {self.ok} 份，读取失败 {self.errors} 份；"
            f"问题合同 {self.problems} 份；估算集体少收金额合计 {self.income_gap:,.2f} 元。"
        ]
        rules = default_rules()
        for code, rule in rules.items():
            if self.by_rule.get(code):
                out.append(f"  {code:<24} {rule.name}：{self.by_rule[code]} 份")
        return out


def _place(result: ContractResult) -> str:
    fields = result.fields
    if fields is None:
        return "（未识别）"
    township = fields.township.value if fields.township else ""
    village = fields.village.value if fields.village else ""
    if village:
        return f"{township}{village}"
    if fields.lessor is not None:
        return str(fields.lessor.value)
    return "（未识别发包方）"


class JsonlWriter:
    """One JSON object per line, written as results arrive."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._handle: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115

    def write(self, result: ContractResult) -> None:
        self._handle.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_LEDGER_HEADER = (
    "序号", "文件", "记录", "状态", "读取失败原因", "合同名称", "合同类别", "发包方（出租方）",
    "乡镇", "村", "承包方（承租方）", "承包方身份", "资产类型", "坐落", "面积", "面积单位",
    "起始日期", "终止日期", "期限（年）", "价格（元/单位/年）", "年租金（元）", "一次性预收（年）",
    "用途", "民主程序", "问题数", "问题代码", "问题说明", "估算少收金额（元）", "SHA-256",
)  # fmt: skip
_FINDING_HEADER = (
    "序号", "文件", "记录", "发包方（出租方）", "规则代码", "问题", "严重程度", "说明",
    "依据的合同原文", "法律依据", "整改建议", "估算少收金额（元）",
)  # fmt: skip


def _v(found: Any) -> Any:
    if found is None:
        return None
    value = found.value
    return value.isoformat() if isinstance(value, date) else value


class XlsxReport:
    """An .xlsx report streamed row by row (see ``xlsx``); the summary is filled at close."""

    def __init__(
        self, path: str | os.PathLike[str], *, title: str = "农村集体经济合同审查"
    ) -> None:
        self.path = path
        self.title = title
        self._book = Workbook(title)
        self._summary = self._book.create_sheet("汇总", widths={"A": 30, "B": 28, "D": 16, "E": 70})
        self._ledger = self._book.create_sheet(
            "合同台账",
            widths={"B": 36, "F": 24, "H": 28, "K": 20, "AA": 60},
            freeze_header=True,
        )
        self._findings = self._book.create_sheet(
            "问题明细",
            widths={"B": 36, "H": 60, "I": 60, "J": 40, "K": 60},
            freeze_header=True,
        )
        self._ledger.append(_LEDGER_HEADER, BOLD)
        self._findings.append(_FINDING_HEADER, BOLD)
        self._rows = 0
        self._finding_rows = 0

    def add(self, result: ContractResult) -> None:
        self._rows += 1
        x = result.fields
        codes = sorted({f.rule for f in result.findings})
        messages = "\n".join(f"[{f.rule}] {f.message}" for f in result.findings)
        if x is None:
            row: list[Any] = [
                self._rows, result.file, result.record, "读取失败", result.error,
                *([None] * 19), 0, None, None, None, result.sha256,
            ]  # fmt: skip
        else:
            consent = x.consent.value if x.consent else None
            consent_text = None
            if consent:
                fraction = consent.get("fraction")
                consent_text = consent["meeting"] + (
                    f" {fraction * 100:.0f}%" if fraction is not None else ""
                )
            elif x.consent_negated:
                consent_text = "未经"
            row = [
                self._rows,
                result.file,
                result.record,
                "有问题" if result.problem else "未发现问题",
                None,
                _v(x.title),
                _KIND_LABELS.get(_v(x.kind) or ""),
                _v(x.lessor),
                _v(x.township),
                _v(x.village),
                _v(x.lessee),
                _LESSEE_LABELS.get(_v(x.lessee_kind) or ""),
                _v(x.asset_type),
                _v(x.location),
                _v(x.area),
                x.area_unit,
                _v(x.start),
                _v(x.end),
                x.term_years,
                _v(x.price),
                _v(x.annual_rent),
                _v(x.prepaid_years),
                _v(x.use),
                consent_text,
                len(result.findings),
                " ".join(codes) or None,
                messages or None,
                result.income_gap or None,
                result.sha256,
            ]
        self._ledger.append(inert_row(row))
        lessor = _v(x.lessor) if x is not None else None
        for finding in result.findings:
            self._finding_rows += 1
            self._findings.append(
                inert_row(
                    [
                        self._finding_rows,
                        result.file,
                        result.record,
                        lessor,
                        finding.rule,
                        finding.name,
                        SEVERITY_LABELS.get(finding.severity, finding.severity),
                        finding.message,
                        "\n".join(e.snippet for e in finding.evidence) or None,
                        finding.basis,
                        finding.remedy,
                        finding.income_gap,
                    ]
                )
            )

    def close(self, summary: Summary, *, as_of: date | None = None) -> None:
        sheet = self._summary
        sheet.append([self.title], BOLD)
        if as_of:
            sheet.append(["审查基准日", as_of.isoformat()])
        ratio = Cell(summary.problems / summary.ok if summary.ok else 0, PERCENT)
        for label, value in (
            ("合同总数", summary.total),
            ("读取成功", summary.ok),
            ("读取失败（见台账“读取失败原因”）", summary.errors),
            ("问题合同", summary.problems),
            ("问题合同比例", ratio),
            ("估算集体少收金额合计（元）", round(summary.income_gap, 2)),
        ):
            sheet.append([label, value])
        sheet.append([])
        sheet.append(["规则代码", "问题", "合同份数", "严重程度", "法律依据"], BOLD)
        for code, rule in default_rules().items():
            parts = (part for v in rule.variants.values() for part in v.basis.split("；"))
            bases = "；".join(dict.fromkeys(parts))
            sheet.append(
                [
                    code,
                    rule.name,
                    summary.by_rule.get(code, 0),
                    SEVERITY_LABELS.get(rule.severity),
                    bases,
                ]
            )
        sheet.append([])
        sheet.append(["村（发包方）", "合同份数", "问题合同", "估算少收金额（元）"], BOLD)
        places = sorted(summary.by_place.items(), key=lambda item: (-item[1][1], item[0]))
        for place, (contracts, problems, gap) in places:
            sheet.append(inert_row([place, int(contracts), int(problems), round(gap, 2)]))
        self._book.save(self.path)

    def discard(self) -> None:
        """Drop the rows written so far (a run that stopped before ``close``)."""
        self._book.close()
