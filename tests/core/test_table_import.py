"""The .xlsx import kit: headers by alias, typed cells with Chinese per-row messages, formulas
read as text, the row and cell limits."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from sifasuo.core import table_import
from sifasuo.core.table_import import Column, TableImporter


class People(TableImporter):
    title = "名册"
    max_rows = 3
    columns = (
        Column("name", ("姓名", "名字"), required=True, max_length=5),
        Column("born", ("出生日期",), kind="date"),
        Column("fee", ("金额",), kind="decimal"),
        Column("flag", ("示范户",), kind="bool"),
        Column("role", ("身份",), kind="choice", choices=(("网格员", "grid"),)),
    )

    def match(self, rows, context):
        pass


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_cells_are_typed_and_errors_name_the_row_and_column():
    data = _xlsx(
        [
            ["名字", "出生日期", "金额", "示范户", "身份"],
            ["张三", "2020/3/1", "1,200.50", "是", "网格员"],
            ["", "2020-13-01", "-5", "也许", "村长"],
            ["李四四四四四", "=TODAY()", "=1+1", None, None],
        ]
    )
    preview = table_import.parse(People(), data)
    first, second, third = preview.rows
    assert first.errors == [] and str(first.values["born"]) == "2020-03-01"
    assert str(first.values["fee"]) == "1200.50" and first.values["flag"] is True
    assert first.values["role"] == "grid" and first.action == "新增"
    # The preview shows a choice by its label and yes/no in Chinese.
    assert first.cells[3:] == ["是", "网格员"]
    assert second.line == 3 and "缺少姓名" in second.errors
    assert "出生日期“2020-13-01”不是有效日期" in second.errors
    assert "金额“-5”不是有效数字" in second.errors
    assert "示范户“也许”应填“是”或“否”" in second.errors
    assert "身份“村长”不在可选范围（网格员）" in second.errors
    # Formulas are never computed: they are read as their text and fail typed columns.
    assert "姓名超过 5 字" in third.errors and "出生日期“=TODAY()”不是有效日期" in third.errors
    assert "金额“=1+1”不是有效数字" in third.errors
    assert preview.valid_rows == [first]


def test_missing_columns_too_many_rows_and_overlong_cells_are_refused():
    with pytest.raises(ValidationError, match="缺少必需的列：姓名"):
        table_import.parse(People(), _xlsx([["出生日期"], ["2020-01-01"]]))
    with pytest.raises(ValidationError, match="表格超过 3 行"):
        table_import.parse(People(), _xlsx([["姓名"]] + [["甲"]] * 4))
    preview = table_import.parse(People(), _xlsx([["姓名", "身份"], ["甲", "网" * 3000]]))
    assert "身份超过 2000 字" in preview.rows[0].errors
    with pytest.raises(ValidationError, match="无法读取该 Excel 文件"):
        table_import.parse(People(), b"not a workbook")


def test_the_template_has_the_headers_with_what_each_takes():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_save(table_import.template_workbook(People()))))
    header = [cell.value for cell in book.active[1]]
    assert header == ["姓名", "出生日期", "金额", "示范户", "身份"]
    assert "必填" in book.active["A1"].comment.text
    assert "可填：网格员" in book.active["E1"].comment.text


def _save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
