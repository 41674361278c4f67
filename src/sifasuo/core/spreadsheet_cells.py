"""Text bound for a spreadsheet cell, made inert: a value that starts like a formula (=, +, -, @,
tab, carriage return) gets a leading apostrophe, so Excel, WPS and LibreOffice show it as text and
never run it (CSV/formula injection). Imports no Django, so the pure contract engine uses it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """The value to write: text that starts like a formula is prefixed with an apostrophe; every
    other value (numbers, dates, ordinary text) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert_row(values: Iterable[Any]) -> list[Any]:
    return [inert(value) for value in values]
