"""The clean-up's totals (清理整改汇总) per office, county and city, and the indicators read from
them: contracts reviewed, problem contracts, confirmed, rectified, money recovered and annual
income gained.

Contracts reviewed and problem contracts count by the day their batch was uploaded; the other
figures follow the contracts confirmed in the period (by the day a contract's first problem was
confirmed), so rectified ≤ confirmed within any period and the money stays with its contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifasuo.core.indicators import per_unit, remembered
from sifasuo.core.models import OrgUnit, UnitKind
from sifasuo.core.scoping import scope, sees_everything, visible_units

from .models import ContractFile, Finding, Recovery, ReviewBatch

# Shown on the totals page and in the export, so a reader knows what each figure counts.
DEFINITIONS = (
    (_("审查合同"), _("已读取并审查的合同份数，按批次上传日期计入期间。")),
    (_("问题合同"), _("审查发现至少一个问题的合同份数，按批次上传日期计入期间。")),
    (
        _("确认问题合同"),
        _(
            "至少一个问题经司法所确认的合同份数，按首次确认日期计入期间；以下各项均为这些合同的数字。"
        ),
    ),
    (_("完成整改"), _("确认问题合同中已登记整改完成日期的份数。")),
    (_("回收资金"), _("确认问题合同已登记的全部回收金额之和（元）。")),
    (
        _("年增收"),
        _(
            "已完成整改的合同中，整改后年收入减去原合同年收入之和（元）；两项有一项未登记的合同不计入。"
        ),
    ),
)


@dataclass
class Totals:
    reviewed: int = 0
    problem: int = 0
    confirmed: int = 0
    rectified: int = 0
    recovered: Decimal = Decimal("0")
    income_gained: Decimal = Decimal("0")

    def add(self, other: Totals) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    @property
    def open(self) -> int:
        return self.confirmed - self.rectified


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _in_period(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field}__gte": _aware(start)})
    if end is not None:
        condition &= Q(**{f"{field}__lt": _aware(end + dt.timedelta(days=1))})
    return condition


def first_confirmed() -> Subquery:
    """The moment a contract's first finding was confirmed (null: none stands confirmed)."""
    return Subquery(
        Finding.objects.filter(contract=OuterRef("pk"), decision=Finding.Decision.CONFIRMED)
        .order_by("decided_at")
        .values("decided_at")[:1]
    )


def recovered_sum() -> Subquery:
    return Subquery(
        Recovery.objects.filter(rectification__contract=OuterRef("pk"))
        .order_by()
        .values("rectification")
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def confirmed_contracts(contracts: QuerySet[ContractFile], start=None, end=None):
    """The contracts of `contracts` confirmed in the period, with `confirmed_at` and `recovered`."""
    return (
        contracts.annotate(confirmed_at=first_confirmed())
        .filter(Q(confirmed_at__isnull=False) & _in_period("confirmed_at", start, end))
        .annotate(recovered=recovered_sum())
    )


def totals_by(
    unit_ids: Iterable[int] | QuerySet, start=None, end=None, *, key: str = "batch__unit_id"
) -> dict[int, Totals]:
    """Totals of the batches of the given offices, keyed by office (or by `key`, e.g. the
    batch). Two queries, whatever the number of contracts."""
    contracts = ContractFile.objects.filter(batch__unit_id__in=unit_ids)
    out: dict[int, Totals] = {}
    reviewed = (
        contracts.filter(
            Q(status=ContractFile.Status.OK) & _in_period("batch__created_at", start, end)
        )
        .order_by()
        .values(key)
        .annotate(reviewed=Count("pk"), problem=Count("pk", filter=Q(problem=True)))
    )
    for row in reviewed:
        totals = out.setdefault(row[key], Totals())
        totals.reviewed, totals.problem = row["reviewed"], row["problem"]
    rows = confirmed_contracts(contracts, start, end).values_list(
        key,
        "recovered",
        "rectification__done_on",
        "rectification__old_annual_income",
        "rectification__new_annual_income",
    )
    for group, recovered, done_on, old, new in rows:
        totals = out.setdefault(group, Totals())
        totals.confirmed += 1
        totals.recovered += recovered or 0
        if done_on is not None:
            totals.rectified += 1
            if old is not None and new is not None:
                totals.income_gained += new - old
    return out


def totals_of(unit_ids: Iterable[int] | QuerySet, start=None, end=None) -> Totals:
    total = Totals()
    for row in totals_by(unit_ids, start, end).values():
        total.add(row)
    return total


# --- the indicators declared on the line (core.lines.Indicator) ---------------------------------


def _by_office(field: str):
    """The `field` of each office's totals, computed once per evaluation for all the codes."""

    def by_unit(*, units, start, end) -> dict[int, int | Decimal]:
        found = remembered(
            ("contract_review.totals", frozenset(units), start, end),
            lambda: totals_by(list(units), start, end),
        )
        return {unit_id: getattr(totals, field) for unit_id, totals in found.items()}

    by_unit.__name__ = f"{field}_by_office"
    return per_unit(by_unit)


reviewed_count = _by_office("reviewed")
problem_count = _by_office("problem")
confirmed_count = _by_office("confirmed")
rectified_count = _by_office("rectified")
recovered_amount = _by_office("recovered")
income_gained_amount = _by_office("income_gained")


# --- the drill-down page (office → county → city) -----------------------------------------------

SUMMARY_KINDS = (UnitKind.CITY, UnitKind.BUREAU, UnitKind.OFFICE)


@dataclass
class TotalsRow:
    label: str
    totals: Totals
    unit_id: int | None = None  # a unit to drill into
    batch_id: int | None = None  # an office's batch


@dataclass
class TotalsView:
    root: OrgUnit | None
    trail: list[OrgUnit]  # from the top the user sees down to the root
    total: Totals
    rows: list[TotalsRow]
    by_batch: bool


def summary_units(*, user) -> QuerySet[OrgUnit]:
    """The units whose totals the user may open: city, counties and offices they see."""
    return visible_units(user).filter(kind__in=SUMMARY_KINDS)


def summary_root(*, user, unit_id) -> OrgUnit | None:
    """The unit looked at: one the user sees (404 otherwise), by default their own unit; None for
    an account above every unit (everything)."""
    if unit_id in (None, ""):
        if user.unit_id is not None and user.unit.kind in SUMMARY_KINDS:
            return user.unit
        if sees_everything(user):
            return None
        raise Http404
    try:
        return summary_units(user=user).get(pk=int(unit_id))
    except (OrgUnit.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _offices(user, root: OrgUnit | None) -> QuerySet[OrgUnit]:
    offices = visible_units(user).filter(kind=UnitKind.OFFICE)
    return offices.filter(path__startswith=root.path) if root is not None else offices


def summary(*, user, root: OrgUnit | None, start=None, end=None) -> TotalsView:
    """The root's totals and one row per unit directly below it (a city's counties, a county's
    offices), or per batch when the root is an office."""
    offices = {unit.pk: unit.path for unit in _offices(user, root).only("pk", "path")}
    if root is not None and root.kind == UnitKind.OFFICE:
        batches = dict(ReviewBatch.objects.filter(unit=root).values_list("pk", "name"))
        per_batch = totals_by([root.pk], start, end, key="batch_id")
        rows = [
            TotalsRow(batches[pk], totals, batch_id=pk)
            for pk, totals in sorted(per_batch.items(), key=lambda item: -item[0])
        ]
        total = Totals()
        for row in rows:
            total.add(row.totals)
        return TotalsView(root, _trail(user, root), total, rows, by_batch=True)

    per_office = totals_by(list(offices), start, end)
    level = root.depth + 1 if root is not None else 0
    grouped: dict[int, Totals] = {}
    for office_id, totals in per_office.items():
        chain = [int(part) for part in offices[office_id].strip("/").split("/")]
        group = chain[level] if len(chain) > level else office_id
        grouped.setdefault(group, Totals()).add(totals)
    children = OrgUnit.objects.filter(
        Q(pk__in=grouped) | (Q(parent=root) if root is not None else Q(parent__isnull=True)),
        kind__in=SUMMARY_KINDS,
    ).order_by("path")
    rows = [
        TotalsRow(unit.name, grouped.get(unit.pk, Totals()), unit_id=unit.pk) for unit in children
    ]
    total = Totals()
    for totals in grouped.values():
        total.add(totals)
    return TotalsView(root, _trail(user, root), total, rows, by_batch=False)


def _trail(user, root: OrgUnit | None) -> list[OrgUnit]:
    if root is None:
        return []
    above = [pk for pk in root.ancestor_ids() if pk != root.pk]
    seen = summary_units(user=user).filter(pk__in=above)
    return list(seen.order_by("depth"))


# --- the rectification list (待整改 / 逾期 / 已完成) ---------------------------------------------

LIST_STATES = {
    "open": _("未完成"),
    "overdue": _("已逾期"),
    "done": _("已完成"),
    "all": _("全部"),
}


def rectification_list(
    *, user, state: str = "open", root: OrgUnit | None = None, start=None, end=None
):
    """The confirmed problem contracts the user sees, with their rectification (if opened) and
    the money recovered; `state` narrows to open, overdue or done ones."""
    contracts = scope(
        user,
        ContractFile.objects.select_related("batch__unit", "rectification"),
        unit_field="batch__unit",
    )
    if root is not None:
        contracts = contracts.filter(batch__unit__path__startswith=root.path)
    contracts = confirmed_contracts(contracts, start, end).defer("text", "fields")
    today = timezone.localdate()
    if state == "open":
        contracts = contracts.filter(
            Q(rectification__isnull=True) | Q(rectification__done_on__isnull=True)
        )
    elif state == "overdue":
        contracts = contracts.filter(
            rectification__done_on__isnull=True, rectification__due_on__lt=today
        )
    elif state == "done":
        contracts = contracts.filter(rectification__done_on__isnull=False)
    return contracts.order_by("batch__unit__path", "confirmed_at", "pk")
