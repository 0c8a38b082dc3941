"""Timeframes as plans write them ("Cả năm 2022", "Quý III/2022", "tháng 4/2024", "Thường xuyên") turned into dates.

A timeframe without a year takes the plan's year; "Thường xuyên" (ongoing) and "hằng năm" (every year) span the
plan's whole period. Dates are local calendar dates, as the documents mean them.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_QUARTER = re.compile(r"quý\s+(IV|III|II|I|[1-4])\b(?:\s*(?:/|năm)\s*(\d{4}))?", re.IGNORECASE)
_HALF = re.compile(r"(?:0?6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?", re.IGNORECASE)
_YEAR = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)
_BEFORE = re.compile(r"trước\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_WHOLE_PERIOD = re.compile(r"thường\s+xuyên|h[aà]ng\s+năm|hằng\s+năm|cả\s+năm|trong\s+năm", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _month_period(year: int, first: int, last: int) -> Period | None:
    if not (1 <= first <= last <= 12):
        return None
    return Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


def timeframe_period(text: str, plan: Period) -> Period | None:
    """The dates a timeframe as written covers, or None when it names none the reader knows."""
    if match := _MONTH.search(text):
        month = int(match.group(1))
        return _month_period(int(match.group(2)), month, month)
    if match := _QUARTER.search(text):
        quarter = _ROMAN_QUARTERS[match.group(1).lower()]
        year = int(match.group(2)) if match.group(2) else plan.starts_on.year
        return _month_period(year, 3 * quarter - 2, 3 * quarter)
    if match := _HALF.search(text):
        year = int(match.group(2)) if match.group(2) else plan.starts_on.year
        first = 1 if match.group(1).lower() == "đầu" else 7
        return _month_period(year, first, first + 5)
    if match := _BEFORE.search(text):
        due = safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return Period(min(plan.starts_on, due), due) if due else None
    if match := _YEAR.search(text):
        return year_period(int(match.group(1)))
    if _WHOLE_PERIOD.search(text):
        return plan
    return None


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def yearly_dates(month: int, day: int, period: Period) -> tuple[date, ...]:
    """Each date with that day and month inside the period: a yearly report's due dates."""
    dates = (safe_date(year, month, day) for year in range(period.starts_on.year, period.ends_on.year + 1))
    return tuple(due for due in dates if due and period.starts_on <= due <= period.ends_on)
