"""The ``sifasuo contracts`` command end to end: folders in, JSON Lines and Excel out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from contract_review.contract_cases import PRICE_ROWS, contract
from openpyxl import load_workbook

from sifasuo.cli import main as sifasuo_main
from sifasuo.contract_review.cli import main
from sifasuo.contract_review.engine import review_paths


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "合同"
    (root / "西村").mkdir(parents=True)
    (root / "西村" / "租赁1.txt").write_text(contract(consent=None), encoding="utf-8")
    (root / "西村" / "租赁2.txt").write_bytes(contract().encode("gbk"))
    (root / "东村.txt").write_text(
        contract(term="第二条 租赁期限自2020年3月1日起至2045年2月28日止。"), encoding="utf-8"
    )
    (root / "坏文件.pdf").write_bytes(b"%PDF-1.4 broken")
    (root / "~$租赁1.docx").write_bytes(b"office lock file")
    return root


@pytest.fixture
def prices_csv(tmp_path):
    path = tmp_path / "prices.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows(PRICE_ROWS)
    return path


def _run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_review_writes_jsonl_and_excel(folder, prices_csv, tmp_path, capsys):
    jsonl, xlsx = tmp_path / "results.jsonl", tmp_path / "report.xlsx"
    status, out, err = _run(
        capsys, "review", str(folder), "--prices", str(prices_csv), "--out", str(xlsx),
        "--jsonl", str(jsonl), "--as-of", "2025-01-01",
    )  # fmt: skip
    assert status == 0
    # standard error is not a terminal here: plain lines, no carriage returns in the log
    assert "\r" not in err
    assert err.splitlines()[-1].startswith("审查中 4 份 | 问题 2 | 读取失败 1 |")
    assert err.endswith("| 审查完成\n")
    assert "共审查 4 份：读取成功 3 份，读取失败 1 份；问题合同 2 份" in out

    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["file"] for r in rows] == [
        "东村.txt",
        "坏文件.pdf",
        "西村/租赁1.txt",
        "西村/租赁2.txt",
    ]
    by_file = {r["file"]: r for r in rows}
    assert by_file["坏文件.pdf"]["status"] == "error"
    assert "PDF 已损坏" in by_file["坏文件.pdf"]["error"]
    assert by_file["西村/租赁2.txt"]["problem"] is False
    problem = by_file["西村/租赁1.txt"]
    assert problem["problem"] is True
    assert len(problem["sha256"]) == 64
    item = problem["findings"][0]
    assert item["rule"] == "no_democratic_procedure"
    assert item["severity"] == "high"
    assert item["basis"] == "农村土地承包法 第五十二条；村民委员会组织法 第二十四条"
    assert item["evidence"][0]["snippet"] == "日照绿源农业发展有限公司"
    assert item["remedy"] and item["message"]
    assert problem["fields"]["lessor"]["value"] == "河山镇西村村民委员会"
    over = by_file["东村.txt"]["findings"][0]
    assert over["rule"] == "term_over_limit"
    assert [e["snippet"] for e in over["evidence"]] == ["2020年3月1日", "2045年2月28日"]

    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["汇总", "合同台账", "问题明细"]
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(values_only=True) if len(r) > 1}
    assert summary["合同总数"] == 4
    assert summary["问题合同"] == 2
    ledger = list(book["合同台账"].iter_rows(values_only=True))
    assert len(ledger) == 5
    assert ledger[0][:4] == ("序号", "文件", "记录", "状态")
    findings = list(book["问题明细"].iter_rows(values_only=True))
    assert {row[4] for row in findings[1:]} == {"no_democratic_procedure", "term_over_limit"}


def test_workers_give_the_same_results_in_the_same_order(folder, prices_csv):
    def run(workers):
        return [
            r.to_dict()
            for r in review_paths([folder], workers=workers, prices=None, exclude=[prices_csv])
        ]

    assert run(2) == run(1)


def test_price_table_inside_the_folder_is_not_reviewed(folder, capsys):
    inside = folder / "参考价.csv"
    inside.write_text("乡镇,类型,价格\n全县,耕地,900\n", encoding="utf-8")
    status, out, _ = _run(capsys, "review", str(folder), "--prices", str(inside), "--quiet")
    assert status == 0
    assert "共审查 4 份" in out


def test_a_single_file_is_named_by_its_file_name(folder, tmp_path, capsys):
    jsonl = tmp_path / "one.jsonl"
    _run(capsys, "review", str(folder / "东村.txt"), "--jsonl", str(jsonl), "--quiet")
    assert json.loads(jsonl.read_text(encoding="utf-8"))["file"] == "东村.txt"


def test_thresholds_file(folder, tmp_path, capsys):
    config = tmp_path / "thresholds.json"
    config.write_text(json.dumps({"max_lease_years": 30}), encoding="utf-8")
    status, out, _ = _run(capsys, "review", str(folder), "--thresholds", str(config), "--quiet")
    assert status == 0
    assert "term_over_limit" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "no/such/folder"], "no such file or folder: no/such/folder"),
        (["review", "{folder}", "--as-of", "2025-13-01"], "bad date '2025-13-01'"),
        (["review", "{folder}", "--out", "report.csv"], "must end with .xlsx"),
        (["review", "{folder}", "--jsonl", "nowhere/x.jsonl"], "does not exist"),
        (["review", "{folder}", "--workers", "0"], "--workers must be at least 1"),
        (["review", "{folder}", "--prices", "{bad_prices}"], "表头需要“类型”列和“价格”列"),
        (["review", "{folder}", "--thresholds", "{bad_thresholds}"], "unknown threshold"),
        ([], "the following arguments are required: ACTION"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(folder, tmp_path, capsys, args, message):
    bad_prices = tmp_path / "bad.csv"
    bad_prices.write_text("名称,金额\n耕地,800\n", encoding="utf-8")
    bad_thresholds = tmp_path / "bad.json"
    bad_thresholds.write_text('{"ratio": 1}', encoding="utf-8")
    values = {"folder": folder, "bad_prices": bad_prices, "bad_thresholds": bad_thresholds}
    status, out, err = _run(capsys, *[a.format(**values) for a in args])
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("sifasuo contracts: error: ")
    assert message in err


def test_rules_are_listed_with_their_basis(capsys):
    status, out, _ = _run(capsys, "rules")
    assert status == 0
    assert "term_over_limit  期限超过法定上限" in out
    assert "依据：民法典 第七百零五条" in out
    assert "max_lease_years = 20    （民法典 第七百零五条）" in out
    assert "grant_max_years = {'industrial': 50" in out and "土地管理法 第六十三条第四款" in out
    status, out, _ = _run(capsys, "rules", "--json")
    data = json.loads(out)
    assert data["thresholds"]["low_price_ratio"] == 0.7
    assert data["threshold_bases"]["max_prepaid_years"].startswith("清理规范工作口径")
    assert len(data["rules"]) == 8


def test_the_sifasuo_command_passes_contracts_through(capsys):
    assert sifasuo_main(["contracts", "rules"]) == 0
    assert "buyback_clause" in capsys.readouterr().out


def test_xlsx_report_writes_formula_text_from_a_contract_as_text(tmp_path):
    import factories

    from sifasuo.contract_review.engine import ContractResult, Extraction, XlsxReport
    from sifasuo.contract_review.engine.extract import Found
    from sifasuo.contract_review.engine.report import Summary

    evil = Found(factories.FORMULA_TEXT, 0, 10, factories.FORMULA_TEXT)
    result = ContractResult(
        file="合同.txt", status="ok", fields=Extraction(lessee=evil, village=evil)
    )
    summary = Summary()
    summary.add(result)
    report = XlsxReport(tmp_path / "report.xlsx")
    report.add(result)
    report.close(summary)
    factories.assert_formula_is_text((tmp_path / "report.xlsx").read_bytes())


class _Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def _progress_of(terminal: bool, monkeypatch, *, every: float) -> str:
    from sifasuo.contract_review import cli
    from sifasuo.contract_review.engine import Summary
    from sifasuo.contract_review.engine.review import ContractResult

    clock = iter(float(t) for t in range(100))
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    stream = _Stream(terminal)
    progress = cli._Progress(stream, enabled=True)
    assert progress.every == (0.25 if terminal else 5.0)
    progress.every = every
    summary = Summary()
    for _ in range(12):  # one contract a second
        summary.add(ContractResult("合同.txt", "ok"))
        progress.update(summary)
    progress.update(summary, final=True)
    return stream.getvalue()


def test_progress_redraws_one_line_on_a_terminal(monkeypatch):
    out = _progress_of(True, monkeypatch, every=0.25)
    assert out.count("\r") == 13 and out.count("\n") == 1
    assert out.endswith("\r审查中 12 份 | 问题 0 | 读取失败 0 | 1 份/秒\n")


def test_progress_in_a_log_prints_a_line_every_few_seconds(monkeypatch):
    out = _progress_of(False, monkeypatch, every=5.0)
    lines = out.splitlines()
    assert "\r" not in out
    assert lines == [
        "审查中 5 份 | 问题 0 | 读取失败 0 | 1 份/秒 | 已用 5 秒",
        "审查中 10 份 | 问题 0 | 读取失败 0 | 1 份/秒 | 已用 10 秒",
        "审查中 12 份 | 问题 0 | 读取失败 0 | 1 份/秒 | 审查完成",
    ]


def test_streamed_workbook_reads_back_with_its_types_and_layout(tmp_path):
    from openpyxl import load_workbook

    from sifasuo.contract_review.engine.xlsx import BOLD, PERCENT, Cell, Workbook

    book = Workbook("审查")
    sheet = book.create_sheet("台账", widths={"B": 36}, freeze_header=True)
    sheet.append(["文件", "金额"], BOLD)
    # a control character from a damaged file would make the XML unreadable: it is dropped
    sheet.append(["西村\x01合同.txt", 1200.5, 3, True, None, Cell(0.25, PERCENT), " 前后空格 "])
    book.save(tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["台账"]
    assert [c.value for c in ws[2]] == ["西村合同.txt", 1200.5, 3, True, None, 0.25, " 前后空格 "]
    assert ws["A1"].font.b and ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 36
    assert ws["F2"].number_format == "0.0%"
    assert not list(tmp_path.glob("sifasuo-xlsx-*"))
