"""Planning periods: `2027`, `2027-H1`, `2027-Q3`, as date ranges."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache


@lru_cache(maxsize=4096)  # an organisation plans a handful of periods; every goal names one
def period_range(period: str) -> tuple[_dt.date, _dt.date]:
    """First and last day of a period."""
    year = int(period[:4])
    part = period[5:]
    if not part:
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    if part[0] == "H":
        first_month = 1 if part == "H1" else 7
        months = 6
    else:
        first_month = 3 * (int(part[1]) - 1) + 1
        months = 3
    start = _dt.date(year, first_month, 1)
    end_month = first_month + months
    end = (_dt.date(year + 1, 1, 1) if end_month > 12 else _dt.date(year, end_month, 1)) - _dt.timedelta(days=1)
    return start, end


def period_end(period: str) -> _dt.date:
    return period_range(period)[1]


def period_start(period: str) -> _dt.date:
    return period_range(period)[0]
