"""Rebuild contracts/ from the hand-written texts in sources/, in the format and encoding labels.jsonl gives.

Markup in a source text (only .docx and .pdf use it; a .txt is written as it stands):
a line starting with "# " is a centred title, and consecutive lines starting with "|" form a table
whose cells are separated by "|".

    /work/main/.venv/bin/python benchmarks/contract_devset/build.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = "'Noto Serif CJK SC', 'Noto Sans CJK SC', serif"


def read_labels() -> list[dict]:
    with (HERE / "labels.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def source_for(label: dict) -> str:
    number = Path(label["file"]).name.split("-", 1)[0]
    return (HERE / "sources" / f"{number}.txt").read_text(encoding="utf-8")


def blocks(text: str) -> list[tuple[str, object]]:
    """Split a source text into ("title", str), ("para", str) and ("table", rows) blocks."""
    result: list[tuple[str, object]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if result and result[-1][0] == "table":
                result[-1][1].append(cells)
            else:
                result.append(("table", [cells]))
        elif line.startswith("# "):
            result.append(("title", line[2:].strip()))
        else:
            result.append(("para", line))
    return result


def write_txt(text: str, target: Path, encoding: str) -> None:
    if encoding == "gbk":
        # Files saved by Windows Notepad in GBK carry CRLF line ends.
        target.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    else:
        target.write_bytes(text.encode("utf-8"))


def write_docx(text: str, target: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for kind, value in blocks(text):
        if kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(value).bold = True
        elif kind == "table":
            width = max(len(row) for row in value)
            table = document.add_table(rows=len(value), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(value)
    document.core_properties.author = ""
    document.save(target)


def write_pdf(text: str, target: Path) -> None:
    from weasyprint import HTML

    parts = []
    for kind, value in blocks(text):
        if kind == "title":
            parts.append(f"<h1>{html.escape(value)}</h1>")
        elif kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in value
            )
            parts.append(f"<table>{rows}</table>")
        elif value.strip():
            parts.append(f"<p>{html.escape(value)}</p>")
    css = (
        "@page {size: A4; margin: 2.2cm}"
        f" body {{font-family: {FONT}; font-size: 11pt; line-height: 1.6}}"
        " h1 {font-size: 16pt; text-align: center} p {margin: 0.2em 0; text-indent: 2em}"
        " table {border-collapse: collapse; width: 100%} td {border: 1px solid #000; padding: 3px;"
        " font-size: 10pt}"
    )
    page = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(parts)}</body></html>"
    HTML(string=page).write_pdf(target)


def main() -> None:
    out = HERE / "contracts"
    out.mkdir(exist_ok=True)
    for label in read_labels():
        text = source_for(label)
        target = HERE / label["file"]
        if label["format"] == "txt":
            write_txt(text, target, label["encoding"])
        elif label["format"] == "docx":
            write_docx(text, target)
        else:
            write_pdf(text, target)
    print(f"{len(read_labels())} contracts written to {out}")


if __name__ == "__main__":
    main()
