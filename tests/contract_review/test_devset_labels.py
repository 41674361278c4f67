"""The hand-drafted contract set: every label names a readable file and follows the shared schema."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

DEVSET = Path(__file__).resolve().parents[2] / "benchmarks" / "contract_devset"
CODES = {
    "term_over_limit",
    "low_price",
    "lump_sum_prepayment",
    "no_democratic_procedure",
    "use_change",
    "missing_clauses",
    "unsigned",
    "buyback_clause",
}
FIELDS = {
    "kind": {"出让", "出租", "流转", "发包"},
    "lessor": str,
    "lessor_is_collective": bool,
    "lessee": str,
    "lessee_kind": {"member", "outsider", "organization"},
    "asset_type": {
        "耕地",
        "林地",
        "园地",
        "草地",
        "坑塘水面",
        "四荒地",
        "建设用地",
        "厂房",
        "房屋",
        "其他",
    },
    "area": (float, type(None)),
    "area_unit": {"亩", "平方米", None},
    "start": (str, type(None)),
    "end": (str, type(None)),
    "price_per_unit_year": (float, type(None)),
    "payment": {"annual", "lump_sum", "installments", "other", "none"},
    "prepaid_years": (int, type(None)),
    "consent": {"stated", "absent", "not_required"},
    "signed": bool,
}
LABELS = [
    json.loads(line)
    for line in (DEVSET / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_the_set_is_large_and_every_rule_has_positives() -> None:
    assert len(LABELS) >= 150
    assert len({label["style"] for label in LABELS}) >= 30
    counts = Counter(code for label in LABELS for code in label["problems"])
    assert set(counts) == CODES
    assert min(counts.values()) >= 6
    problem_share = sum(1 for label in LABELS if label["problems"]) / len(LABELS)
    assert 0.3 <= problem_share <= 0.5
    formats = Counter(label["format"] for label in LABELS)
    assert formats["docx"] >= 20 and formats["pdf"] >= 10


@pytest.mark.parametrize("label", LABELS, ids=[label["file"] for label in LABELS])
def test_label_follows_the_schema_and_its_file_reads(label: dict) -> None:
    assert set(label) == {
        "file",
        "encoding",
        "format",
        "style",
        "as_of",
        "fields",
        "problems",
        "notes",
    }
    assert set(label["fields"]) == set(FIELDS)
    for name, allowed in FIELDS.items():
        value = label["fields"][name]
        if isinstance(allowed, set):
            assert value in allowed, (name, value)
        else:
            assert isinstance(value, allowed) and not (
                allowed is not bool and isinstance(value, bool)
            ), (name, value)
    for name in ("start", "end"):
        value = label["fields"][name]
        assert value is None or (len(value) == 10 and value[4] == value[7] == "-"), (name, value)
    assert (label["fields"]["area"] is None) == (label["fields"]["area_unit"] is None)
    assert set(label["problems"]) <= CODES and len(set(label["problems"])) == len(label["problems"])
    assert label["notes"].strip()

    path = DEVSET / label["file"]
    assert path.suffix == "." + label["format"]
    text = "".join(file_text(path, label["encoding"]).split())
    for party in ("lessor", "lessee"):
        assert label["fields"][party] in text, (party, label["fields"][party])
    number = path.name.split("-", 1)[0]
    assert (DEVSET / "sources" / f"{number}.txt").is_file()


def file_text(path: Path, encoding: str) -> str:
    """The text a reader of the file sees: decoded .txt, paragraphs and table cells of .docx, .pdf text."""
    if path.suffix == ".txt":
        return path.read_bytes().decode(encoding)
    if path.suffix == ".docx":
        from docx import Document

        document = Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_price_table_has_the_shared_header_and_one_price_per_township_and_type() -> None:
    with (DEVSET / "prices.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["乡镇", "类型", "价格", "单位"]
    keys = [(row[0], row[1]) for row in rows[1:]]
    assert len(keys) == len(set(keys))
    assert all(float(row[2]) > 0 for row in rows[1:])
