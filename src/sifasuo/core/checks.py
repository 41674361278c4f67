"""System checks on the business-line declarations (`sifasuo manage check` runs them, and so does
every `serve`, `migrate` and test run): a declaration that does not resolve stops the program
instead of failing quietly at run time."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.checks import Error, Tags, register
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from . import lines


def _error(code: int, message: str, hint: str = "", obj=None) -> Error:
    return Error(message, hint=hint or None, obj=obj, id=f"sifasuo.E{code:03d}")


@register(Tags.urls)
def check_navigation(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for line in lines.lines():
        for entry in line.navigation:
            try:
                reverse(entry.url_name)
            except NoReverseMatch:
                errors.append(
                    _error(
                        1,
                        f"{line.label}: navigation entry “{entry.label}” points at URL name "
                        f"{entry.url_name!r}, which does not reverse.",
                        "Name an existing view without arguments in the line's URLconf.",
                    )
                )
        for record in line.records:
            if not record.detail_url:
                continue  # the conventional name is tried at run time, without a link if absent
            try:
                reverse(record.detail_url, args=[1])
            except NoReverseMatch:
                errors.append(
                    _error(
                        11,
                        f"{line.label}: record type {record.key!r} names detail URL "
                        f"{record.detail_url!r}, which does not reverse with a primary key.",
                    )
                )
        for target in line.hand_overs:
            try:
                reverse(target.url_name)
            except NoReverseMatch:
                errors.append(
                    _error(
                        2,
                        f"{line.label}: hand-over {target.key!r} points at URL name "
                        f"{target.url_name!r}, which does not reverse.",
                    )
                )
    return errors


@register()
def check_declarations(app_configs=None, **kwargs) -> list[Error]:
    errors: list[Error] = []
    declared = lines.lines()
    for config in apps.get_app_configs():
        if config.name.startswith("sifasuo.") and not isinstance(
            getattr(config, "line", None), lines.BusinessLine
        ):
            errors.append(
                _error(
                    3,
                    f"App {config.label!r} declares no BusinessLine (`line = BusinessLine(...)` "
                    "on its AppConfig).",
                    obj=config,
                )
            )
    for line in declared:
        config = next((c for c in apps.get_app_configs() if c.label == line.label), None)
        if config is None or config.line is not line:
            errors.append(_error(4, f"Business line {line.label!r} is not its app's label."))
        for record in line.records:
            if not record.key.startswith(f"{line.label}."):
                errors.append(
                    _error(
                        5,
                        f"Record key {record.key!r} is not namespaced by its line "
                        f"({line.label}.…).",
                    )
                )
            try:
                model = record.model_class()
            except (LookupError, ValueError):
                errors.append(_error(6, f"Record {record.key!r}: no model {record.model!r}."))
                continue
            if record.unit_field:
                try:
                    model._meta.get_field(record.unit_field.split("__")[0])
                except Exception:
                    errors.append(
                        _error(
                            7,
                            f"Record {record.key!r}: {model.__name__} has no field "
                            f"{record.unit_field!r} leading to its unit.",
                        )
                    )
        for dotted in (
            line.todos,
            line.due_work,
            line.demo_loader,
            line.staff_updated,
            line.premises_updated,
            *(entry.shown_if for entry in line.navigation),
            *(target.shown_if for target in line.hand_overs),
            *(record.selector for record in line.records),
            *(record.readable_if for record in line.records),
            *(i.query for i in line.indicators),
        ):
            if dotted:
                try:
                    import_string(dotted)
                except ImportError as exc:
                    errors.append(_error(8, f"{line.label}: {dotted!r} does not import ({exc})."))
    errors.extend(_duplicates(declared))
    errors.extend(_unlabelled_actions(declared))
    errors.extend(_indicator_shapes(declared))
    errors.extend(_summary_sources(declared))
    return errors


def _summary_sources(declared: list[lines.BusinessLine]) -> Iterator[Error]:
    """Each model a line's summaries watch resolves, with its unit and date lookups."""
    for line in declared:
        for source in line.summary_models:
            try:
                model = apps.get_model(source.model)
                model._base_manager.values_list(
                    source.unit_field, *source.dates
                ).query.sql_with_params()
            except (LookupError, ValueError) as exc:
                yield _error(14, f"{line.label}: summary model {source.model!r}: {exc}")
            except Exception as exc:  # FieldError: a lookup that does not resolve
                yield _error(
                    14,
                    f"{line.label}: summary model {source.model!r}: {exc}",
                    hint="unit_field leads to the unit the indicator counts for; dates to the "
                    "dates that place a row in a month.",
                )


def _indicator_shapes(declared: list[lines.BusinessLine]) -> Iterator[Error]:
    """Each indicator is either a query or a ratio of two declared indicators."""
    codes = {i.code for line in declared for i in line.indicators}
    for line in declared:
        for indicator in line.indicators:
            if bool(indicator.query) == bool(indicator.ratio):
                yield _error(
                    12,
                    f"Indicator {indicator.code!r}: give either a query or a ratio, not "
                    f"{'both' if indicator.query else 'neither'}.",
                )
            for part in indicator.ratio or ():
                if part not in codes:
                    yield _error(12, f"Indicator {indicator.code!r}: ratio names unknown {part!r}.")
            if indicator.additive and indicator.ratio:
                yield _error(
                    12,
                    f"Indicator {indicator.code!r}: a ratio is not additive; its parts are.",
                )
            if indicator.phrase and str(indicator.phrase).count("{}") != 1:
                yield _error(
                    12,
                    f"Indicator {indicator.code!r}: a phrase holds exactly one {{}} for the number.",
                )
            if indicator.better not in ("", "higher", "lower"):
                yield _error(
                    12,
                    f"Indicator {indicator.code!r}: better is {indicator.better!r}; "
                    'give "higher", "lower" or leave it empty.',
                )


def _duplicates(declared: list[lines.BusinessLine]) -> Iterator[Error]:
    counts = {
        "record key": Counter(r.key for line in declared for r in line.records),
        "audit action": Counter(a for line in declared for a in line.actions),
        "indicator": Counter(i.code for line in declared for i in line.indicators),
        "hand-over": Counter(h.key for line in declared for h in line.hand_overs),
        "role": Counter(value for line in declared for value, _ in line.roles),
        "unit kind": Counter(spec.value for line in declared for spec in line.unit_kinds),
    }
    for what, counter in counts.items():
        for key, n in counter.items():
            if n > 1:
                yield _error(9, f"Duplicate {what} {key!r}: declared {n} times.")


def actions_used_in_source() -> dict[str, str]:
    """Every audit action code written in the platform's source as `action="…"` (the keyword
    every audited write passes), with the file it is in."""
    root = Path(__file__).resolve().parent.parent
    used: dict[str, str] = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or "engine" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "action":
                value = node.value
                if (
                    isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and "." in value.value
                ):
                    used.setdefault(value.value, str(path.relative_to(root)))
    return used


def _unlabelled_actions(declared: list[lines.BusinessLine]) -> Iterator[Error]:
    labelled = {a for line in declared for a in line.actions}
    for action, where in sorted(actions_used_in_source().items()):
        if action not in labelled:
            yield _error(
                10,
                f"Audit action {action!r} (used in {where}) has no Chinese label.",
                "Add it to the `actions` of the business line that writes it.",
            )
