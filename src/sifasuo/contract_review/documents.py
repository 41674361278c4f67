"""What the review screens and downloads show: facts, highlighted evidence, the .xlsx batch report
and the 审查意见 .docx, built from the stored results."""

from __future__ import annotations

import dataclasses
import io
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifasuo.core.documents import OfficialDocument
from sifasuo.core.personal_data import mask_in_text
from sifasuo.core.spreadsheet_cells import inert

from .engine import ContractResult, Extraction, Found, XlsxReport
from .engine import Finding as EngineFinding
from .engine.report import Summary
from .models import ContractFile, Finding, ReviewBatch

CONTEXT_CHARS = 40
DATE_FIELDS = {"start", "end", "transferor_term_end", "signed_on"}
FACT_LABELS = (
    ("title", gettext_lazy("合同名称")),
    ("lessor", gettext_lazy("发包方（出租方）")),
    ("township", gettext_lazy("乡镇")),
    ("village", gettext_lazy("村")),
    ("lessee", gettext_lazy("承包方（承租方）")),
    ("lessee_kind", gettext_lazy("承包方身份")),
    ("asset_type", gettext_lazy("资产类型")),
    ("location", gettext_lazy("坐落")),
    ("area", gettext_lazy("面积")),
    ("start", gettext_lazy("起始日期")),
    ("end", gettext_lazy("终止日期")),
    ("years", gettext_lazy("期限（年）")),
    ("transferor_term_end", gettext_lazy("原承包期届满")),
    ("price", gettext_lazy("价格（元/单位/年）")),
    ("annual_rent", gettext_lazy("年租金（元）")),
    ("total_rent", gettext_lazy("总价款（元）")),
    ("payment", gettext_lazy("支付方式")),
    ("prepaid_years", gettext_lazy("一次性预收（年）")),
    ("use", gettext_lazy("用途")),
    ("consent", gettext_lazy("民主程序")),
    ("signed_on", gettext_lazy("签订日期")),
)
LESSEE_KINDS = {
    "member": gettext_lazy("本集体成员"),
    "outsider": gettext_lazy("外村个人"),
    "organization": gettext_lazy("单位（公司、合作社等）"),
    "unknown": gettext_lazy("不详"),
}


@dataclass
class FactRow:
    label: str
    value: str
    snippet: str


def _display(name: str, value: Any, fields: dict[str, Any]) -> str:
    if value is None:
        return _("（空白）")
    if isinstance(value, bool):  # a clause that is present: the original words say the rest
        return _("有（见原文）") if value else _("无")
    if name == "lessee_kind":
        return LESSEE_KINDS.get(value, str(value))
    if name == "area":
        return f"{value} {fields.get('area_unit') or ''}".strip()
    if name == "consent" and isinstance(value, dict):
        fraction = value.get("fraction")
        share = (
            _("，%(share).0f%% 同意") % {"share": fraction * 100} if fraction is not None else ""
        )
        return f"{value.get('meeting', '')}{share}"
    return str(value)


def fact_rows(contract: ContractFile) -> list[FactRow]:
    fields = contract.fields or {}
    rows = []
    for name, label in FACT_LABELS:
        found = fields.get(name)
        if isinstance(found, dict) and "snippet" in found:
            rows.append(
                FactRow(
                    label,
                    mask_in_text(_display(name, found.get("value"), fields)),
                    mask_in_text(found["snippet"]),
                )
            )
    return rows


@dataclass
class EvidenceView:
    before: str
    marked: str
    after: str

    @property
    def html(self) -> SafeString:
        return mark_safe(  # noqa: S308 — every part is escaped here
            f"{escape(self.before)}<mark>{escape(self.marked)}</mark>{escape(self.after)}"
        )


@dataclass
class FindingView:
    finding: Finding
    evidence: list[EvidenceView]


def _evidence(text: str, spans: list[dict[str, Any]]) -> list[EvidenceView]:
    out = []
    for span in spans:
        start, end = int(span.get("start", 0)), int(span.get("end", 0))
        if text and 0 <= start < end <= len(text):
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
            prefix = "…" if start > CONTEXT_CHARS else ""
            suffix = "…" if end + CONTEXT_CHARS < len(text) else ""
            out.append(
                EvidenceView(
                    mask_in_text(prefix + before),
                    mask_in_text(text[start:end]),
                    mask_in_text(after + suffix),
                )
            )
        else:  # a ledger row or a result without its text: the snippet alone
            out.append(EvidenceView("", mask_in_text(span.get("snippet", "")), ""))
    return out


def finding_with_context(finding: Finding, contract: ContractFile) -> FindingView:
    return FindingView(finding, _evidence(contract.text, finding.evidence))


def findings_with_context(contract: ContractFile) -> list[FindingView]:
    findings = contract.findings.select_related("decided_by")
    return [finding_with_context(f, contract) for f in findings]


# --- the batch report (.xlsx) -------------------------------------------------------------------


def _found(name: str, data: Any) -> Found | None:
    if not isinstance(data, dict) or "snippet" not in data:
        return None
    value = data.get("value")
    if name in DATE_FIELDS and isinstance(value, str):
        value = date.fromisoformat(value)
    return Found(value, data.get("start", 0), data.get("end", 0), data["snippet"])


def _extraction(fields: dict[str, Any] | None) -> Extraction | None:
    if fields is None:
        return None
    values: dict[str, Any] = {
        "source": fields.get("source", "document"),
        "area_unit": fields.get("area_unit"),
    }
    for item in dataclasses.fields(Extraction):
        if item.name in fields and item.name not in values:
            values[item.name] = _found(item.name, fields[item.name])
    return Extraction(**values)


def _engine_finding(finding: Finding) -> EngineFinding:
    return EngineFinding(
        rule=finding.rule,
        name=finding.name,
        severity=finding.severity,
        message=finding.message,
        basis=finding.basis,
        basis_quote=finding.basis_quote,
        remedy=finding.remedy,
        evidence=tuple(
            Found(e.get("snippet", ""), e.get("start", 0), e.get("end", 0), e.get("snippet", ""))
            for e in finding.evidence
        ),
        income_gap=float(finding.income_gap) if finding.income_gap is not None else None,
    )


def result_of(contract: ContractFile, findings: list[Finding]) -> ContractResult:
    """The engine's result rebuilt from the stored row, with the chosen findings."""
    return ContractResult(
        file=contract.path,
        status=contract.status,
        sha256=contract.sha256,
        record=contract.record or None,
        error=contract.error or None,
        reader=contract.reader,
        fields=_extraction(contract.fields),
        findings=[_engine_finding(f) for f in findings],
    )


def batch_report_xlsx(batch: ReviewBatch, *, confirmed_only: bool) -> bytes:
    """The engine's report for the batch: confirmed findings only, or all with their decisions."""
    from openpyxl import load_workbook

    summary = Summary()
    decisions: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xlsx"
        title = f"{batch.unit.name} {batch.name}"
        report = XlsxReport(path, title=f"农村集体经济合同审查：{title}")
        contracts = batch.contracts.prefetch_related("findings").order_by("pk")
        for contract in contracts.iterator(chunk_size=500):
            findings = list(contract.findings.all())
            if confirmed_only:
                findings = [f for f in findings if f.decision == Finding.Decision.CONFIRMED]
            result = result_of(contract, findings)
            summary.add(result)
            report.add(result)
            decisions.extend((f.get_decision_display(), f.dismissal_reason) for f in findings)
        report.close(summary, as_of=batch.as_of)
        if confirmed_only:
            return path.read_bytes()
        book = load_workbook(path)
        sheet = book["问题明细"]
        column = sheet.max_column + 1
        sheet.cell(row=1, column=column, value="审查结论")
        sheet.cell(row=1, column=column + 1, value="排除理由")
        for row, (decision, reason) in enumerate(decisions, start=2):
            sheet.cell(row=row, column=column, value=decision)
            sheet.cell(row=row, column=column + 1, value=inert(reason) or None)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


# --- 审查意见 (.docx) ---------------------------------------------------------------------------


OPINION_FACTS = ("title", "lessor", "lessee", "start", "end")


def opinion_quotes(contract: ContractFile) -> str:
    """Everything the opinion quotes from the contract (facts and the evidence of confirmed
    findings): what a print in clear would show of its personal numbers."""
    fields = contract.fields or {}
    quoted = [
        _display(name, found["value"], fields)
        for name in OPINION_FACTS
        if isinstance(found := fields.get(name), dict) and found.get("value") is not None
    ]
    for finding in contract.findings.filter(decision=Finding.Decision.CONFIRMED):
        quoted.extend(span.get("snippet", "") for span in finding.evidence)
    return "\n".join(quoted)


def opinion_docx(contract: ContractFile, *, clear: bool = False) -> bytes:
    """The review opinion on one contract, from its confirmed findings. ID and mobile numbers
    quoted from the contract are masked unless `clear` (a print the reader asked for, with the
    permission to reveal personal data, audited by the caller)."""
    batch = contract.batch
    shown = (lambda text: text) if clear else mask_in_text
    fields = contract.fields or {}
    confirmed = list(contract.findings.filter(decision=Finding.Decision.CONFIRMED))
    document = OfficialDocument(_("农村集体经济合同审查意见"), title_size=18)

    def value(name: str) -> str:
        found = fields.get(name)
        if isinstance(found, dict) and found.get("value") is not None:
            return shown(_display(name, found["value"], fields))
        return _("（未识别）")

    def line(label: str, text: object) -> None:
        document.paragraph(f"{label}：{text}")

    line(_("审查单位"), batch.unit.name)
    line(_("合同文件"), contract)
    line(_("合同名称"), value("title"))
    line(_("发包方（出租方）"), value("lessor"))
    line(_("承包方（承租方）"), value("lessee"))
    line(_("期限"), _("%(start)s 至 %(end)s") % {"start": value("start"), "end": value("end")})
    line(_("审查基准日"), batch.as_of.isoformat())

    if not confirmed:
        document.paragraph(_("经审查，未确认该合同存在需要整改的问题。"))
    else:
        document.paragraph(
            _("经审查，该合同存在以下 %(count)d 个问题：") % {"count": len(confirmed)}
        )
        for index, finding in enumerate(confirmed, start=1):
            document.paragraph(f"{index}. {finding.name}", bold=True)
            line(_("问题说明"), finding.message)
            for span in finding.evidence:
                line(_("合同原文"), f"“{shown(span.get('snippet', ''))}”")
            basis = finding.basis
            if finding.basis_quote:
                basis += f"：“{finding.basis_quote}”"
            line(_("法律依据"), basis)
            line(_("整改建议"), finding.remedy)
        gap = sum((f.income_gap or 0) for f in confirmed)
        if gap:
            line(_("估算集体少收金额"), _("%(gap)s 元") % {"gap": f"{gap:,.2f}"})
    document.signature(batch.unit.name, date=timezone.localdate())
    return document.to_bytes()


def opinions_zip(batch: ReviewBatch) -> tuple[bytes, int]:
    """Every contract's 审查意见 with at least one confirmed finding, in one .zip (and the count)."""
    import zipfile

    contracts = (
        batch.contracts.filter(findings__decision=Finding.Decision.CONFIRMED)
        .select_related("batch__unit")
        .distinct()
        .order_by("pk")
    )
    out = io.BytesIO()
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for contract in contracts.iterator(chunk_size=200):
            stem = Path(contract.path).stem or str(contract.pk)
            suffix = f"-{contract.record}" if contract.record else ""
            name = _("审查意见-%(number)04d-%(name)s.docx") % {
                "number": contract.pk,
                "name": f"{stem}{suffix}",
            }
            archive.writestr(name, opinion_docx(contract))
            count += 1
    return out.getvalue(), count


# --- 清理整改汇总 (.xlsx) -------------------------------------------------------------------------

TOTALS_HEADERS = (
    gettext_lazy("单位/批次"),
    gettext_lazy("审查合同"),
    gettext_lazy("问题合同"),
    gettext_lazy("确认问题合同"),
    gettext_lazy("完成整改"),
    gettext_lazy("未完成整改"),
    gettext_lazy("回收资金（元）"),
    gettext_lazy("年增收（元）"),
)


def _totals_cells(label: str, totals) -> list:
    return [
        label,
        totals.reviewed,
        totals.problem,
        totals.confirmed,
        totals.rectified,
        totals.open,
        float(totals.recovered),
        float(totals.income_gained),
    ]


def totals_xlsx(view, *, title: str, period: str, contracts) -> bytes:
    """The totals as a workbook: one row per unit (or batch) below the one looked at and the
    total; the contracts behind them; and what each figure counts. Text is written inert."""
    from openpyxl import Workbook

    from sifasuo.core.exports import add_sheet

    from .totals import DEFINITIONS

    book = Workbook()
    rows = [_totals_cells(row.label, row.totals) for row in view.rows]
    rows.append(_totals_cells(_("合计"), view.total))
    sheet = add_sheet(
        book,
        _("整改汇总"),
        [str(h) for h in TOTALS_HEADERS],
        rows,
        [28, 10, 10, 12, 10, 10, 16, 16],
        sheet=book.active,
    )
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=8):
        for cell in row:
            cell.number_format = "#,##0.00"
    sheet.append([])
    sheet.append([title])
    sheet.append([_("统计期间：%(period)s") % {"period": period}])

    details = []
    for contract in contracts:
        rectification = getattr(contract, "rectification", None)
        done = rectification is not None and rectification.done_on is not None
        details.append(
            [
                contract.batch.unit.name,
                contract.batch.name,
                mask_in_text(str(contract)),
                mask_in_text(contract.lessor),
                mask_in_text(contract.lessee),
                timezone.localtime(contract.confirmed_at).date(),
                rectification.get_measure_display() if rectification else _("未登记"),
                rectification.description if rectification else "",
                rectification.due_on if rectification else None,
                rectification.done_on if done else None,
                float(contract.recovered or 0),
                float(rectification.old_annual_income)
                if rectification and rectification.old_annual_income is not None
                else None,
                float(rectification.new_annual_income)
                if rectification and rectification.new_annual_income is not None
                else None,
            ]
        )
    headers = [
        _("司法所"),
        _("批次"),
        _("合同"),
        _("发包方（出租方）"),
        _("承包方（承租方）"),
        _("确认日期"),
        _("整改措施"),
        _("整改情况"),
        _("整改期限"),
        _("完成日期"),
        _("回收资金（元）"),
        _("原年收入（元）"),
        _("整改后年收入（元）"),
    ]
    widths = [16, 24, 30, 24, 20, 12, 16, 40, 12, 12, 14, 14, 16]
    detail_sheet = add_sheet(book, _("整改明细"), headers, details, widths)
    for row in detail_sheet.iter_rows(min_row=2, min_col=6, max_col=10):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    add_sheet(
        book,
        _("口径说明"),
        [_("指标"), _("口径")],
        [[str(name), str(text)] for name, text in DEFINITIONS],
        [16, 90],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
