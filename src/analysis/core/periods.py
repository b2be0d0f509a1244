"""Reporting periods: a year, a half, a quarter, a month or a run of months, compared by their months.

Written forms (the ``period`` and ``baseline_period`` columns and parameters):

- ``2025``: the calendar year;
- ``2025-H1``, ``2025-H2``: a half year;
- ``2025-Q1`` … ``2025-Q4``: a quarter;
- ``2025-03``: one month;
- ``2025-01/2025-09``: the months from January to September 2025 (both ends included).

Every period is a run of whole months, so two periods can be ordered ("the baseline comes first") and their
lengths compared (five months against a half year is not like for like).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import PeriodError

_FORMS = (
    ("year", re.compile(r"^(?P<y>\d{4})$")),
    ("half", re.compile(r"^(?P<y>\d{4})-H(?P<n>[12])$")),
    ("quarter", re.compile(r"^(?P<y>\d{4})-Q(?P<n>[1-4])$")),
    ("month", re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$")),
    ("range", re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})/(?P<y2>\d{4})-(?P<m2>\d{2})$")),
)
YEAR_RANGE = (1900, 2100)
EXAMPLES = "2025, 2025-H1, 2025-Q3, 2025-01 or 2025-01/2025-09"


@dataclass(frozen=True, order=True)
class Period:
    """A run of whole months, ``start`` and ``end`` counted as ``year * 12 + month - 1`` (both included)."""

    start: int
    end: int

    @property
    def months(self) -> int:
        return self.end - self.start + 1

    @property
    def first_year(self) -> int:
        return self.start // 12

    @property
    def year(self) -> int:
        """The year the period ends in (the year a report of it is about)."""
        return self.end // 12

    @property
    def first_month(self) -> int:
        return self.start % 12 + 1

    @property
    def last_month(self) -> int:
        return self.end % 12 + 1

    @property
    def kind(self) -> str:
        """``year``, ``half``, ``quarter``, ``month`` or ``months`` (any other run)."""
        if self.months == 12 and self.first_month == 1:
            return "year"
        if self.months == 6 and self.first_month in (1, 7):
            return "half"
        if self.months == 3 and self.first_month in (1, 4, 7, 10):
            return "quarter"
        if self.months == 1:
            return "month"
        return "months"

    def __str__(self) -> str:
        kind = self.kind
        if kind == "year":
            return f"{self.year}"
        if kind == "half":
            return f"{self.year}-H{1 if self.first_month == 1 else 2}"
        if kind == "quarter":
            return f"{self.year}-Q{(self.first_month - 1) // 3 + 1}"
        if kind == "month":
            return f"{self.year}-{self.first_month:02d}"
        return f"{self.first_year}-{self.first_month:02d}/{self.year}-{self.last_month:02d}"

    def comes_before(self, other: Period) -> bool:
        """True when this period starts and ends before ``other`` (a baseline must)."""
        return self.start < other.start and self.end < other.end

    def same_length(self, other: Period) -> bool:
        return self.months == other.months


def _month_index(year: int, month: int, text: str) -> int:
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise PeriodError(f"period {text!r}: the year {year} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
    if not 1 <= month <= 12:
        raise PeriodError(f"period {text!r}: month {month:02d} does not exist; expected 01 to 12")
    return year * 12 + month - 1


def parse_period(text) -> Period:
    """Read a period as written in the facts or the parameters (see the module docstring)."""
    if isinstance(text, Period):
        return text
    if isinstance(text, bool) or text is None:
        raise PeriodError(f"period {text!r}: expected a period such as {EXAMPLES}")
    if isinstance(text, int):
        text = str(text)
    if isinstance(text, float) and text.is_integer():
        text = str(int(text))
    raw = str(text).strip()
    for kind, pattern in _FORMS:
        m = pattern.match(raw)
        if not m:
            continue
        y = int(m["y"])
        if kind == "year":
            return Period(_month_index(y, 1, raw), _month_index(y, 12, raw))
        if kind == "half":
            first = 1 if m["n"] == "1" else 7
            return Period(_month_index(y, first, raw), _month_index(y, first + 5, raw))
        if kind == "quarter":
            first = 3 * (int(m["n"]) - 1) + 1
            return Period(_month_index(y, first, raw), _month_index(y, first + 2, raw))
        if kind == "month":
            at = _month_index(y, int(m["m"]), raw)
            return Period(at, at)
        start, end = _month_index(y, int(m["m"]), raw), _month_index(int(m["y2"]), int(m["m2"]), raw)
        if end < start:
            raise PeriodError(f"period {raw!r}: ends before it starts")
        return Period(start, end)
    raise PeriodError(f"period {raw!r}: expected a period such as {EXAMPLES}")


def normalize_period(text) -> str:
    """The canonical written form (``2025-01/2025-12`` becomes ``2025``)."""
    return str(parse_period(text))


def describe_months(period: Period) -> str:
    """"12 months", "6 months", "1 month": for messages about periods of different length."""
    return f"{period.months} month" + ("" if period.months == 1 else "s")
