"""The statutory deadline rule table (法定期限规则表), kept as data in ``rules.json``.

Each rule names a period, its length and unit, the article that sets it, and the counting rules
it follows (``counting``): which article says the start day is not counted and a period ending on
a rest day runs to the next working day. That is 民法典 第二百零一条 and 第二百零三条 by default,
and 民事诉讼法 第八十五条 for periods of 行政复议 and 行政诉讼 (through 行政复议法 第八十八条 and
行政诉讼法 第一百零一条). A period can run back from its date (``direction: "before"``, e.g. a
notice due a number of days before a hearing). Units the statutes leave open are flagged ``unverified_unit`` and can be changed per locality with a rule override
mapping such as ``{"legal_aid.decide": {"unit": "working_days"}}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from .calendar import DeadlineError

__all__ = [
    "Counting",
    "Direction",
    "Rule",
    "RuleTable",
    "RuleTableError",
    "Unit",
    "UnknownRule",
    "default_rules",
    "load_rule_overrides",
    "load_rules",
]


class Unit(StrEnum):
    """How a period is counted."""

    CALENDAR_DAYS = "calendar_days"  # 日: every day counts; a rest-day end rolls forward
    WORKING_DAYS = "working_days"  # 工作日: rest days are skipped
    MONTHS = "months"
    YEARS = "years"

    @property
    def label(self) -> str:
        """Chinese suffix after the number, e.g. 10个工作日."""
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.CALENDAR_DAYS: "日",
    Unit.WORKING_DAYS: "个工作日",
    Unit.MONTHS: "个月",
    Unit.YEARS: "年",
}


class Direction(StrEnum):
    """Whether a period runs forward from its date or back from it."""

    AFTER = "after"  # 自……之日起: the due date is the last day of the period
    BEFORE = "before"  # ……之日前: the due date is the latest day the act may be done


@dataclass(frozen=True, slots=True)
class Counting:
    """Where the counting rules of a family of periods are written."""

    key: str
    start_basis: str  # the start day is not counted
    roll_basis: str  # a period ending on a rest day ends on the next working day


# The default: 民法典 第二百零一条 to 第二百零三条.
_CIVIL = Counting("civil", "民法典 第二百零一条第一款", "民法典 第二百零三条第一款")


class RuleTableError(DeadlineError):
    """The rule table or a rule override is malformed."""


class UnknownRule(DeadlineError):
    """No rule with the requested id."""

    def __init__(self, rule_id: str) -> None:
        self.rule_id = rule_id
        super().__init__(f"unknown deadline rule {rule_id!r} (see `sifasuo deadline --list`)")


@dataclass(frozen=True, slots=True)
class Rule:
    """One statutory period: how long, in which unit, from which event, on which legal basis."""

    id: str
    name: str
    basis: str  # law name + article in the law's own numerals, e.g. 行政复议法 第四十八条
    article: str  # English form, e.g. Administrative Reconsideration Law art. 48
    unit: Unit
    length: int
    starts: str = ""  # the event the period runs from, e.g. 受理之日
    extension: int | None = None
    extension_unit: Unit | None = None  # None: same unit as the period
    unit_basis: str | None = None  # the clause that makes the days working days
    unverified_unit: bool = False
    note: str | None = None
    overridden: bool = False  # unit/length changed by a local override
    counting: Counting = _CIVIL
    direction: Direction = Direction.AFTER

    @property
    def start_basis(self) -> str:
        """The article that makes the start day not count, e.g. 民法典 第二百零一条第一款."""
        return self.counting.start_basis

    @property
    def roll_basis(self) -> str:
        """The article that moves a period ending on a rest day to the next working day."""
        return self.counting.roll_basis

    @property
    def effective_extension_unit(self) -> Unit:
        """Unit the extension is counted in."""
        return self.extension_unit or self.unit

    @property
    def length_label(self) -> str:
        """E.g. ``60日`` or ``10个工作日``."""
        return f"{self.length}{self.unit.label}"

    @property
    def extension_label(self) -> str | None:
        """E.g. ``30日``, or None when the rule has no extension."""
        if self.extension is None:
            return None
        return f"{self.extension}{self.effective_extension_unit.label}"


_FIELDS = {
    "id",
    "name",
    "basis",
    "article",
    "unit",
    "length",
    "starts",
    "extension",
    "extension_unit",
    "unit_basis",
    "unverified_unit",
    "note",
    "counting",
    "direction",
}
_OVERRIDABLE = {"unit", "length", "extension", "extension_unit"}


def _positive_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RuleTableError(f"{what} must be a positive integer, got {value!r}")
    return value


def _unit(value: Any, what: str) -> Unit:
    try:
        return Unit(value)
    except ValueError as exc:
        units = ", ".join(u.value for u in Unit)
        raise RuleTableError(f"{what} must be one of {units}, got {value!r}") from exc


def _countings(doc: Mapping[str, Any], source: str) -> dict[str, Counting]:
    """The table's counting families; a table without any counts every period as 民法典 does."""
    rows = doc.get("counting", {})
    if not isinstance(rows, dict):
        raise RuleTableError(f'{source}: "counting" must be an object')
    out: dict[str, Counting] = {"civil": _CIVIL}
    for key, row in rows.items():
        if not isinstance(row, dict) or not all(
            isinstance(row.get(k), str) and row[k] for k in ("start", "roll")
        ):
            raise RuleTableError(f"{source}: counting {key!r} needs start and roll articles")
        out[key] = Counting(key, row["start"], row["roll"])
    return out


def _rule_from_data(data: Mapping[str, Any], countings: Mapping[str, Counting]) -> Rule:
    rid = data.get("id")
    if not isinstance(rid, str) or not rid:
        raise RuleTableError(f"rule without an id: {data!r}")
    unknown = set(data) - _FIELDS
    if unknown:
        raise RuleTableError(f"rule {rid}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("name", "basis", "article"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise RuleTableError(f"rule {rid}: {key} is required")
    extension = data.get("extension")
    extension_unit = data.get("extension_unit")
    counting = data.get("counting", "civil")
    if counting not in countings:
        raise RuleTableError(
            f"rule {rid}: counting must be one of {', '.join(countings)}, got {counting!r}"
        )
    try:
        direction = Direction(data.get("direction", "after"))
    except ValueError:
        raise RuleTableError(
            f"rule {rid}: direction must be after or before, got {data['direction']!r}"
        ) from None
    rule = Rule(
        id=rid,
        name=data["name"],
        basis=data["basis"],
        article=data["article"],
        unit=_unit(data.get("unit"), f"rule {rid}: unit"),
        length=_positive_int(data.get("length"), f"rule {rid}: length"),
        starts=data.get("starts", ""),
        extension=None if extension is None else _positive_int(extension, f"rule {rid}: extension"),
        extension_unit=(
            None if extension_unit is None else _unit(extension_unit, f"rule {rid}: extension_unit")
        ),
        unit_basis=data.get("unit_basis"),
        unverified_unit=bool(data.get("unverified_unit", False)),
        note=data.get("note"),
        counting=countings[counting],
        direction=direction,
    )
    if rule.direction is Direction.BEFORE and rule.extension is not None:
        raise RuleTableError(f"rule {rid}: a period counted back from its date has no extension")
    if rule.unverified_unit and not rule.note:
        raise RuleTableError(f"rule {rid}: an unverified unit needs a note saying why")
    return rule


class RuleTable(Mapping[str, Rule]):
    """Rules by id, in table order."""

    def __init__(self, rules: list[Rule]) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise RuleTableError(f"duplicate rule id {rule.id!r}")
            self._rules[rule.id] = rule

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise UnknownRule(rule_id) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> RuleTable:
        """A copy with some rules' ``unit``, ``length``, ``extension`` or ``extension_unit`` set.

        ``overrides`` maps a rule id to the fields to change, e.g.
        ``{"legal_aid.decide": {"unit": "working_days", "length": 7}}``. Changed rules are marked
        ``overridden`` so explanations can say the period follows local configuration.
        """
        rules = dict(self._rules)
        for rid, changes in overrides.items():
            base = self[rid]
            if not isinstance(changes, Mapping):
                raise RuleTableError(f"override for {rid}: expected an object, got {changes!r}")
            unknown = set(changes) - _OVERRIDABLE
            if unknown:
                raise RuleTableError(
                    f"override for {rid}: cannot change {', '.join(sorted(unknown))} "
                    f"(only {', '.join(sorted(_OVERRIDABLE))})"
                )
            fields: dict[str, Any] = {"overridden": True}
            if "unit" in changes:
                fields["unit"] = _unit(changes["unit"], f"override for {rid}: unit")
            if "length" in changes:
                fields["length"] = _positive_int(changes["length"], f"override for {rid}: length")
            if "extension" in changes:
                ext = changes["extension"]
                fields["extension"] = (
                    None if ext is None else _positive_int(ext, f"override for {rid}: extension")
                )
            if "extension_unit" in changes:
                eu = changes["extension_unit"]
                fields["extension_unit"] = (
                    None if eu is None else _unit(eu, f"override for {rid}: extension_unit")
                )
            rules[rid] = replace(base, **fields)
        return RuleTable(list(rules.values()))


def load_rules(path: str | PathLike[str] | None = None) -> RuleTable:
    """Load a rule table from ``path``, or the packaged ``rules.json`` when ``path`` is None."""
    if path is None:
        text = resources.files(__package__).joinpath("rules.json").read_text(encoding="utf-8")
        source = "rules.json"
    else:
        text = Path(path).read_text(encoding="utf-8-sig")
        source = str(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleTableError(f"{source}, line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    rows = doc.get("rules") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        raise RuleTableError(f'{source}: expected an object with a "rules" list')
    countings = _countings(doc, source)
    return RuleTable([_rule_from_data(row, countings) for row in rows])


def load_rule_overrides(path: str | PathLike[str]) -> dict[str, dict[str, Any]]:
    """Read a rule override mapping (JSON object of rule id -> changed fields) from ``path``."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise RuleTableError(f"{path}, line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(doc, dict):
        raise RuleTableError(f"{path}: expected an object mapping rule ids to changes")
    return doc


@cache
def default_rules() -> RuleTable:
    """The packaged rule table, loaded once."""
    return load_rules()
