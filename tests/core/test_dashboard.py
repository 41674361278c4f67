"""The home page's dashboards: a county supervisor sees its own offices' overdue work and headline
indicators side by side (worst flagged) with monthly trends as SVG charts whose tables match them;
an office head sees the office's own, this year against last; other roles keep 我的待办 alone."""

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET

import factories
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sifasuo.core import indicators, lines
from sifasuo.core.lines import BusinessLine, Indicator
from sifasuo.mediation import services as mediation
from sifasuo.mediation.models import Case

TODAY = dt.date(2026, 11, 18)
SVG = "{http://www.w3.org/2000/svg}"

# (unit id, day, what): the records behind the test line's indicators.
EVENTS: list[tuple[int, dt.date, str]] = []


def _count(what):
    def query(*, units, start, end):
        return sum(
            1
            for unit, day, kind in EVENTS
            if kind == what and unit in units and start <= day <= end
        )

    return query


received, closed, on_time = _count("received"), _count("closed"), _count("on_time")

LINE = BusinessLine(
    label="dash_test",
    name="看板测试",
    indicators=(
        Indicator(
            "d.received", "受理件数", "受理的件数，按受理日", "件",
            query=f"{__name__}.received", headline=True, additive=True,
        ),
        Indicator(
            "d.closed", "办结件数", "办结的件数", "件", query=f"{__name__}.closed", additive=True
        ),
        Indicator(
            "d.on_time", "按期件数", "按期办结的件数", "件", query=f"{__name__}.on_time",
            additive=True,
        ),
        Indicator(
            "d.rate", "按期办结率", "按期件数 ÷ 办结件数", "%",
            ratio=("d.on_time", "d.closed"), better="higher", headline=True,
        ),
    ),
)  # fmt: skip


def _events(unit, day, **kinds):
    for kind, n in kinds.items():
        EVENTS.extend([(unit.pk, day, kind)] * n)


@pytest.fixture
def line(monkeypatch, world, freeze_today):
    freeze_today(TODAY)
    # The installed lines keep their open work (due_work); only the test line's indicators count.
    installed = [dataclasses.replace(x, indicators=()) for x in lines.lines()]
    monkeypatch.setattr(lines, "lines", lambda: [*installed, LINE])
    lines.clear_caches()
    EVENTS.clear()
    # A1: 10 closed, 9 on time (one of them recorded at its village); A2: 10 closed, 6 on time;
    # B1 (another county): 4 of 4, and a lot received.
    _events(world.office_a1, dt.date(2026, 3, 2), received=5, closed=10, on_time=8)
    _events(world.village_a1, dt.date(2026, 11, 3), received=2, on_time=1)
    _events(world.office_a2, dt.date(2026, 11, 5), received=7, closed=10, on_time=6)
    _events(world.office_b1, dt.date(2026, 6, 1), received=99, closed=4, on_time=4)
    _events(world.office_a1, dt.date(2025, 3, 9), received=3, closed=2, on_time=2)
    yield LINE
    lines.clear_caches()


def _cases(mediator, offsets):
    for n, offset in enumerate(offsets):
        case = mediation.case_open(
            actor=mediator,
            unit=mediator.unit,
            dispute_type="neighbour",
            summary=f"第{n}件邻里纠纷",
            committee_kind="township",
            committee_name="人民调解委员会",
            mediators=[mediator],
            applicants=[{"kind": "person", "name": f"申请人{n}", "phone": f"1396330{n:04d}"}],
        )
        Case.objects.filter(pk=case.pk).update(due_on=TODAY + dt.timedelta(days=offset))


def _chart(board, key):
    return next(c for group in board["trends"] for c in group["charts"] if c.key == key)


def _home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def _svgs(body: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", body, flags=re.S)]


def test_a_supervisor_sees_its_offices_only_with_values_over_each_subtree(line, world, client):
    response = _home(client, world.supervisor)
    body = response.content.decode()
    board = response.context["dashboard"]
    assert board["kind"] == "supervisor"
    assert [u.name for u in board["units"]] == ["秦楼司法所", "河山司法所"]
    assert "洪凝司法所" not in body
    rows = {row["indicator"].code: row for row in board["side_by_side"]}
    assert set(rows) == {"d.received", "d.rate"}  # headline only
    received_row = {c["unit"].name: (c["year"], c["month"]) for c in rows["d.received"]["cells"]}
    # A1's year includes its village's two; this month only the village's; last year is not counted.
    assert received_row == {"秦楼司法所": (7, 2), "河山司法所": (7, 7)}
    rate_row = {c["unit"].name: (c["year"], c["month"]) for c in rows["d.rate"]["cells"]}
    assert rate_row["秦楼司法所"] == (90.0, None)  # 9 of 10; no office closed anything this month
    assert rate_row["河山司法所"][0] == 60.0
    # The trend is the county's whole subtree by month, the other county's 99 not in it.
    trend = _chart(board, "trend-d-received")
    assert trend.categories[0] == "1月" and trend.categories[-1] == "11月"
    assert trend.series[0].values[2] == 5 and trend.series[0].values[10] == 9
    assert sum(trend.series[0].values) == 14


def test_the_worst_office_is_flagged_by_the_indicators_better_direction(line, world, client):
    body = _home(client, world.supervisor).content.decode()
    rate = re.search(r'<tr data-indicator="d.rate">(.*?)</tr>', body, flags=re.S)[1]
    cells = re.findall(r'<td class="num( worst)?" data-unit="(\d+)" data-period="year">', rate)
    assert {int(unit): bool(worst) for worst, unit in cells} == {
        world.office_a1.pk: False,
        world.office_a2.pk: True,  # 60% on time is the lower rate
    }
    received = re.search(r'<tr data-indicator="d.received">(.*?)</tr>', body, flags=re.S)[1]
    assert "worst" not in received  # a plain volume flags nothing
    # The bar chart draws the worst office's bar in the warning colour.
    board = client.get("/").context["dashboard"]
    chart = next(r["chart"] for r in board["side_by_side"] if r["indicator"].code == "d.rate")
    assert chart.highlight == {1}


def test_overdue_and_due_soon_work_per_office_links_down_to_the_records(line, world, client):
    _cases(world.mediator, [-3, -1, 1, 30])
    _cases(world.colleague, [2])
    _cases(world.outsider, [-5, -6])
    factories.work_item(world.office_a1, title="逾期的复议答复")  # the platform's own 期限事项
    factories.work_item(world.office_b1, title="外县的复议答复")
    body = _home(client, world.supervisor).content.decode()
    a1 = re.search(rf'<tr data-unit="{world.office_a1.pk}">(.*?)</tr>', body, flags=re.S)[1]
    a2 = re.search(rf'<tr data-unit="{world.office_a2.pk}">(.*?)</tr>', body, flags=re.S)[1]
    assert "调解案件" in body
    assert re.search(r"data-overdue>2</span>.*?data-due-soon>1<", a1)
    assert re.search(r"data-overdue>0</span>.*?data-due-soon>1<", a2)
    # The most overdue records are one click away; the other county's are not.
    oldest = Case.objects.filter(unit=world.office_a1).order_by("due_on").first()
    assert f'href="{reverse("mediation:case_detail", args=[oldest.pk])}"' in body
    for case in Case.objects.filter(unit=world.office_b1):
        assert case.number not in body


def test_svg_charts_are_well_formed_and_their_tables_match(line, world, client):
    body = _home(client, world.supervisor).content.decode()
    svgs = _svgs(body)
    assert len(svgs) == 4  # two headline indicators: a comparison bar chart and a trend each
    for svg in svgs:
        assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
        assert svg.get("role") == "img"
    figures = re.findall(r'<figure class="chart-figure" id="([^"]+)">(.*?)</figure>', body, re.S)
    for key, figure in figures:
        svg = ET.fromstring(re.search(r"<svg\b.*?</svg>", figure, re.S)[0])
        table = re.search(r"<tbody>(.*?)</tbody>", figure, re.S)[1]
        rows = re.findall(r'<th scope="row">(.*?)</th>((?:<td class="num">.*?</td>)+)', table)
        shown = [(name, re.findall(r'<td class="num">(.*?)</td>', cells)) for name, cells in rows]
        if key.startswith("bar-"):
            bars = [r.find(f"{SVG}title").text for r in svg.iter(f"{SVG}rect")]
            expected = [f"{name}：{values[0]}" for name, values in shown if values[0] != "—"]
            assert [b.rstrip("件%") for b in bars] == expected
        else:
            points = [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")]
            series = [h.split("（")[0] for h in re.findall(r'<th scope="col">(.*?)</th>', figure)]
            expected = [
                f"{name} {month}：{values[n]}"
                for n, name in enumerate(series[1:])
                for month, values in shown
                if values[n] != "—"
            ]
            assert [p.rstrip("件%") for p in points] == expected


def test_an_office_head_sees_the_office_this_year_against_last(line, world, client):
    _cases(world.mediator, [-2])
    response = _home(client, world.office_head)
    board = response.context["dashboard"]
    assert board["kind"] == "office" and board["units"] == [world.office_a1]
    rows = {row["indicator"].code: row for row in board["year_on_year"]}
    assert (rows["d.received"]["now"], rows["d.received"]["before"]) == (7, 3)
    assert (rows["d.rate"]["now"], rows["d.rate"]["before"]) == (90.0, 100.0)
    assert rows["d.rate"]["change"] == "worse"
    trend = _chart(board, "trend-d-received")
    assert [s.name for s in trend.series] == ["2025年", "2026年"]
    assert len(trend.categories) == 12 and trend.series[1].values[11] is None
    body = response.content.decode()
    assert "秦楼司法所工作概况" in body and "河山司法所" not in body
    assert [len(list(svg.iter(f"{SVG}polyline"))) > 0 for svg in _svgs(body)]


@pytest.mark.parametrize("who", ["office_user", "mediator", "outsider", "partner"])
def test_other_roles_keep_their_todo_list(line, world, client, who):
    response = _home(client, getattr(world, who))
    assert response.context["dashboard"] is None
    assert "<svg" not in response.content.decode()


def test_the_city_compares_its_counties(line, world, client, django_user_model):
    from factories import user

    from sifasuo.core.roles import Role

    city = user("city_supervisor", world.city, Role.SUPERVISOR)
    board = _home(client, city).context["dashboard"]
    assert [u.name for u in board["units"]] == ["东港区司法局", "五莲县司法局"]
    received = {c["unit"].name: c["year"] for c in board["side_by_side"][0]["cells"]}
    assert received == {"东港区司法局": 14, "五莲县司法局": 99}


def test_the_lines_headline_indicators_are_shown_by_line(world, client, freeze_today):
    freeze_today(TODAY)
    body = _home(client, world.supervisor).content.decode()
    assert "东港区司法局工作概况" in body
    for line in lines.lines():
        for indicator in line.indicators:
            shown = f'data-indicator="{indicator.code}"' in body
            assert shown == indicator.headline, indicator.code
    for svg in _svgs(body):
        assert svg.find(f"{SVG}title").text


def test_without_headline_indicators_the_page_says_so(world, client, freeze_today, monkeypatch):
    freeze_today(TODAY)
    bare = [dataclasses.replace(x, indicators=()) for x in lines.lines()]
    monkeypatch.setattr(lines, "lines", lambda: bare)
    lines.clear_caches()
    try:
        body = _home(client, world.supervisor).content.decode()
    finally:
        lines.clear_caches()
    assert "暂无重点指标" in body and "<svg" not in body


def _spy(monkeypatch):
    """Count the queries the dashboard makes outside core.indicators, and its calls into it."""
    calls = {"values_for": 0, "monthly_values": 0, "inside": 0}
    inside = {"depth": 0}
    for name in ("values_for", "monthly_values"):
        real = getattr(indicators, name)

        def wrapped(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            inside["depth"] += 1
            try:
                with CaptureQueriesContext(connection) as captured:
                    return _real(*args, **kwargs)
            finally:
                inside["depth"] -= 1
                calls["inside"] += len(captured)

        monkeypatch.setattr(indicators, name, wrapped)
    return calls


def test_the_supervisor_home_does_not_query_more_with_more_offices(
    line, world, client, monkeypatch
):
    from factories import unit

    from sifasuo.core.models import UnitKind

    _cases(world.mediator, [-3, 1])
    calls = _spy(monkeypatch)

    def measure():
        client.force_login(world.supervisor)
        for key in calls:
            calls[key] = 0
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured) - calls["inside"], dict(calls)

    measure()  # the first request fills the caches (content types, the login's session)
    outside_two, calls_two = measure()
    for n in range(4):
        office = unit(f"新建{n}司法所", UnitKind.OFFICE, world.county_a, township_name=f"新建{n}镇")
        _events(office, dt.date(2026, 5, 1), received=n, closed=1, on_time=1)
    outside_six, calls_six = measure()
    # Nothing of the dashboard's own grows with the offices, and it asks core.indicators the
    # same number of times (values_for once per period over all offices, one monthly series).
    assert outside_six == outside_two
    assert (calls_six["values_for"], calls_six["monthly_values"]) == (2, 1)
    assert calls_two["values_for"] == calls_six["values_for"]
    assert outside_two <= 60
