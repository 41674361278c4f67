"""指标对比: a supervisor's view of the units one level below it, side by side, on every indicator
a business line declares; and 指标说明, the written definition of every registered indicator.

Built only on the declarations (`core.lines.indicators`) and `core.indicators`, so a line that
declares indicators appears here without any change to this module. The worst value of each
column is flagged by one simple rule: an indicator that declares `better="higher"` is worst at
its lowest value, one with `better="lower"` at its highest; an indicator without `better` (a plain
volume) flags nothing, and neither does a column with fewer than two values or all values equal.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from openpyxl.styles import PatternFill

from .. import exports, indicators, lines
from ..forms import DateInput
from ..models import OrgUnit, UnitKind
from ..roles import Capability, Role, has_capability
from ..scoping import get_scoped_or_404, sees_everything

# Who compares units: the bureaus' supervisors, office heads (their own office) and administrators.
COMPARE_ROLES = frozenset({Role.SUPERVISOR, Role.OFFICE_HEAD, Role.SYSTEM_ADMIN})
# The level below each level of the hierarchy the comparison looks at.
LEVEL_BELOW = {UnitKind.CITY: UnitKind.BUREAU, UnitKind.BUREAU: UnitKind.OFFICE}
_WORST_FILL = PatternFill("solid", fgColor="F8D7DA")


def may_compare(user) -> bool:
    return bool(user.is_superuser or user.role in COMPARE_ROLES)


class PeriodForm(forms.Form):
    """The period as offices write it: a year, a quarter, a month or a custom range."""

    KINDS = (
        ("year", _("年度")),
        ("quarter", _("季度")),
        ("month", _("月份")),
        ("custom", _("自定义")),
    )
    line = forms.ChoiceField(label=_("业务条线"), required=False)
    kind = forms.ChoiceField(label=_("统计期间"), choices=KINDS, required=False)
    year = forms.IntegerField(label=_("年"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[(str(q), f"第{'一二三四'[q - 1]}季度") for q in range(1, 5)],
        coerce=int,
        required=False,
    )
    month = forms.IntegerField(label=_("月"), min_value=1, max_value=12, required=False)
    start = forms.DateField(label=_("开始日期"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("结束日期"), widget=DateInput(), required=False)
    # A period written out ("2026-Q3"), as the drill-down links carry it.
    period = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)
    unit = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, line_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = list(line_choices)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["the_period"] = indicators.Period.parse(self._period_text(data))
        except indicators.PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data

    @staticmethod
    def _period_text(data) -> str:
        if data.get("period") and not data.get("kind"):
            return data["period"]
        kind = data.get("kind") or "year"
        year = data.get("year") or timezone.localdate().year
        if kind == "quarter":
            return f"{year}-Q{data.get('quarter') or 1}"
        if kind == "month":
            return f"{year}-{data.get('month') or 1:02d}"
        if kind == "custom":
            if not data.get("start") or not data.get("end"):
                raise indicators.PeriodError("自定义期间请填写开始日期和结束日期。")
            return f"{data['start'].isoformat()}..{data['end'].isoformat()}"
        return str(year)


def _lines_with_indicators() -> list[lines.BusinessLine]:
    return [line for line in lines.lines() if line.indicators]


def _root(user, unit_id) -> OrgUnit:
    """The unit whose level below is compared: the one asked for (which the user must see, else
    404), else the user's own unit; an administrator without a unit starts at the first city."""
    if unit_id:
        root = get_scoped_or_404(user, OrgUnit.objects.all(), unit_id, unit_field="")
    elif user.unit_id is not None:
        root = user.unit
    elif sees_everything(user):
        root = OrgUnit.objects.filter(kind=UnitKind.CITY).order_by("path").first()
        if root is None:
            raise Http404
    else:
        raise Http404
    if root.kind not in (UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE):
        raise Http404
    return root


def compared_units(root: OrgUnit) -> list[OrgUnit]:
    """A city's counties, a county's offices; an office is compared with nothing but itself."""
    below = LEVEL_BELOW.get(root.kind)
    if below is None:
        return [root]
    return list(OrgUnit.objects.filter(parent=root, kind=below, is_active=True).order_by("path"))


def worst_values(indicator: lines.Indicator, values: list) -> set:
    """The column's worst value (a set, empty when nothing is flagged): see the module docstring."""
    present = [v for v in values if v is not None]
    if indicator.better not in ("higher", "lower") or len(present) < 2:
        return set()
    if len(set(present)) == 1:
        return set()
    return {min(present) if indicator.better == "higher" else max(present)}


def comparison(user, params) -> dict:
    """Everything the page and its export show, from the query parameters."""
    if not may_compare(user):
        raise PermissionDenied
    available = _lines_with_indicators()
    choices = [(line.label, str(line.name)) for line in available]
    form = PeriodForm(
        params or None,
        line_choices=choices,
        initial={"kind": "year", "year": timezone.localdate().year},
    )
    valid = form.is_valid() if form.is_bound else False
    data = form.cleaned_data if valid else {}
    root = _root(user, data.get("unit") if valid else params.get("unit"))
    period = data.get("the_period") or indicators.Period.year(timezone.localdate().year)
    line = next((x for x in available if x.label == data.get("line")), None)
    line = line or (available[0] if available else None)
    context = {
        "form": form,
        "root": root,
        "period": period,
        "line": line,
        "lines_available": available,
        "columns": [],
        "rows": [],
        "total": None,
        "parent": _parent_link(user, root),
    }
    if line is None:
        return context
    units = compared_units(root)
    shown = units if root in units else [*units, root]
    table = indicators.values_for([ind.code for ind in line.indicators], shown, period)
    columns = []
    for ind in line.indicators:
        worst = worst_values(ind, [table[u.pk][ind.code] for u in units])
        columns.append(
            {
                "indicator": ind,
                "worst": worst,
                "revisions": indicators.revised_within(ind.code, period),
            }
        )
    context["columns"] = columns
    rows = []
    for unit in units:
        cells = []
        for column in columns:
            value = table[unit.pk][column["indicator"].code]
            cells.append({"value": value, "worst": value is not None and value in column["worst"]})
        rows.append({"unit": unit, "drill": unit != root, "cells": cells})
    context["rows"] = rows
    if root not in units:
        context["total"] = [table[root.pk][c["indicator"].code] for c in columns]
    return context


def _parent_link(user, root: OrgUnit) -> OrgUnit | None:
    parent = root.parent
    if parent is None or parent.kind not in LEVEL_BELOW:
        return None
    if sees_everything(user) or (user.unit_id is not None and parent.is_within(user.unit)):
        return parent
    return None


@login_required
@require_GET
def indicator_compare(request):
    context = comparison(request.user, request.GET)
    context["can_export"] = has_capability(request.user, Capability.EXPORT)
    context["query"] = request.GET.urlencode()
    return render(request, "core/indicators/compare.html", context)


def _shown(value) -> object:
    if value is None:
        return "—"
    return value if isinstance(value, int) else float(value)


@login_required
@require_GET
def indicator_compare_export(request):
    if not has_capability(request.user, Capability.EXPORT):
        raise PermissionDenied
    context = comparison(request.user, request.GET)
    line, period, root = context["line"], context["period"], context["root"]
    title = f"{root.name}{line.name if line else ''}指标对比（{period.label}）"
    columns = context["columns"]
    headers = ["单位", *(f"{c['indicator'].name}({c['indicator'].unit})" for c in columns)]
    rows = [
        [row["unit"].name, *(_shown(cell["value"]) for cell in row["cells"])]
        for row in context["rows"]
    ]
    if context["total"] is not None:
        rows.append([f"{root.name}（合计）", *(_shown(v) for v in context["total"])])
    book = exports.workbook("指标对比", headers, rows, [24] + [14] * len(columns))
    sheet = book.active
    for r, row in enumerate(context["rows"], start=2):
        for c, cell in enumerate(row["cells"], start=2):
            if cell["worst"]:
                sheet.cell(row=r, column=c).fill = _WORST_FILL
    notes = [
        ("统计范围", title, "", ""),
        ("最差值标注", "按“越高越好”取最小值、按“越低越好”取最大值，以底色标出", "", ""),
        *(
            (
                str(c["indicator"].name),
                str(c["indicator"].definition),
                str(c["indicator"].unit),
                "；".join(f"{day:%Y-%m-%d}修订：{what}" for day, what in c["revisions"]),
            )
            for c in columns
        ),
    ]
    exports.add_sheet(
        book, "指标说明", ["指标", "定义", "单位", "期间内定义修订"], notes, [20, 80, 6, 40]
    )
    return exports.xlsx_response(book, f"{title}.xlsx")


@login_required
@require_GET
def indicator_definitions(request):
    """指标说明: every registered indicator with its line, definition, unit and revisions."""
    declared = lines.indicators()
    groups = [
        {
            "line": line,
            "indicators": [
                {
                    "indicator": ind,
                    "ratio": [declared[part].name for part in ind.ratio] if ind.ratio else None,
                }
                for ind in line.indicators
            ],
        }
        for line in _lines_with_indicators()
    ]
    return render(request, "core/indicators/definitions.html", {"groups": groups})
