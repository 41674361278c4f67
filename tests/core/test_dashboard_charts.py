"""The dashboards' SVG charts: well-formed, labelled for screen readers, correct for zeros, gaps
and many units, and escaping whatever a unit is called."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from sifasuo.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(chart):
    return ET.fromstring(str(chart.svg()))


def _numbers(svg, attribute):
    return [float(e.get(attribute)) for e in svg.iter() if e.get(attribute) is not None]


def test_a_bar_chart_of_zeros_and_gaps_draws_an_axis_and_no_nonsense():
    chart = charts.bar_chart(
        "b", "按期办结率", ["甲所", "乙所", "丙所"], [0, None, 0], unit="%", category_label="单位"
    )
    svg = _parse(chart)
    assert svg.find(f"{SVG}title").text == "按期办结率"
    assert svg.get("aria-labelledby") == "b-title b-desc"
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths == [0.0, 0.0]  # the gap has no bar
    assert all(abs(x) < 10_000 for x in _numbers(svg, "x"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "—" in texts and "单位" in texts and "按期办结率（%）" in texts
    assert chart.rows == [("甲所", ["0"]), ("乙所", ["—"]), ("丙所", ["0"])]


def test_many_units_each_get_a_labelled_bar_and_the_chart_grows():
    names = [f"第{n}司法所" for n in range(60)]
    chart = charts.bar_chart("m", "受理件数", names, list(range(60)), unit="件")
    svg = _parse(chart)
    titles = [r.find(f"{SVG}title").text for r in svg.iter(f"{SVG}rect")]
    assert titles == [f"第{n}司法所：{n}件" for n in range(60)]
    height = float(svg.get("viewBox").split()[3])
    assert height > 60 * 20
    assert max(float(r.get("width")) for r in svg.iter(f"{SVG}rect")) <= 360


def test_the_worst_bar_is_drawn_in_the_warning_colour():
    chart = charts.bar_chart(
        "w", "率", ["甲", "乙"], [Decimal("90.0"), Decimal("60.0")], highlight={1}
    )
    fills = [r.get("fill") for r in _parse(chart).iter(f"{SVG}rect")]
    assert fills == [charts.PALETTE[0], charts.WORST_COLOUR]


def test_a_line_chart_breaks_at_a_month_without_a_value():
    months = [f"{m}月" for m in range(1, 7)]
    chart = charts.line_chart(
        "t", "按期办结率月度走势", months, [("2026年", [50, None, 80, 90, None, None])], unit="%"
    )
    svg = _parse(chart)
    assert len(list(svg.iter(f"{SVG}circle"))) == 3
    assert len(list(svg.iter(f"{SVG}polyline"))) == 1  # 3月–4月; 1月 stands alone
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert all(m in labels for m in months) and "月份" in labels
    assert chart.rows[1] == ("2月", ["—"])


def test_a_line_chart_of_only_zeros_and_a_single_month():
    svg = _parse(charts.line_chart("z", "零", ["1月"], [("2026年", [0])]))
    ys = [float(c.get("cy")) for c in svg.iter(f"{SVG}circle")]
    assert len(ys) == 1 and ys[0] == 16 + 180  # on the axis


def test_names_are_escaped():
    chart = charts.bar_chart("e", "<script>", ['所"&<b>'], [1])
    text = str(chart.svg())
    assert "<script>" not in text and "<b>" not in text
    ET.fromstring(text)


def test_ticks_are_round_and_cover_the_top():
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(97)[-1] >= 97
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]


def test_a_chart_without_any_value_says_so():
    for chart in (
        charts.bar_chart("n", "按期办结率", ["甲所", "乙所"], [None, None], unit="%"),
        charts.line_chart("l", "按期办结率", ["1月", "2月"], [("2026年", [None, None])], unit="%"),
    ):
        texts = [t.text for t in _parse(chart).iter(f"{SVG}text")]
        assert "本期无数据" in texts
    zeros = charts.bar_chart("z", "受理件数", ["甲所"], [0])
    assert "本期无数据" not in [t.text for t in _parse(zeros).iter(f"{SVG}text")]
