"""Server-rendered SVG charts for the dashboards: horizontal bars (one per unit) and monthly lines.

Readable without JavaScript and safe under the platform's Content-Security-Policy: colours are
SVG presentation attributes, not styles or scripts. Every chart carries its title and description
for screen readers, and the same numbers as a table (`rows`), which the templates put one click
away. A value of None (a rate without a denominator) is drawn as a gap and shown as "—".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

Number = int | float | Decimal

PALETTE = ("#2f6db3", "#d9822b", "#3a9b5c", "#a23b72", "#6c757d")
WORST_COLOUR = "#c0392b"
AXIS_COLOUR = "#555"
GRID_COLOUR = "#ddd"
FONT = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"


def _h(template: str, *args) -> str:
    """`template` with every argument escaped (a dashboard draws thousands of these: plain
    string formatting, marked safe once per chart)."""
    return template.format(*(escape(str(a)) for a in args))


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Number | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart's data; `svg()` draws it, `rows` is its table.

    `kind` "bar": one bar per category (the first series), drawn horizontally so any number of
    units fits; `highlight` marks categories drawn in the warning colour (the worst value).
    `kind` "line": one line per series over the categories (months)."""

    key: str  # unique on the page: the ids of <title> and <desc>
    kind: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    category_label: str = ""  # the axis naming the categories (单位, 月份)
    value_label: str = ""  # the axis naming the values
    highlight: frozenset[int] = frozenset()

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The table: each category with its value in every series, as shown."""
        return [
            (category, [shown(s.values[i]) for s in self.series])
            for i, category in enumerate(self.categories)
        ]

    def svg(self) -> SafeString:
        return _bar_svg(self) if self.kind == "bar" else _line_svg(self)

    def figure(self) -> SafeString:
        """The chart with its table one click away (a <details> under it), as the dashboards
        show it."""
        unit = f"（{self.unit}）" if self.unit else ""
        head = "".join(_h('<th scope="col">{}{}</th>', s.name, unit) for s in self.series)
        body = "".join(
            _h('<tr><th scope="row">{}</th>', category)
            + "".join(_h('<td class="num">{}</td>', value) for value in values)
            + "</tr>"
            for category, values in self.rows
        )
        return mark_safe(  # noqa: S308 - every value is escaped by _h
            _h('<figure class="chart-figure" id="{}">', self.key)
            + self.svg()
            + _h(
                '<details class="chart-data"><summary>{}</summary>'
                '<table class="table compact" data-chart="{}"><caption>{}</caption>'
                '<thead><tr><th scope="col">{}</th>',
                gettext("查看数据表"),
                self.key,
                self.title,
                self.category_label,
            )
            + head
            + "</tr></thead><tbody>"
            + body
            + "</tbody></table></details></figure>"
        )


def bar_chart(key, title, categories, values, *, unit="", category_label="", value_label="",
              highlight=(), description="") -> Chart:  # fmt: skip
    return Chart(
        key=key,
        kind="bar",
        title=title,
        description=description or f"{title}：各{category_label or '类别'}的数值，单位{unit}。",
        categories=tuple(str(c) for c in categories),
        series=(Series(value_label or title, tuple(values)),),
        unit=unit,
        category_label=category_label,
        value_label=value_label or title,
        highlight=frozenset(highlight),
    )


def line_chart(key, title, categories, series, *, unit="", category_label="月份",
               value_label="", description="") -> Chart:  # fmt: skip
    return Chart(
        key=key,
        kind="line",
        title=title,
        description=description or f"{title}：按{category_label}的变化，单位{unit}。",
        categories=tuple(str(c) for c in categories),
        series=tuple(Series(name, tuple(values)) for name, values in series),
        unit=unit,
        category_label=category_label,
        value_label=value_label or title,
    )


def shown(value: Number | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round axis ticks from 0 to at least `top` (a chart of only zeros still gets an axis)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks, tick = [0.0], 0.0
    while tick < top:
        tick = round(tick + step, 10)
        ticks.append(tick)
    return ticks


def _tick_text(tick: float) -> str:
    return str(int(tick)) if tick == int(tick) else f"{tick:g}"


def _no_data(chart: Chart, x: float, y: float) -> list[str]:
    """A chart without a single value says so instead of drawing an empty frame silently."""
    if any(v is not None for s in chart.series for v in s.values):
        return []
    return [_text(x, y, "本期无数据", anchor="middle", size=13)]


def _head(chart: Chart, width: int, height: int) -> str:
    return _h(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{}" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-labelledby="{}-title {}-desc" font-family="{}" '
        'font-size="12"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        chart.kind,
        width,
        height,
        chart.key,
        chart.key,
        FONT,
        chart.key,
        chart.title,
        chart.key,
        chart.description,
    )


def _text(x, y, text, *, anchor="start", size=12, colour=AXIS_COLOUR, extra="") -> str:
    """A <text>; `extra` is literal attributes written here, never user data."""
    return _h(
        '<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="{}"' + extra + ">{}</text>",
        _n(x),
        _n(y),
        anchor,
        size,
        colour,
        text,
    )


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _label(text: str, limit: int = 10) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bar_svg(chart: Chart) -> SafeString:
    values = chart.series[0].values
    left, right, top, row_height = 150, 60, 16, 24
    plot_width = 360
    width = left + plot_width + right
    plot_height = max(1, len(values)) * row_height
    height = top + plot_height + 48
    present = [float(v) for v in values if v is not None]
    ticks = nice_ticks(max(present, default=0))
    scale = plot_width / ticks[-1]
    parts = [_head(chart, width, height)]
    for tick in ticks:
        x = left + tick * scale
        parts.append(
            _h(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                _n(x),
                top,
                _n(x),
                top + plot_height,
                GRID_COLOUR,
            )  # fmt: skip
        )
        parts.append(_text(x, top + plot_height + 14, _tick_text(tick), anchor="middle"))
    for i, (category, value) in enumerate(zip(chart.categories, values, strict=True)):
        y = top + i * row_height
        parts.append(_text(left - 6, y + row_height / 2 + 4, _label(category), anchor="end"))
        if value is None:
            parts.append(_text(left + 4, y + row_height / 2 + 4, "—"))
            continue
        bar = float(value) * scale
        colour = WORST_COLOUR if i in chart.highlight else PALETTE[0]
        parts.append(
            _h(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}：{}{}</title></rect>',
                left,
                _n(y + 4),
                _n(bar),
                row_height - 8,
                colour,
                category,
                shown(value),
                chart.unit,
            )  # fmt: skip
        )
        parts.append(_text(left + bar + 4, y + row_height / 2 + 4, shown(value)))
    parts.append(
        _h(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
            left,
            top,
            left,
            top + plot_height,
            AXIS_COLOUR,
        )  # fmt: skip
    )
    parts.extend(_no_data(chart, left + plot_width / 2, top + plot_height / 2 + 4))
    axis = f"{chart.value_label}（{chart.unit}）" if chart.unit else chart.value_label
    parts.append(_text(left + plot_width / 2, height - 8, axis, anchor="middle"))
    parts.append(_text(8, 12, chart.category_label, size=11))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped by _h


def _line_svg(chart: Chart) -> SafeString:
    left, right, top, bottom = 56, 16, 16, 70
    plot_width, plot_height = 420, 180
    width, height = left + plot_width + right, top + plot_height + bottom
    count = max(1, len(chart.categories))
    step = plot_width / max(1, count - 1) if count > 1 else 0
    present = [float(v) for s in chart.series for v in s.values if v is not None]
    ticks = nice_ticks(max(present, default=0))
    scale = plot_height / ticks[-1]
    base = top + plot_height

    def x_of(i: int) -> float:
        return left + (i * step if count > 1 else plot_width / 2)

    parts = [_head(chart, width, height)]
    for tick in ticks:
        y = base - tick * scale
        parts.append(
            _h(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                left,
                _n(y),
                left + plot_width,
                _n(y),
                GRID_COLOUR,
            )  # fmt: skip
        )
        parts.append(_text(left - 6, y + 4, _tick_text(tick), anchor="end"))
    for i, category in enumerate(chart.categories):
        parts.append(_text(x_of(i), base + 16, category, anchor="middle", size=11))
    for n, series in enumerate(chart.series):
        colour = PALETTE[n % len(PALETTE)]
        Point = tuple[float, float, str, Number]
        segments: list[list[Point]] = []
        current: list[Point] = []
        for i, value in enumerate(series.values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append((x_of(i), base - float(value) * scale, chart.categories[i], value))
        if current:
            segments.append(current)
        for segment in segments:
            if len(segment) > 1:
                points = " ".join(f"{_n(x)},{_n(y)}" for x, y, _c, _v in segment)
                parts.append(
                    _h(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                        points,
                        colour,
                    )  # fmt: skip
                )
            parts.append(
                "".join(
                    _h(
                        '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{} {}：{}{}</title>'
                        "</circle>",
                        _n(x),
                        _n(y),
                        colour,
                        series.name,
                        c,
                        shown(v),
                        chart.unit,
                    )
                    for x, y, c, v in segment
                )
            )
        legend_x = left + n * 140
        parts.append(
            _h(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>',
                legend_x,
                height - 22,
                colour,
            )  # fmt: skip
        )
        parts.append(_text(legend_x + 16, height - 12, _label(series.name, 12)))
    parts.append(
        _h(
            '<path d="M{} {} V{} H{}" fill="none" stroke="{}"/>',
            left,
            top,
            base,
            left + plot_width,
            AXIS_COLOUR,
        )  # fmt: skip
    )
    parts.extend(_no_data(chart, left + plot_width / 2, top + plot_height / 2))
    parts.append(_text(left + plot_width / 2, base + 34, chart.category_label, anchor="middle"))
    axis = f"{chart.value_label}（{chart.unit}）" if chart.unit else chart.value_label
    parts.append(
        _text(
            14,
            top + plot_height / 2,
            _label(axis, 16),
            anchor="middle",
            size=11,
            extra=f' transform="rotate(-90 14 {_n(top + plot_height / 2)})"',
        )  # fmt: skip
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped by _h
