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


@dataclass(frozen=True)
class ImpliedBaseline:
    """What a stated change and a current value imply for the earlier value.

    ``interval`` holds every baseline consistent with the change as printed (its rounding included);
    ``candidates`` are the whole counts inside it, for baselines that must be counts.
    """

    interval: Interval
    candidates: tuple[int, ...] = field(default=())

    @property
    def point(self) -> float:
        return self.interval.mid


def implied_baseline(current: float, stated_change_pct: float, decimals: int,
                     integer: bool = True) -> ImpliedBaseline:
    """Baseline implied by a relative change printed with ``decimals`` places.

    ``stated_change_pct`` is signed: a fall of "3,9 %" is -3.9. Rounding makes it an interval:
    -3.9 means a change in [-3.95, -3.85), so 171 after it means a baseline in about (177.85, 178.03].
    With ``integer`` the whole numbers whose percent change to ``current`` prints as stated are listed.
    """
    span = stated_interval(stated_change_pct, decimals)
    factors = sorted((1 + span.low / 100, 1 + span.high / 100))
    if factors[0] <= 0:
        raise ValueError(f"a change of {stated_change_pct} % cannot have a positive baseline")
    low, high = sorted((current / factors[1], current / factors[0]))
    candidates: tuple[int, ...] = ()
    if integer:
        candidates = tuple(
            n for n in range(math.floor(low), math.ceil(high) + 1)
            if n > 0 and percent_change(current, n) in span
        )
    return ImpliedBaseline(Interval(low, high), candidates)


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
