"""What the figures of one comparison allow: intervals, their ratios and differences, periods and directions."""

from __future__ import annotations

import math
from functools import lru_cache

from ..numbers import Interval, value_interval
from ..periods import Period, parse_period
from .rows import CONSISTENT, INCONSISTENT


def interval_of(fact) -> Interval:
    """What a stored fact allows (rounding, scale, hedge), signed as stored."""
    return value_interval(float(fact["value"]), str(fact["value_text"]), str(fact["unit"]),
                          str(fact.get("scale", "")), str(fact.get("qualifier", "")))


def is_exact(interval: Interval) -> bool:
    return interval.low == interval.high


@lru_cache(maxsize=4096)
def period_of(text: str) -> Period:
    """The period a cell names, parsed once per distinct text: a table repeats a handful of periods."""
    return parse_period(text)


def months(period) -> int | None:
    try:
        return period_of(str(period)).months
    except Exception:  # noqa: BLE001 - an unparsable period simply has no length to compare
        return None


def periods_differ(a, b) -> bool:
    ma, mb = months(a), months(b)
    return ma is not None and mb is not None and ma != mb


def period_flags(current, baseline) -> tuple[str, ...]:
    return ("periods_differ",) if periods_differ(current["period"], baseline["period"]) else ()


def periods_text(current, baseline) -> str:
    return (f"; the periods differ in length ({baseline['period']}: {months(baseline['period'])} months, "
            f"{current['period']}: {months(current['period'])} months), so totals and monthly averages compare "
            "differently")


def direction_of(later: float, earlier: float) -> str:
    return "increase" if later > earlier else "decrease" if later < earlier else "none"


def direction_agrees(stated: str, data: str) -> bool:
    """No stated direction, no change in the data, or the same direction."""
    return not stated or data in ("none", stated)


def range_ratio(later: Interval, earlier: Interval) -> Interval:
    """later / earlier over the values both allow."""
    low = later.low / earlier.high if earlier.high > 0 and math.isfinite(earlier.high) else 0.0
    high = later.high / earlier.low if earlier.low > 0 else math.inf
    return Interval(low, high, high_closed=True)


def as_change(ratio: Interval) -> Interval:
    """A range of ratios later / earlier as the relative change in percent."""
    return Interval((ratio.low - 1) * 100, (ratio.high - 1) * 100, True)


def range_change(later: Interval, earlier: Interval) -> Interval:
    """(later / earlier − 1) × 100 over the values both allow."""
    return as_change(range_ratio(later, earlier))


def range_diff(later: Interval, earlier: Interval) -> Interval:
    return Interval(later.low - earlier.high, later.high - earlier.low, high_closed=True)


def fit_of(recomputed: float, span: Interval, tolerance: Interval) -> tuple[str, str]:
    """The verdict and the fit of a recomputed value: in the tolerance, or only within the figures' rounding."""
    if recomputed in tolerance:
        return CONSISTENT, "point"
    if not is_exact(span) and span.overlaps(tolerance):
        return CONSISTENT, "rounding"
    return INCONSISTENT, ""
