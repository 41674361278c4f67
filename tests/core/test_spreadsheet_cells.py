"""Text that starts like a formula leaves the platform's .xlsx files as text."""

import datetime as dt
from io import BytesIO

import factories
import pytest
from django.urls import reverse

from sifasuo.core import exports
from sifasuo.core.spreadsheet_cells import inert


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+8613800000000", "'+8613800000000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("王建华", "王建华"),
        ("a=b", "a=b"),
        (-5, -5),
        (None, None),
    ],
)
def test_inert(value, written):
    assert inert(value) == written


def test_staff_roster_writes_a_formula_name_as_text(world, client):
    factories.staff(world.office_a1, name=factories.FORMULA_TEXT)
    client.force_login(world.office_user)
    factories.assert_formula_is_text(client.get(reverse("core:staff_export")).content)


def test_overdue_ledger_writes_a_formula_title_as_text(world):
    item = factories.work_item(
        world.office_a1,
        title=factories.FORMULA_TEXT,
        due_rule="",
        due_start=None,
        due_on=dt.date(2026, 1, 5),
    )
    book = exports.overdue_ledger([item], today=dt.date(2026, 1, 9))
    buffer = BytesIO()
    book.save(buffer)
    factories.assert_formula_is_text(buffer.getvalue())
