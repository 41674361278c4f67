"""The labelled-set evaluator runs end to end on a small folder written here."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest
from contract_review.contract_cases import contract

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def evaluator():
    path = ROOT / "benchmarks" / "contract_devset_eval.py"
    spec = importlib.util.spec_from_file_location("contract_devset_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


CLEAN = {
    "kind": "出租",
    "lessor": "河山镇西村村民委员会",
    "lessee": "日照绿源农业发展有限公司",
    "lessee_kind": "organization",
    "asset_type": "耕地",
    "area": 50,
    "area_unit": "亩",
    "start": "2020-03-01",
    "end": "2040-02-29",
    "price_per_unit_year": 800,
    "payment": "annual",
    "prepaid_years": None,
    "consent": "stated",
    "signed": True,
}


@pytest.fixture
def labelled(tmp_path):
    folder = tmp_path / "devset"
    (folder / "contracts").mkdir(parents=True)
    (folder / "prices.csv").write_text("乡镇,类型,价格,单位\n河山镇,耕地,900,元/亩/年\n", "utf-8")
    files = {
        "contracts/001-clean.txt": (contract().encode("utf-8"), CLEAN, []),
        "contracts/002-no-meeting.txt": (
            contract(consent=None).encode("gbk"),
            CLEAN | {"consent": "absent"},
            ["no_democratic_procedure"],
        ),
        "contracts/003-cheap.docx": (
            _docx(
                contract(rent="第四条 租金为每亩每年300元，乙方应于每年12月31日前交纳当年租金。")
            ),
            CLEAN | {"price_per_unit_year": 300},
            ["low_price"],
        ),
        # a label the engine does not share: counted as a miss and as a field error
        "contracts/004-mislabelled.txt": (
            contract().encode("utf-8"),
            CLEAN | {"area": 60},
            ["unsigned"],
        ),
    }
    with (folder / "labels.jsonl").open("w", encoding="utf-8") as labels:
        for name, (data, fields, problems) in files.items():
            (folder / name).write_bytes(data)
            row = {"file": name, "as_of": "2025-01-01", "fields": fields, "problems": problems}
            labels.write(json.dumps(row, ensure_ascii=False) + "\n")
    return folder


def test_evaluator_counts_rules_and_fields(evaluator, labelled):
    from sifasuo.contract_review.engine import load_prices

    tally = evaluator.evaluate(
        evaluator.devset_cases(labelled), load_prices(labelled / "prices.csv")
    )
    assert tally.contracts == 4 and not tally.unreadable
    assert tally.rule("low_price") == (1, 1.0, 1.0)
    assert tally.rule("no_democratic_procedure") == (1, 1.0, 1.0)
    labelled_unsigned, _, recall = tally.rule("unsigned")
    assert (labelled_unsigned, recall) == (1, 0.0)
    assert tally.rule("problem") == (3, 1.0, 2 / 3)
    assert tally.accuracy("area") == (4, 0.75)
    assert tally.accuracy("price_per_unit_year") == (4, 1.0)
    assert tally.accuracy("consent") == (4, 1.0)
    assert any("004-mislabelled.txt: area expected 60" in line for line in tally.errors)


def test_report_puts_generator_and_devset_side_by_side(evaluator, labelled, capsys):
    assert evaluator.main([str(labelled), "--generator", "20"]) == 0
    out = capsys.readouterr().out
    assert "| Rule | generator labelled | generator precision" in out
    assert "devset labelled | devset precision | devset recall |" in out
    assert "| **problem contract** |" in out and "| price_per_unit_year |" in out
