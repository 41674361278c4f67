"""Statutory deadline engine (期限计算): holiday calendar, rule table and due-date computation.

Pure Python with no Django import, so it can be tested and benchmarked alone. The command-line
front end lives in :mod:`sifasuo.core.deadlines.cli`.
"""

from .calendar import (
    CalendarDataMissing,
    DayKind,
    DeadlineError,
    HolidayCalendar,
    OverrideDay,
    default_calendar,
    set_default_calendar,
)
from .engine import (
    DueDate,
    add_working_days,
    compile_rule,
    compute,
    compute_many,
    deadline_state,
    due_date,
    is_workday,
    working_days_between,
)
from .overrides import OverrideFileError, calendar_with_overrides, load_overrides, parse_overrides
from .rules import (
    Counting,
    Direction,
    Rule,
    RuleTable,
    RuleTableError,
    Unit,
    UnknownRule,
    default_rules,
    load_rule_overrides,
    load_rules,
)
from .statutory import statutory_holidays

__all__ = [
    "CalendarDataMissing",
    "Counting",
    "DayKind",
    "DeadlineError",
    "Direction",
    "DueDate",
    "HolidayCalendar",
    "OverrideDay",
    "OverrideFileError",
    "Rule",
    "RuleTable",
    "RuleTableError",
    "Unit",
    "UnknownRule",
    "add_working_days",
    "calendar_with_overrides",
    "compile_rule",
    "compute",
    "compute_many",
    "deadline_state",
    "default_calendar",
    "default_rules",
    "due_date",
    "is_workday",
    "load_overrides",
    "load_rule_overrides",
    "load_rules",
    "parse_overrides",
    "set_default_calendar",
    "statutory_holidays",
    "working_days_between",
]
