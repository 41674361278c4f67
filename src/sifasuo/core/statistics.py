"""What the lines' statistics pages share: the units a user may ask about, the year and unit
filter, the line's declared indicators for a list of units, and such a table as .xlsx.

Each line keeps its own breakdowns and workbook sheets; only the skeleton lives here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from . import indicators, lines
from .exports import add_sheet
from .indicators import Period
from .models import OrgUnit, UnitKind
from .roles import Capability, has_capability
from .scoping import visible_units

STATISTICS_KINDS = (UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)


def statistics_units(user) -> QuerySet[OrgUnit]:
    """The units whose statistics the user may look at: their city, counties and offices."""
    return visible_units(user).filter(kind__in=STATISTICS_KINDS).order_by("path")


def units_below(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The units shown side by side under `unit`: a city's counties, a county's offices."""
    return unit.children.filter(kind__in=[UnitKind.BUREAU, UnitKind.OFFICE]).order_by("path")


class YearChoiceForm(forms.Form):
    """A year among the last six (or every year) and a unit among `units`; with `all_units`
    the unit may be left empty for every unit."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"), required=False, coerce=int, empty_value=None
    )
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("单位"), required=False, queryset=None, empty_label=None
    )

    def __init__(self, *args, this_year: int, units, all_units: bool, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(this_year, this_year - 6, -1)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [("", gettext_lazy("全部年度")), *((y, f"{y}年") for y in years)]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        if all_units:
            unit_field.empty_label = gettext_lazy("全部单位")


def chosen(form: forms.Form, *, year, unit):
    """The year and unit a bound, valid filter form asks for; `year` and `unit` where it does
    not (an empty field keeps the default)."""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        unit = form.cleaned_data["unit"] or unit
    return year, unit


def scope_title(what: str, *, unit: OrgUnit | None, year: int | None) -> str:
    """「某单位<what>（2026年）」, or 全部单位 / 全部年度 where none is chosen."""
    scope_name = unit.name if unit is not None else _("全部单位")
    return f"{scope_name}{what}（{f'{year}年' if year else _('全部年度')}）"


def indicator_rows(
    codes: Sequence[str], units: Sequence[OrgUnit], period: Period
) -> tuple[list, list[tuple[OrgUnit, list]]]:
    """The declared indicators of `codes`, and a row per unit with its values in that order."""
    declared = lines.indicators()
    table = indicators.values_for(codes, units, period)
    rows = [(unit, [table[unit.pk][code] for code in codes]) for unit in units]
    return [declared[code] for code in codes], rows


def indicator_workbook(declared, rows, *, title: str) -> Workbook:
    """One sheet: a row per unit, a column per indicator (name and unit); no value is blank."""
    book = Workbook()
    headers = ["单位", *[f"{i.name}（{i.unit}）" for i in declared]]
    data = [[unit.name, *["" if v is None else v for v in values]] for unit, values in rows]
    add_sheet(book, title, headers, data, [18] + [14] * len(declared), sheet=book.active)
    return book


def year_choice_filter(request, *, units, default_unit, initial=None):
    """The statistics filter of a request (a `YearChoiceForm`): the form, and the year (None: every
    year) and unit it asks for; an account without a unit may leave the unit empty."""
    form = YearChoiceForm(
        request.GET or None,
        this_year=timezone.localdate().year,
        units=units,
        all_units=request.user.unit_id is None,
        initial=initial,
    )
    year, unit = chosen(form, year=None, unit=default_unit)
    return form, year, unit


def offices_and_total(offices: Sequence[OrgUnit], *, unit: OrgUnit | None, user) -> list[OrgUnit]:
    """The offices shown side by side (those within `unit` when one is chosen) and, last, the
    unit whose total they make up (the chosen one, else the user's own)."""
    if unit is not None:
        offices = [o for o in offices if o.is_within(unit)]
    top = unit or (user.unit if user.unit_id else None)
    return [*offices] + ([top] if top is not None and top not in offices else [])


def render_page(request, template: str, context: dict) -> HttpResponse:
    """A statistics page; its export link (for who may export) keeps the filter asked for."""
    context = {
        **context,
        "can_export": has_capability(request.user, Capability.EXPORT),
        "query": request.GET.urlencode(),
    }
    return render(request, template, context)
