"""指标对比: a supervisor sees every indicator of a line for each unit one level below it, the
worst value of each column flagged, with drill-down, export and the written definitions; scoped
like every other page."""

from io import BytesIO

import factories
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifasuo.core import lines
from sifasuo.core.lines import BusinessLine, Indicator
from sifasuo.core.roles import Role

COUNTS: dict[int, tuple[int, int, int]] = {}  # unit id → (cases, on time, overdue)


def _sum(index):
    def query(*, units, start, end):
        return sum(COUNTS.get(u, (0, 0, 0))[index] for u in units)

    return query


cases, on_time, overdue = _sum(0), _sum(1), _sum(2)

LINE = BusinessLine(
    label="compare_test",
    name="对比测试",
    indicators=(
        Indicator("c.cases", "办结件数", "办结的件数", "件", query=f"{__name__}.cases"),
        Indicator("c.on_time", "按期件数", "按期办结的件数", "件", query=f"{__name__}.on_time"),
        Indicator(
            "c.rate",
            "按期率",
            "按期件数 ÷ 办结件数",
            "%",
            ratio=("c.on_time", "c.cases"),
            better="higher",
            revisions=(("2026-07-01", "不再计入撤回的案件"),),
        ),
        Indicator(
            "c.overdue", "超期件数", "超期的件数", "件", query=f"{__name__}.overdue", better="lower"
        ),
    ),
)


@pytest.fixture
def line(monkeypatch, world):
    installed = lines.lines()
    monkeypatch.setattr(lines, "lines", lambda: [*installed, LINE])
    lines.clear_caches()
    COUNTS.clear()
    COUNTS.update(
        {
            world.office_a1.pk: (10, 9, 0),
            world.office_a2.pk: (10, 6, 3),
            world.office_b1.pk: (4, 4, 1),
        }
    )
    yield LINE
    lines.clear_caches()


URL = reverse("core:indicator_compare")


def _page(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"line": "compare_test", "period": "2026", **params})


def _table(response):
    columns = [c["indicator"].code for c in response.context["columns"]]
    return {
        row["unit"].name: {
            code: (cell["value"], cell["worst"])
            for code, cell in zip(columns, row["cells"], strict=True)
        }
        for row in response.context["rows"]
    }


def test_a_county_sees_its_offices_with_the_worst_value_of_each_column_flagged(world, line, client):
    response = _page(client, world.supervisor)
    table = _table(response)
    assert set(table) == {"秦楼司法所", "河山司法所"}  # not the other county's office
    assert table["秦楼司法所"]["c.rate"] == (90, False)
    assert table["河山司法所"]["c.rate"] == (60, True)  # the lowest rate
    assert table["河山司法所"]["c.overdue"] == (3, True)  # the most overdue
    assert table["秦楼司法所"]["c.cases"] == (10, False)  # a volume flags nothing, nor a tie
    assert response.context["total"] == [20, 15, 75, 3]  # the rate of the sums, not a mean
    page = response.content.decode()
    assert "不再计入撤回的案件" in page and "最差" in page


def test_the_city_drills_down_from_counties_to_offices(world, line, client):
    city = factories.user("city_sup", world.city, Role.SUPERVISOR)
    response = _page(client, city)
    table = _table(response)
    assert set(table) == {"东港区司法局", "五莲县司法局"}
    assert table["东港区司法局"]["c.rate"] == (75, True)
    drill = f"?unit={world.county_a.pk}&amp;period=2026&amp;line=compare_test"
    assert drill in response.content.decode()
    down = _page(client, city, unit=world.county_a.pk)
    assert set(_table(down)) == {"秦楼司法所", "河山司法所"}
    assert down.context["parent"] == world.city


def test_periods_are_picked_as_year_quarter_month_or_range(world, line, client):
    client.force_login(world.supervisor)
    quarter = client.get(
        URL, {"line": "compare_test", "kind": "quarter", "year": "2026", "quarter": "3"}
    )
    assert quarter.context["period"].label == "2026年第三季度"
    custom = client.get(URL, {"line": "compare_test", "kind": "custom", "start": "2026-03-01"})
    assert "自定义期间请填写开始日期和结束日期" in custom.content.decode()


def test_an_office_head_sees_the_own_office_and_nothing_above_or_beside(world, line, client):
    assert set(_table(_page(client, world.office_head))) == {"秦楼司法所"}
    assert _page(client, world.office_head, unit=world.county_a.pk).status_code == 404
    assert _page(client, world.supervisor, unit=world.office_b1.pk).status_code == 404
    assert _page(client, world.supervisor, unit=world.county_b.pk).status_code == 404
    other = factories.user("county_b", world.county_b, Role.SUPERVISOR)
    assert _page(client, other, unit=world.office_a1.pk).status_code == 404
    assert _page(client, world.office_user).status_code == 403  # not a supervising role
    client.force_login(world.supervisor)
    export = client.get(
        reverse("core:indicator_compare_export"),
        {"line": "compare_test", "unit": world.office_b1.pk},
    )
    assert export.status_code == 404


def test_the_export_marks_the_worst_cells_and_carries_the_definitions(world, line, client):
    client.force_login(world.supervisor)
    response = client.get(
        reverse("core:indicator_compare_export"), {"line": "compare_test", "period": "2026-Q3"}
    )
    book = load_workbook(BytesIO(response.content))
    sheet = book["指标对比"]
    header = [c.value for c in sheet[1]]
    assert header == ["单位", "办结件数(件)", "按期件数(件)", "按期率(%)", "超期件数(件)"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["河山司法所"][3].value == 60 and rows["河山司法所"][3].fill.fgColor.rgb.endswith(
        "F8D7DA"
    )
    assert rows["秦楼司法所"][3].fill.fgColor.rgb != rows["河山司法所"][3].fill.fgColor.rgb
    assert "东港区司法局（合计）" in rows
    notes = [row[1] for row in book["指标说明"].iter_rows(min_row=2, values_only=True)]
    assert "按期件数 ÷ 办结件数" in notes


def test_the_definitions_page_lists_every_registered_indicator(world, line, client):
    client.force_login(world.advisor)
    page = client.get(reverse("core:indicator_definitions")).content.decode()
    for indicator in lines.indicators().values():
        assert str(indicator.name) in page and str(indicator.definition) in page
    assert "2026-07-01：不再计入撤回的案件" in page and "越低越好" in page


def test_it_works_on_the_lines_installed(world, client):
    """Without a test line: whatever the installed lines declare (信访 among them)."""
    declared = [line for line in lines.lines() if line.indicators]
    client.force_login(world.supervisor)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["line"] == declared[0]
    assert set(_table(response)) == {"秦楼司法所", "河山司法所"}
    assert str(declared[0].indicators[0].name) in response.content.decode()


def test_the_sidebar_offers_the_comparison_to_supervisors_and_office_heads(world, client):
    def sidebar(user) -> str:
        client.force_login(user)
        page = client.get("/").content.decode()
        return page[page.index('class="sidebar"') : page.index("</nav>")]

    assert URL in sidebar(world.supervisor) and URL in sidebar(world.office_head)
    assert URL not in sidebar(world.office_user)


def test_a_better_hint_other_than_higher_or_lower_is_refused(monkeypatch):
    from sifasuo.core import checks

    bad = BusinessLine(
        label="bad",
        name="坏",
        indicators=(Indicator("b.x", "x", "x", "件", query=f"{__name__}.cases", better="up"),),
    )
    errors = list(checks._indicator_shapes([bad]))
    assert [e.id for e in errors] == ["sifasuo.E012"] and "better" in errors[0].msg
