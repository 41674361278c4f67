"""The home page's dashboards: a supervisor's view across the units below it, an office head's of
the office.

Work overdue and due soon comes from each line's `due_work` declaration (counted per owning unit
and rolled up here); every number comes from `core.indicators` over the headline indicators
(`Indicator.headline`) of every line, so a line that marks an indicator headline appears here
without any change to this module. Nothing here queries a business record directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import charts, deadline_service, indicators, lines
from .models import OrgUnit, UnitKind
from .roles import Role
from .todos import Todo, UnitDue, due_work_for_user
from .views.indicators import LEVEL_BELOW, compared_units, worst_values

# How many of the most overdue records the dashboard lists under each line.
OVERDUE_LISTED = 5


def kind_for(user) -> str:
    """ "supervisor" for an account of a unit with offices below it (a county bureau, the city),
    "office" for an office head, "" for everyone else (their home is 我的待办 alone)."""
    unit = user.unit if user.unit_id is not None else None
    if unit is None:
        return ""
    if unit.kind in LEVEL_BELOW:
        return "supervisor"
    if unit.kind == UnitKind.OFFICE and user.role == Role.OFFICE_HEAD:
        return "office"
    return ""


def headline_indicators() -> list[lines.Indicator]:
    """The headline indicators of every line, in declaration order."""
    return [ind for ind in lines.indicators().values() if ind.headline]


# ---------------------------------------------------------------------------------------------
# Work overdue and due soon, per unit


@dataclass
class DueCell:
    overdue: int = 0
    due_soon: int = 0
    # The line's list narrowed to exactly what each number counts.
    overdue_url: str = ""
    due_soon_url: str = ""


@dataclass
class DueLine:
    """One kind of work (a line's column): its counts for each unit and the oldest overdue."""

    label: str
    list_url: str
    cells: list[DueCell]
    overdue_items: list[Todo] = field(default_factory=list)
    # The totals' links: the line's list over the whole of the dashboard's unit.
    overdue_url: str = ""
    due_soon_url: str = ""

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.cells)

    @property
    def due_soon(self) -> int:
        return sum(c.due_soon for c in self.cells)


def due_table(user, units: list[OrgUnit], root: OrgUnit | None = None) -> list[DueLine]:
    """Each line's overdue and due-soon work rolled up to each of `units` (a unit with everything
    below it); lines with nothing overdue or due soon anywhere are left out. Every number links to
    the line's list narrowed to what it counts; the totals to `root`'s (the units' parent)."""
    groups: list[UnitDue] = due_work_for_user(user=user)
    owners = {owner for group in groups for owner in group.counts}
    paths = dict(OrgUnit.objects.filter(pk__in=owners).values_list("pk", "path"))
    table = []
    for group in groups:
        cells = [
            DueCell(
                overdue_url=group.url_for(unit, "overdue"),
                due_soon_url=group.url_for(unit, "soon"),
            )
            for unit in units
        ]
        for owner, (overdue, due_soon) in group.counts.items():
            path = paths.get(owner, "")
            for cell, unit in zip(cells, units, strict=True):
                if path.startswith(unit.path):
                    cell.overdue += overdue
                    cell.due_soon += due_soon
        line = DueLine(group.label, group.list_url, cells, group.overdue_items[:OVERDUE_LISTED])
        if root is not None:
            line.overdue_url = group.url_for(root, "overdue")
            line.due_soon_url = group.url_for(root, "soon")
        if line.overdue or line.due_soon:
            table.append(line)
    return table


def due_rows(table: list[DueLine], units: list[OrgUnit]) -> list[dict]:
    """The same table a row per unit, each number linking to what it counts."""
    return [
        {
            "unit": unit,
            "cells": [
                {
                    "label": line.label,
                    "url": line.list_url,
                    "overdue": line.cells[i].overdue,
                    "due_soon": line.cells[i].due_soon,
                    "overdue_url": line.cells[i].overdue_url,
                    "due_soon_url": line.cells[i].due_soon_url,
                }
                for line in table
            ],
        }
        for i, unit in enumerate(units)
    ]


def due_rows_html(rows: list[dict]) -> SafeString:
    """The rows of `due_rows` as table rows, each number a link to what it counts (drawn here
    rather than in the template: a county of many offices has thousands of cells)."""
    parts: list[str] = []
    for row in rows:
        unit = row["unit"]
        parts.append(
            format_html(
                '<tr data-unit="{}"><th scope="row"><a href="{}">{}</a></th>',
                unit.pk,
                reverse("core:unit_detail", args=[unit.pk]),
                unit.name,
            )
        )
        for cell in row["cells"]:
            halves: list[str] = []
            for key, css, data, label in (
                ("overdue", "badge-overdue", "data-overdue", _("已超期")),
                ("due_soon", "badge-due_soon", "data-due-soon", _("即将到期")),
            ):
                if cell[key]:
                    halves.append(
                        format_html(
                            '<a href="{}" title="{} {}：{}"><span class="badge {}" {}>{}</span></a>',
                            cell[f"{key}_url"],
                            unit.name,
                            cell["label"],
                            label,
                            css,
                            data,
                            cell[key],
                        )
                    )
                else:
                    halves.append(format_html('<span class="muted" {}>0</span>', data))
            parts.append(f'<td class="num">{halves[0]} / {halves[1]}</td>')
        parts.append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html


# ---------------------------------------------------------------------------------------------
# Headline indicators


def _compare_url(unit: OrgUnit, indicator: lines.Indicator, period: indicators.Period) -> str:
    line = lines.indicator_lines()[indicator.code]
    return (
        f"{reverse('core:indicator_compare')}?unit={unit.pk}&line={line.label}&period={period.key}"
    )


def _side_by_side(root: OrgUnit, units: list[OrgUnit], heads, year, month) -> list[dict]:
    """For each headline indicator, each unit's value this year and this month, the worst of
    each flagged, and a bar chart of the year's values. A register's standing figure (service
    points, staffing) has one value as it stands, shown in the year's column; its month column
    is left empty rather than counted twice."""
    codes = [ind.code for ind in heads]
    by_year = indicators.values_for(codes, units, year)
    flows = [code for code in codes if indicators.additive_based(code)]
    by_month = indicators.values_for(flows, units, month)
    rows = []
    for ind in heads:
        year_values = [by_year[u.pk][ind.code] for u in units]
        month_values = [by_month[u.pk].get(ind.code) for u in units]
        worst_year, worst_month = worst_values(ind, year_values), worst_values(ind, month_values)
        worst_at = {i for i, v in enumerate(year_values) if v is not None and v in worst_year}
        cells = [
            {
                "unit": unit,
                "year": y,
                "month": m,
                "year_worst": i in worst_at,
                "month_worst": m is not None and m in worst_month,
            }
            for i, (unit, y, m) in enumerate(zip(units, year_values, month_values, strict=True))
        ]
        rows.append(
            {
                "indicator": ind,
                "line": lines.indicator_lines()[ind.code],
                "compare_url": _compare_url(root, ind, year),
                "cells": cells,
                "cells_html": _cells_html(cells),
                "chart": charts.bar_chart(
                    f"bar-{ind.code.replace('.', '-')}",
                    f"{ind.name}（{year.label}）",
                    [u.name for u in units],
                    year_values,
                    unit=str(ind.unit),
                    category_label="单位",
                    value_label=str(ind.name),
                    highlight=worst_at,
                    description=_bar_description(ind, year),
                ),
            }
        )
    return rows


def _cells_html(cells: list[dict]) -> SafeString:
    """A row's cells, this year and this month per unit, the worst flagged (drawn here rather
    than in the template: a county of many offices has thousands of them)."""
    badges = {
        "year": format_html(
            ' <span class="badge badge-overdue" title="{}">{}</span>', _("本年最差值"), _("最差")
        ),
        "month": format_html(
            ' <span class="badge badge-overdue" title="{}">{}</span>', _("本月最差值"), _("最差")
        ),
    }
    parts = []
    for cell in cells:
        for period in ("year", "month"):
            worst = cell[f"{period}_worst"]
            value = cell[period]
            parts.append(
                '<td class="num{}" data-unit="{}" data-period="{}">{}{}</td>'.format(
                    " worst" if worst else "",
                    cell["unit"].pk,
                    period,
                    escape("—" if value is None else str(value)),
                    badges[period] if worst else "",
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - values escaped, the rest literal


def _bar_description(ind: lines.Indicator, period: indicators.Period) -> str:
    text = f"{ind.name}，{period.label}，各单位对比，单位{ind.unit}。"
    if ind.better == "higher":
        text += "越高越好，最低值以红色标出。"
    elif ind.better == "lower":
        text += "越低越好，最高值以红色标出。"
    return text


def _month_labels(months: list[indicators.Period]) -> list[str]:
    return [f"{m.start.month}月" for m in months]


def _trends(root: OrgUnit, heads, *, this_year: indicators.Period, last_year=None) -> list:
    """The unit's monthly values of the headline indicators, by line: [{line, charts}].

    A supervisor's chart puts a line's indicators of the same unit (件, %) together, one series
    each; an office's chart is one indicator, this year against last year. Trends are drawn for
    the counts and rates the monthly summaries keep; a register's standing figures (service
    points, staffing) change by the year and are compared, not drawn month by month."""
    heads = [ind for ind in heads if indicators.additive_based(ind.code)]
    codes = [ind.code for ind in heads]
    current = indicators.monthly_values(codes, root, this_year)
    previous = indicators.monthly_values(codes, root, last_year) if last_year else {}
    by_line: dict[str, dict] = {}
    for ind in heads:
        line = lines.indicator_lines()[ind.code]
        entry = by_line.setdefault(line.label, {"line": line, "groups": {}})
        key = ind.code if last_year is not None else str(ind.unit)
        entry["groups"].setdefault(key, []).append(ind)
    trends = []
    for entry in by_line.values():
        made = []
        for group in entry["groups"].values():
            first = group[0]
            points = current[first.code]
            if last_year is not None:
                before = previous[first.code]
                values = [value for _month, value in points]
                series = [
                    (last_year.label, [value for _month, value in before]),
                    (f"{this_year.start.year}年", values + [None] * (len(before) - len(values))),
                ]
                months = [month for month, _value in before]
            else:
                series = [(str(i.name), [v for _m, v in current[i.code]]) for i in group]
                months = [month for month, _value in points]
            names = "、".join(str(i.name) for i in group)
            made.append(
                charts.line_chart(
                    f"trend-{first.code.replace('.', '-')}",
                    f"{names}月度走势"
                    if len(group) == 1
                    else f"{entry['line'].name}月度走势（{first.unit}）",
                    _month_labels(months),
                    series,
                    unit=str(first.unit),
                    value_label=str(first.name) if len(group) == 1 else str(first.unit),
                    description=f"{root.name}{names}按月的数值，单位{first.unit}。",
                )
            )
        trends.append({"line": entry["line"], "charts": made})
    return trends


# ---------------------------------------------------------------------------------------------
# The two dashboards


def supervisor_dashboard(user, *, today: dt.date | None = None) -> dict:
    """A county's offices (a city's counties): their work overdue and due soon by line, their
    headline indicators side by side this year and this month with the worst flagged, and the
    monthly trends of the whole unit."""
    today = today or deadline_service.today()
    root = user.unit
    units = compared_units(root)
    year = indicators.Period.year(today.year)
    month = indicators.Period.month(today.year, today.month)
    heads = headline_indicators()
    return {
        "kind": "supervisor",
        "root": root,
        "units": units,
        "below_label": "区县" if root.kind == UnitKind.CITY else "司法所",
        "columns": 2 * len(units) + 1,  # the indicator table's: a name, then year and month
        "year": year,
        "month": month,
        **_due(user, units, root),
        "side_by_side": _side_by_side(root, units, heads, year, month),
        "trends": _trends(
            root,
            heads,
            this_year=indicators.Period.between(year.start, indicators.month_end(today)),
        ),
    }


def office_dashboard(user, *, today: dt.date | None = None) -> dict:
    """The office's own: its work overdue and due soon by line, its headline indicators this year
    to date against the same months last year, and the monthly trends of both years."""
    today = today or deadline_service.today()
    office = user.unit
    # Whole months (January to this month, against the same months last year), so the counts
    # come from the monthly summaries.
    this_year = indicators.Period.between(dt.date(today.year, 1, 1), indicators.month_end(today))
    same_last_year = indicators.Period.between(
        dt.date(today.year - 1, 1, 1), indicators.month_end(_same_day_last_year(today))
    )
    heads = headline_indicators()
    codes = [ind.code for ind in heads]
    now = indicators.values_for(codes, [office], this_year)[office.pk]
    before = indicators.values_for(codes, [office], same_last_year)[office.pk]
    rows = [
        {
            "indicator": ind,
            "line": lines.indicator_lines()[ind.code],
            "now": now[ind.code],
            "before": before[ind.code],
            "change": _change(ind, now[ind.code], before[ind.code]),
            "compare_url": _compare_url(office, ind, indicators.Period.year(today.year)),
        }
        for ind in heads
    ]
    return {
        "kind": "office",
        "root": office,
        "units": [office],
        "this_year": this_year,
        "same_last_year": same_last_year,
        **_due(user, [office], office),
        "year_on_year": rows,
        "trends": _trends(
            office,
            heads,
            this_year=this_year,
            last_year=indicators.Period.year(today.year - 1),
        ),
    }


def _due(user, units: list[OrgUnit], root: OrgUnit) -> dict:
    table = due_table(user, units, root)
    rows = due_rows(table, units)
    return {"due": table, "due_rows": rows, "due_rows_html": due_rows_html(rows)}


def _same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _change(ind: lines.Indicator, now, before) -> str:
    """ "better", "worse", "same" or "" (no comparison, or a volume without a better way)."""
    if now is None or before is None:
        return ""
    if now == before:
        return "same"
    if ind.better not in ("higher", "lower"):
        return ""
    return "better" if (now > before) == (ind.better == "higher") else "worse"


def dashboard_for(user) -> dict | None:
    kind = kind_for(user)
    if kind == "supervisor":
        return supervisor_dashboard(user)
    if kind == "office":
        return office_dashboard(user)
    return None
