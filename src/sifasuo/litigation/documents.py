"""The reply (答复书 / 答辩状) as .docx from an editable template, and the statistics workbook.

A template is an ordinary Word file with placeholders such as {{申请人}}. The built-in template
is written here; an office may download it, change the wording and layout in Word and upload its
own. A paragraph holding only {{事实和理由}}, {{法律依据}} or {{证据目录}} becomes that block (one
paragraph per line, or the evidence table); other placeholders are replaced inside the text.
"""

from __future__ import annotations

import contextlib
import copy
import re
from io import BytesIO

from docx import Document
from docx.text.paragraph import Paragraph

from sifasuo.core.documents import OfficialDocument, cn_date

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")
# The placeholders a template must hold: without them the reply would lose its substance.
REQUIRED = ("事实和理由", "法律依据", "证据目录")
BLOCKS = frozenset(REQUIRED)
EVIDENCE_HEADERS = ("序号", "证据名称", "证据来源", "证明目的", "页数")

# Every placeholder a template may use, with what it stands for (shown on the template page).
PLACEHOLDERS = (
    ("被申请人", "被申请人/被告（本机关）"),
    ("申请人", "申请人/原告"),
    ("被诉行为", "被复议/被诉的行政行为及文号"),
    ("受理机关", "复议机关或人民法院"),
    ("案号", "复议机关或法院的案号"),
    ("收到日期", "申请书副本/起诉状副本送达日期"),
    ("答复依据", "提出答复/答辩所依据的条文"),
    ("事实和理由", "答复/答辩的事实和理由（独占一段）"),
    ("法律依据", "作出行政行为的法律依据（独占一段）"),
    ("证据目录", "证据目录表：名称、来源、证明目的、页数（独占一段）"),
    ("日期", "生成日期"),
)


def missing_placeholders(text: str) -> list[str]:
    found = set(PLACEHOLDER.findall(text or ""))
    return [name for name in REQUIRED if name not in found]


def reply_basis(case) -> str:
    """The article under which the reply is filed."""
    from .models import Procedure

    if case.is_reconsideration:
        article = "第五十四条" if case.procedure == Procedure.SIMPLE else "第四十八条"
        return f"《中华人民共和国行政复议法》{article}"
    if case.procedure == Procedure.SECOND_INSTANCE:
        return (
            "《中华人民共和国行政诉讼法》第一百零一条、《中华人民共和国民事诉讼法》第一百七十四条"
        )
    return "《中华人民共和国行政诉讼法》第六十七条第一款"


def default_template(kind: str) -> bytes:
    """The built-in template for a 复议 (答复书) or a lawsuit (答辩状)."""
    reconsideration = kind == "reconsideration"
    title = "行政复议答复书" if reconsideration else "行政诉讼答辩状"
    doc = OfficialDocument(title)
    who = "答复人" if reconsideration else "答辩人"
    other = "申请人" if reconsideration else "原告"
    doc.paragraph(f"{who}：{{{{被申请人}}}}")
    doc.paragraph(f"{other}：{{{{申请人}}}}")
    if reconsideration:
        opening = (
            "申请人{{申请人}}不服答复人作出的{{被诉行为}}，向{{受理机关}}申请行政复议"
            "（{{案号}}）。答复人于{{收到日期}}收到行政复议申请书副本，现依照{{答复依据}}"
            "的规定，提出书面答复如下："
        )
    else:
        opening = (
            "原告{{申请人}}诉答辩人{{被诉行为}}一案（{{案号}}），答辩人于{{收到日期}}"
            "收到起诉状副本，现依照{{答复依据}}的规定，提交答辩状如下："
        )
    doc.paragraph(opening)
    doc.paragraph("一、事实和理由", bold=True)
    doc.paragraph("{{事实和理由}}")
    doc.paragraph("二、法律依据", bold=True)
    doc.paragraph("{{法律依据}}")
    doc.paragraph("三、证据目录", bold=True)
    doc.paragraph("{{证据目录}}")
    doc.paragraph(
        "综上，被申请复议的行政行为认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当，"
        "请求依法予以维持。"
        if reconsideration
        else "综上，被诉行政行为证据确凿，适用法律、法规正确，符合法定程序，请求依法驳回原告的诉讼请求。"
    )
    doc.paragraph("此致")
    doc.paragraph("{{受理机关}}")
    doc.signature(f"{who}：{{{{被申请人}}}}（盖章）", "法定代表人（负责人）：", dated=False)
    doc.paragraph("{{日期}}", align="right")
    return doc.to_bytes()


def _values(case) -> dict[str, str]:
    from sifasuo.core import deadline_service

    act = case.contested_act + (f"（{case.act_document}）" if case.act_document else "")
    return {
        "被申请人": case.respondent,
        "申请人": case.applicant.name,
        "被诉行为": act,
        "受理机关": case.authority,
        "案号": case.external_number or "案号待定",
        "收到日期": cn_date(case.served_on),
        "答复依据": reply_basis(case),
        "事实和理由": case.facts,
        "法律依据": case.legal_basis,
        "日期": cn_date(deadline_service.today()),
    }


def _replace_inline(paragraph: Paragraph, values: dict[str, str]) -> None:
    text = paragraph.text
    if "{{" not in text:
        return
    filled = PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)
    runs = paragraph.runs
    if not runs:
        return
    # Word splits typed text into runs at will: the first run keeps its formatting and the text.
    runs[0].text = filled
    for run in runs[1:]:
        run.text = ""


def _insert_after(anchor, element) -> None:
    anchor.addnext(element)


def _block_paragraphs(paragraph: Paragraph, text: str) -> None:
    anchor = paragraph._p
    for line in [line.strip() for line in text.splitlines() if line.strip()] or [""]:
        new = copy.deepcopy(paragraph._p)
        for run in list(new.iter()):
            if run.tag.endswith("}r"):
                new.remove(run)
        _insert_after(anchor, new)
        Paragraph(new, paragraph._parent).add_run(line)
        anchor = new
    paragraph._p.getparent().remove(paragraph._p)


def _evidence_table(document, paragraph: Paragraph, evidence) -> None:
    table = document.add_table(rows=1, cols=len(EVIDENCE_HEADERS))
    # An uploaded template without the style keeps Word's plain table.
    with contextlib.suppress(KeyError, ValueError):
        table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, EVIDENCE_HEADERS, strict=True):
        cell.text = header
    for item in evidence:
        cells = table.add_row().cells
        for cell, value in zip(
            cells, (item.seq, item.name, item.source, item.purpose, item.pages), strict=True
        ):
            cell.text = str(value)
    _insert_after(paragraph._p, table._tbl)
    paragraph._p.getparent().remove(paragraph._p)


def fill(template: bytes, case) -> bytes:
    """The template with the case's values, its text blocks and its evidence table."""
    document = Document(BytesIO(template))
    values = _values(case)
    evidence = list(case.evidence.order_by("seq"))
    for paragraph in list(document.paragraphs):
        match = PLACEHOLDER.fullmatch(paragraph.text.strip())
        name = match[1] if match else ""
        if name == "证据目录":
            _evidence_table(document, paragraph, evidence)
        elif name in BLOCKS:
            _block_paragraphs(paragraph, values[name])
        else:
            _replace_inline(paragraph, values)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    _replace_inline(paragraph, values)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reply_docx(case, *, template=None) -> bytes:
    """The case's reply from the office's template (a ReplyTemplate) or the built-in one."""
    if template is not None:
        with template.file.open("rb") as handle:
            source = handle.read()
    else:
        source = default_template(case.kind)
    return fill(source, case)


def docx_text(content: bytes) -> str:
    """All the text of a .docx (paragraphs and tables), for checks and tests."""
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)
