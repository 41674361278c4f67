"""Per-office monthly summaries (每月汇总) of the additive indicators, kept current from the records.

A change to a row an additive indicator reads marks (unit, line, month) stale in the writing
transaction, for the months of the row's dates before and after the change; the worker recomputes
stale cells from the indicator queries, and so does any read that needs them first. The reads in
`core.indicators` sum these rows for whole months instead of scanning the records. Bulk
`.update()`s, COPY loads and imports bypass the signals: a service saves such rows through the
model (or calls `mark` for the months before and after) unless no indicator reads what it
changes; a load or an import calls `rebuild`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Trunc
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.module_loading import import_string

from . import lines
from .audit import hold_chain
from .lines import SummarySource
from .models import MonthlySummary, OrgUnit, StaleSummary, SummaryBuild

Number = int | Decimal
Cell = tuple[str, int, dt.date]  # (line label, unit id, first day of the month)
_PLACES = Decimal("0.0001")


def month_start(day: dt.date | dt.datetime) -> dt.date:
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return day.replace(day=1)


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def line_codes() -> dict[str, list[str]]:
    """Line label → the codes of its additive counts and sums (rates are not summarised)."""
    found: dict[str, list[str]] = {}
    for line in lines.lines():
        codes = [ind.code for ind in line.indicators if ind.additive and ind.query]
        if codes:
            found[line.label] = codes
    return found


def built_codes() -> set[str]:
    """The codes whose summaries have been built in full and are kept current: reads may sum
    them; any other code is computed from the records."""
    declared = line_codes()
    built: set[str] = set()
    for line, codes in SummaryBuild.objects.values_list("line", "codes"):
        built.update(set(codes) & set(declared.get(line, ())))
    return built


# ---------------------------------------------------------------------------------------------
# Marking cells stale when a row changes


def _date_lookups(model: type[models.Model], source: SummarySource) -> list[str]:
    if source.dates:
        return list(source.dates)
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateField)]


def _cells_of(instance: models.Model, entries, *, from_db: bool) -> set[Cell]:
    model = type(instance)
    cells: set[Cell] = set()
    for line, source in entries:
        dates = _date_lookups(model, source)
        lookups = [source.unit_field, *dates]
        if from_db or any("__" in lookup for lookup in lookups):
            # A lookup through a reverse relation gives a row per related row.
            found = model._base_manager.filter(source.only_q(), pk=instance.pk)
            rows = list(found.values_list(*lookups))
        elif not source.matches(instance):
            continue
        else:
            unit_field = model._meta.get_field(source.unit_field)
            unit_attname = getattr(unit_field, "attname", source.unit_field)
            rows = [(getattr(instance, unit_attname), *(getattr(instance, d) for d in dates))]
        for unit_id, *values in rows:
            if unit_id is not None:
                cells.update((line, unit_id, month_start(v)) for v in values if v is not None)
    return cells


def _sources_of(model: type[models.Model]):
    return lines.summary_sources().get(model._meta.label_lower)


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    entries = _sources_of(sender)
    if entries:
        instance._summary_cells_before = _cells_of(instance, entries, from_db=True)


def _after_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    entries = _sources_of(sender)
    if not entries:
        return
    before = instance.__dict__.pop("_summary_cells_before", set())
    mark(before | _cells_of(instance, entries, from_db=False))


def _before_delete(sender, instance, **kwargs) -> None:
    entries = _sources_of(sender)
    if entries:
        mark(_cells_of(instance, entries, from_db=False))


def _members_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    # A many-to-many .add() or .remove() (attendees of a training) sends no post_save.
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    owners = list(model._base_manager.filter(pk__in=pk_set or ())) if reverse else [instance]
    cells: set[Cell] = set()
    for owner in owners:
        entries = _sources_of(type(owner))
        if entries:
            cells |= _cells_of(owner, entries, from_db=True)
    mark(cells)


def connect() -> None:
    """Watch the rows the additive indicators read (called when the app is ready; again after
    the declarations change, as tests do)."""
    for label in lines.summary_sources():
        model = apps.get_model(label)
        uid = f"summaries-{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _members_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )


def mark(cells: Iterable[Cell]) -> None:
    """Mark these cells stale in the current transaction and have the worker recompute them
    once it commits."""
    now = timezone.now()
    rows = [
        StaleSummary(line=line, unit_id=unit_id, month=month, marked_at=now)
        for line, unit_id, month in set(cells)
    ]
    if not rows:
        return
    # The units' audit chains before the stale rows, in the order every audited write takes
    # its locks (see core.audit.hold_chain): a service marks when it saves, often before it
    # audits, and two such writes must not hold one lock each and wait for the other's.
    if connection.in_atomic_block:  # (a save in autocommit mode holds nothing to wait on)
        units = OrgUnit.objects.filter(pk__in={row.unit_id for row in rows}).order_by("path")
        for unit in units:
            hold_chain(unit)
    # An upsert, not "ignore": it waits for a refresh holding the row, so a change made while
    # a cell is being recomputed leaves the cell stale again.
    StaleSummary.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["unit", "line", "month"],
        update_fields=["marked_at"],
    )
    # Once per transaction: Django replaces its list of commit hooks on every commit and
    # rollback, so a hook added to the current list is still pending.
    if not connection.in_atomic_block:
        transaction.on_commit(_enqueue_refresh, robust=True)
    elif getattr(connection, "_summaries_hooks", None) is not connection.run_on_commit:
        transaction.on_commit(_enqueue_refresh, robust=True)
        connection._summaries_hooks = connection.run_on_commit  # type: ignore[attr-defined]


def _enqueue_refresh() -> None:
    from .tasks import refresh_summaries

    refresh_summaries.enqueue()


# ---------------------------------------------------------------------------------------------
# Computing cells


def _month_values(
    codes: Sequence[str], unit_ids: Sequence[int], month: dt.date
) -> dict[int, dict[str, Decimal]]:
    """Unit id → code → the month's value over exactly that unit's own records: one query per
    code for all the units where the query is declared `per_unit`, one per unit otherwise."""
    declared = lines.indicators()
    end = month_end(month)
    values: dict[int, dict[str, Decimal]] = {unit_id: {} for unit_id in unit_ids}
    for code in codes:
        query = import_string(declared[code].query)
        by_unit = getattr(query, "by_unit", None)
        if by_unit is not None:
            owned = by_unit(units=list(unit_ids), start=month, end=end)
            found = {unit_id: owned.get(unit_id) for unit_id in unit_ids}
        else:
            found = {unit_id: query(units=[unit_id], start=month, end=end) for unit_id in unit_ids}
        for unit_id, value in found.items():
            values[unit_id][code] = Decimal(str(value or 0)).quantize(_PLACES)
    return values


def _write_cells(
    cells: Iterable[tuple[int, dt.date]], codes: Sequence[str], *, clear: bool = True
) -> int:
    """Recompute and store the line's codes for these (unit, month) cells (`clear`: drop their
    old rows first), a month of units at a time."""
    by_month: dict[dt.date, list[int]] = defaultdict(list)
    for unit_id, month in cells:
        by_month[month].append(unit_id)
    fresh: list[MonthlySummary] = []
    count = 0
    for month, unit_ids in sorted(by_month.items()):
        count += len(unit_ids)
        if clear:
            MonthlySummary.objects.filter(
                unit_id__in=unit_ids, month=month, code__in=codes
            ).delete()
        for unit_id, values in _month_values(codes, unit_ids, month).items():
            fresh.extend(
                MonthlySummary(unit_id=unit_id, month=month, code=code, value=value)
                for code, value in values.items()
                if value
            )
        if len(fresh) >= 5000:
            MonthlySummary.objects.bulk_create(fresh, batch_size=2000)
            fresh = []
    MonthlySummary.objects.bulk_create(fresh, batch_size=2000)
    return count


def _minimal(units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """The units not below another of them: their subtrees cover all of them."""
    ordered = sorted(units, key=lambda u: len(u.path))
    kept: list[OrgUnit] = []
    for unit in ordered:
        if not any(unit.path.startswith(top.path) for top in kept):
            kept.append(unit)
    return kept


def covering(units: Sequence[OrgUnit]):
    """The units' subtrees, or more: past a few dozen (a county's offices) their common
    ancestor's, one prefix the path index serves; the caller keeps what lies below its units."""
    tops = _minimal(units)
    if len(tops) > 20:
        common = os.path.commonprefix([top.path for top in tops])
        return OrgUnit.objects.filter(path__startswith=common[: common.rfind("/") + 1])
    return OrgUnit.objects.filter(_subtree_q(tops, prefix=""))


def _subtree_q(units: Iterable[OrgUnit], prefix: str = "unit__") -> Q:
    q = Q(pk__in=[])
    for unit in _minimal(units):
        q |= Q(**{f"{prefix}path__startswith": unit.path})
    return q


def refresh(
    *,
    units: Sequence[OrgUnit] | None = None,
    unit_ids: Sequence[int] | None = None,
    line_labels: Iterable[str] | None = None,
    months: tuple[dt.date, dt.date] | None = None,
    limit: int | None = None,
    skip_locked: bool = False,
) -> int:
    """Recompute the stale cells (of these subtrees, or exactly these unit ids, or everywhere;
    of these lines or every line; at most `limit`, skipping those another process holds when
    `skip_locked`); the number of stale marks cleared."""
    codes_by_line = line_codes()
    stale = StaleSummary.objects.all()
    if units is not None:
        stale = stale.filter(_subtree_q(units))
    if unit_ids is not None:
        stale = stale.filter(unit_id__in=list(unit_ids))
    if line_labels is not None:
        stale = stale.filter(line__in=list(line_labels))
    if months is not None:
        stale = stale.filter(month__gte=months[0], month__lte=months[1])
    if not stale.exists():
        return 0
    with transaction.atomic():
        # Rows held until this commits: a writer marking the same cell waits and marks it anew.
        locked = stale.select_for_update(of=("self",), skip_locked=skip_locked)
        rows = list(locked.order_by("id")[:limit])
        cells_by_line: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
        for row in rows:
            cells_by_line[row.line].append((row.unit_id, row.month))
        for line, cells in cells_by_line.items():
            if line in codes_by_line:
                _write_cells(cells, codes_by_line[line])
        StaleSummary.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def _is_datetime(model: type[models.Model], lookup: str) -> bool:
    field = None
    for name in lookup.split("__"):
        field = model._meta.get_field(name)
        if field.related_model is not None:
            model = field.related_model
    return isinstance(field, models.DateTimeField)


def _source_in(model: type[models.Model], source: SummarySource, unit: OrgUnit) -> Q:
    """The source's rows owned by the unit's subtree (a plain id column, as the audit trail
    keeps, is matched against the subtree's ids)."""
    if "__" not in source.unit_field and not model._meta.get_field(source.unit_field).is_relation:
        ids = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        return Q(**{f"{source.unit_field}__in": ids})
    return Q(**{f"{source.unit_field}__path__startswith": unit.path})


def _scoped_cells(
    line: str,
    codes: Sequence[str],
    unit: OrgUnit | None,
    since: dt.date | None,
    until: dt.date | None = None,
) -> set[tuple[int, dt.date]]:
    """Every (unit, month) the line may have a value for: the months of its rows' dates, and
    those holding a summary row or a stale mark."""
    cells: set[tuple[int, dt.date]] = set()
    for label, entries in lines.summary_sources().items():
        model = apps.get_model(label)
        for line_label, source in entries:
            if line_label != line:
                continue
            rows = model._base_manager.filter(source.only_q())
            if unit is not None:
                rows = rows.filter(_source_in(model, source, unit))
            for lookup in _date_lookups(model, source):
                dated = rows.filter(**{f"{lookup}__isnull": False})
                # A date-time column is compared by its local date.
                on = f"{lookup}__date" if _is_datetime(model, lookup) else lookup
                if since is not None:
                    dated = dated.filter(**{f"{on}__gte": since})
                if until is not None:
                    dated = dated.filter(**{f"{on}__lte": month_end(until)})
                pairs = (
                    dated.annotate(summary_month=Trunc(lookup, "month"))
                    .values_list(source.unit_field, "summary_month")
                    .distinct()
                )
                cells.update((unit_id, month_start(month)) for unit_id, month in pairs if unit_id)
    held = MonthlySummary.objects.filter(code__in=codes)
    marked = StaleSummary.objects.filter(line=line)
    if unit is not None:
        held, marked = held.filter(_subtree_q([unit])), marked.filter(_subtree_q([unit]))
    if since is not None:
        held, marked = held.filter(month__gte=since), marked.filter(month__gte=since)
    if until is not None:
        held, marked = held.filter(month__lte=until), marked.filter(month__lte=until)
    cells.update(held.values_list("unit_id", "month").distinct())
    cells.update(marked.values_list("unit_id", "month"))
    return cells


def rebuild(
    *,
    unit: OrgUnit | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> int:
    """Recompute every summary (of a unit's subtree, for the months from `since` to `until`)
    from the records; the number of cells written. Only a full rebuild lets the reads use the
    summaries of a line that had none."""
    since = month_start(since) if since else None
    until = month_start(until) if until else None
    total = 0
    for line, codes in line_codes().items():
        with transaction.atomic():
            # Stale marks first: a writer holding one is waited for, so its change is counted.
            marked = StaleSummary.objects.filter(line=line)
            held = MonthlySummary.objects.filter(code__in=codes)
            if unit is not None:
                marked, held = marked.filter(_subtree_q([unit])), held.filter(_subtree_q([unit]))
            if since is not None:
                marked, held = marked.filter(month__gte=since), held.filter(month__gte=since)
            if until is not None:
                marked, held = marked.filter(month__lte=until), held.filter(month__lte=until)
            cells = _scoped_cells(line, codes, unit, since, until)
            marked.delete()
            held.delete()
            total += _write_cells(sorted(cells), codes, clear=False)
            if unit is None and since is None and until is None:
                SummaryBuild.objects.update_or_create(
                    line=line, defaults={"codes": list(codes), "built_at": timezone.now()}
                )
    return total


@dataclass(frozen=True)
class Difference:
    unit_id: int
    unit_name: str
    month: dt.date
    code: str
    stored: Number
    recomputed: Number


def verify(*, unit: OrgUnit | None = None, since: dt.date | None = None) -> list[Difference]:
    """Recompute the built summaries from the records (after bringing stale cells up to date)
    and list every cell whose stored value differs."""
    since = month_start(since) if since else None
    refresh(units=[unit] if unit else None)
    built = built_codes()
    found: list[Difference] = []
    names: dict[int, str] = {}
    for line, codes in line_codes().items():
        codes = [code for code in codes if code in built]
        if not codes:
            continue
        held = MonthlySummary.objects.filter(code__in=codes)
        if unit is not None:
            held = held.filter(_subtree_q([unit]))
        if since is not None:
            held = held.filter(month__gte=since)
        stored = {
            (unit_id, month, code): value
            for unit_id, month, code, value in held.values_list("unit_id", "month", "code", "value")
        }
        by_month: dict[dt.date, list[int]] = defaultdict(list)
        for unit_id, month in sorted(_scoped_cells(line, codes, unit, since)):
            by_month[month].append(unit_id)
        for month, unit_ids in sorted(by_month.items()):
            for unit_id, values in _month_values(codes, unit_ids, month).items():
                for code, value in values.items():
                    kept = stored.get((unit_id, month, code), Decimal(0))
                    if kept != value:
                        found.append(
                            Difference(unit_id, "", month, code, number(kept), number(value))
                        )
    if found:
        names = dict(
            OrgUnit.objects.filter(pk__in={d.unit_id for d in found}).values_list("pk", "name")
        )
    return [
        Difference(d.unit_id, names.get(d.unit_id, ""), d.month, d.code, d.stored, d.recomputed)
        for d in found
    ]


# ---------------------------------------------------------------------------------------------
# Reading


def number(value: Decimal) -> Number:
    """A summed value as the queries give it: a whole number as int, an amount with its cents."""
    if value == value.to_integral_value():
        return int(value)
    cents = value.quantize(Decimal("0.01"))
    return cents if cents == value else value.normalize()


def lines_of(codes: Iterable[str]) -> set[str]:
    owners = lines.indicator_lines()
    return {owners[code].label for code in codes}


# A read recounts at most this many stale unit-months of a line itself (each is one query per
# indicator of the line); beyond that the worker is catching up and the read counts the records.
CATCH_UP_LIMIT = 24


def catch_up(
    line_labels: Iterable[str],
    start: dt.date,
    end: dt.date,
    *,
    units: Sequence[OrgUnit] | None = None,
    unit_ids: Sequence[int] | None = None,
) -> set[str]:
    """Recount the stale cells of these lines in these subtrees (or exactly these unit ids)
    and months; the lines left behind, too stale there to recount during a read."""
    stale = StaleSummary.objects.filter(
        line__in=list(line_labels), month__gte=start, month__lte=end
    )
    if units is not None:
        stale = stale.filter(_subtree_q(units))
    if unit_ids is not None:
        stale = stale.filter(unit_id__in=list(unit_ids))
    counts = dict(stale.values_list("line").annotate(n=models.Count("pk")).order_by())
    behind = {line for line, n in counts.items() if n > CATCH_UP_LIMIT}
    if set(counts) - behind:
        refresh(
            units=units, unit_ids=unit_ids, line_labels=set(counts) - behind, months=(start, end)
        )
    return behind


def subtree_totals(
    codes: Sequence[str], units: Sequence[OrgUnit], start: dt.date, end: dt.date
) -> dict[int, dict[str, Number]]:
    """Unit id → code → the sum over the unit's subtree and the months from `start` to `end`
    (whole months), in one grouped query (call `catch_up` first)."""
    table: dict[int, dict[str, Number]] = {unit.pk: dict.fromkeys(codes, 0) for unit in units}
    if not codes or not units:
        return table
    wanted = set(table)
    subtree = covering(units).values("pk")
    rows = list(
        MonthlySummary.objects.filter(
            unit_id__in=subtree, month__gte=start, month__lte=end, code__in=list(codes)
        )
        .values_list("unit_id", "code")
        .annotate(total=Sum("value"))
        .order_by()
    )
    # Each unit holding rows rolls up to the requested units on its path (itself included).
    paths = OrgUnit.objects.filter(pk__in={unit_id for unit_id, _code, _total in rows})
    rolls_to = {
        pk: [ancestor for ancestor in OrgUnit.ids_in_path(path) if ancestor in wanted]
        for pk, path in paths.values_list("pk", "path")
    }
    sums: dict[int, dict[str, Decimal]] = {pk: {} for pk in table}
    for unit_id, code, total in rows:
        for owner in rolls_to.get(unit_id, ()):
            held = sums[owner]
            held[code] = held.get(code, 0) + total
    for pk, values in sums.items():
        row = table[pk]
        for code, total in values.items():
            row[code] = number(total)
    return table


def unit_totals(
    codes: Sequence[str], unit_ids: Sequence[int], start: dt.date, end: dt.date
) -> dict[str, Number]:
    """Code → the sum over exactly these unit ids and whole months."""
    rows = (
        MonthlySummary.objects.filter(
            unit_id__in=list(unit_ids), month__gte=start, month__lte=end, code__in=list(codes)
        )
        .values_list("code")
        .annotate(total=Sum("value"))
        .order_by()
    )
    found = dict(rows)
    return {code: number(found.get(code, Decimal(0))) for code in codes}


def month_totals(
    codes: Sequence[str], unit: OrgUnit, start: dt.date, end: dt.date
) -> dict[str, dict[dt.date, Number]]:
    """Code → first day of month → the sum over the unit's subtree, months `start`..`end`."""
    rows = (
        MonthlySummary.objects.filter(
            _subtree_q([unit]), month__gte=start, month__lte=end, code__in=list(codes)
        )
        .values_list("code", "month")
        .annotate(total=Sum("value"))
        .order_by()
    )
    series: dict[str, dict[dt.date, Number]] = {code: {} for code in codes}
    for code, month, total in rows:
        series[code][month] = number(total)
    return series
