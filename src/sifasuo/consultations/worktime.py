"""Working time between two moments: only the minutes inside the working hours of working days
count (weekends and statutory holidays off, 调休 Saturdays on). Pure: the caller passes the
calendar's `is_workday`, so this imports no Django and is tested alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


def working_minutes(
    start: dt.datetime,
    end: dt.datetime,
    *,
    is_workday: Callable[[dt.date], bool],
    opens: dt.time,
    closes: dt.time,
) -> int:
    """Whole working minutes from `start` to `end` (both aware, in the same time zone, or both
    naive): the time within [opens, closes) of each working day in between."""
    if end <= start:
        return 0
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        if is_workday(day):
            open_at = dt.datetime.combine(day, opens, tzinfo=start.tzinfo)
            close_at = dt.datetime.combine(day, closes, tzinfo=start.tzinfo)
            lo, hi = max(start, open_at), min(end, close_at)
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(days=1)
    return int(total.total_seconds() // 60)
