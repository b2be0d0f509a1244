"""Derived metrics: change, percent change, ratio, share, and the implied baseline of a stated change."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .numbers import Interval, stated_interval


def change(current: float, baseline: float) -> float:
    """Absolute change from ``baseline`` to ``current``."""
    return current - baseline


def percent_change(current: float, baseline: float) -> float:
    """Relative change in percent; a fall is negative. Undefined from a zero baseline."""
    if baseline == 0:
        raise ZeroDivisionError("percent change from a baseline of 0 is undefined")
    return (current - baseline) / baseline * 100


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, e.g. how many times larger the baseline was (a "two-fold" fall)."""
    if denominator == 0:
        raise ZeroDivisionError("ratio with a denominator of 0 is undefined")
    return numerator / denominator


def share(part: float, total: float) -> float:
    """``part`` as a percent of ``total``."""
    if total == 0:
        raise ZeroDivisionError("share of a total of 0 is undefined")
    return part / total * 100


# An implied baseline lists its whole candidates only when there are this many or fewer; otherwise it gives the
# interval and how many whole numbers lie in it.
MAX_LISTED_CANDIDATES = 10


@dataclass(frozen=True)
class ImpliedBaseline:
    """What a stated change and a current value imply for the earlier value.

    ``interval`` holds every baseline consistent with the change as printed (its rounding included);
    ``count`` is how many whole numbers in it fit the change as printed, and ``candidates`` lists them when there
    are at most :data:`MAX_LISTED_CANDIDATES` (else it is empty and ``count`` says how many).
    """

    interval: Interval
    candidates: tuple[int, ...] = field(default=())
    count: int = 0

    @property
    def point(self) -> float:
        return self.interval.mid

    @property
    def listed(self) -> bool:
        return self.count == len(self.candidates)


def _whole_range(low: float, high: float, fits) -> tuple[int, int]:
    """First and last whole number in [low, high] for which ``fits`` holds, assuming the fitting ones are
    contiguous (a monotonic change); (1, 0) when none."""
    first, last = max(1, math.ceil(low) - 1), math.floor(high) + 1
    while first <= last and not fits(first):
        first += 1
    while last >= first and not fits(last):
        last -= 1
    return first, last


def implied_baseline(current: float, stated_change_pct: float, decimals: int, integer: bool = True,
                     current_interval: Interval | None = None, change_interval: Interval | None = None,
                     ) -> ImpliedBaseline:
    """Baseline implied by a relative change printed with ``decimals`` places.

    ``stated_change_pct`` is signed: a fall of "3,9 %" is -3.9. Rounding makes it an interval:
    -3.9 means a change in [-3.95, -3.85), so 171 after it means a baseline in about (177.85, 178.03].
    ``current_interval`` is what the current figure allows when it is itself rounded or hedged ("441 тысячи");
    ``change_interval`` replaces the rounding interval of the change when it is hedged. With ``integer`` the whole
    numbers whose change to ``current`` prints as stated are counted (and listed when few).
    """
    span = change_interval or stated_interval(stated_change_pct, decimals)
    now = current_interval or Interval(current, current, high_closed=True)
    factors = sorted((1 + span.low / 100, 1 + span.high / 100))
    if factors[0] <= 0:
        raise ValueError(f"a change of {stated_change_pct} % cannot have a positive baseline")
    low = now.low / factors[1] if math.isfinite(factors[1]) else 0.0
    high = now.high / factors[0]
    low, high = sorted((low, high))
    candidates: tuple[int, ...] = ()
    count = 0
    if integer and math.isfinite(high):
        if now.low == now.high:
            first, last = _whole_range(low, high, lambda n: percent_change(current, n) in span)
        else:
            first, last = max(1, math.ceil(low)), math.floor(high)
        count = max(0, last - first + 1)
        if count <= MAX_LISTED_CANDIDATES:
            candidates = tuple(range(first, last + 1))
    return ImpliedBaseline(Interval(low, high, high_closed=True), candidates, count)


def implied_share_baseline(current_share: Interval, stated_change: float, decimals: int,
                           reading: str) -> Interval:
    """Earlier share implied by a change of a share, under one reading of "changed by X percent".

    ``reading="points"``: the share moved by X percentage points; ``reading="relative"``: it moved by
    X percent of itself. ``current_share`` is the interval the printed share allows.
    """
    span = stated_interval(stated_change, decimals)
    if reading == "points":
        return Interval(current_share.low - span.high, current_share.high - span.low)
    if reading == "relative":
        ends = [s / (1 + c / 100) for s in (current_share.low, current_share.high) for c in (span.low, span.high)]
        return Interval(min(ends), max(ends))
    raise ValueError(f"unknown reading {reading!r}: expected 'points' or 'relative'")
