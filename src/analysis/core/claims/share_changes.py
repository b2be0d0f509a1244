"""The check of a stated change of a share: read as percentage points and as a change of the share itself."""

from __future__ import annotations

from ...config import CHANGE_READINGS
from ..metrics import implied_share_baseline, percent_change
from ..numbers import decimals_of, stated_interval
from .arithmetic import direction_of, fit_of, interval_of, is_exact, range_change, range_diff
from .rows import AMBIGUOUS, CONSISTENT, INCONSISTENT, UNVERIFIABLE, claim_row, num, span_text


def check_share_change(fact, current, baseline) -> dict:
    """``fact``, a change of the share ``current``: which readings the baseline share (when given) allows."""
    decimals = decimals_of(fact["value_text"])
    tolerance = interval_of(fact)
    share_now = interval_of(current)
    if baseline is not None:
        later, earlier = float(current["value"]), float(baseline["value"])
        points = later - earlier
        relative = percent_change(later, earlier)
        span_points = range_diff(share_now, interval_of(baseline))
        span_relative = range_change(share_now, interval_of(baseline))
        fits = {"points": fit_of(points, span_points, tolerance)[0] == CONSISTENT,
                "relative": fit_of(relative, span_relative, tolerance)[0] == CONSISTENT}
        if fact["unit"] == "pp_change":
            fits["relative"] = False
        working = (f"{num(earlier)} % ({baseline['period']}) → {num(later)} % ({current['period']}): "
                   f"{points:+.2f} percentage points, {relative:+.2f} % of the share; '{fact['value_text']}' allows "
                   f"{span_text(tolerance, 2)}")
        held = [r for r, ok in fits.items() if ok]
        verdict = CONSISTENT if held else INCONSISTENT
        if held:
            names = ["percentage points" if r == "points" else "a relative change" for r in held]
            working += f"; fits as {' and as '.join(names)}"
        return claim_row(fact, "stated_share_change", fact["value"], points if fits["points"] or not held else relative,
                         tolerance, verdict, working, related=baseline["fact_id"],
                         data_direction=direction_of(later, earlier),
                         reading_points=f"{points:+.2f} percentage points", reading_relative=f"{relative:+.2f} %")
    readings = {}
    for reading in CHANGE_READINGS:
        now = share_now if not is_exact(share_now) else stated_interval(current["value"],
                                                                      decimals_of(current["value_text"]))
        readings[reading] = implied_share_baseline(now, fact["value"], decimals, reading)
    points, relative = readings["points"], readings["relative"]
    text_points = (f"{num(abs(fact['value']))} percentage points: {fact['baseline_period']} share "
                   f"≈ {points.mid:.1f} % (range {points.low:.2f}–{points.high:.2f} %)")
    text_relative = (f"{num(abs(fact['value']))} % of the share itself: {fact['baseline_period']} share "
                     f"≈ {relative.mid:.2f} % (range {relative.low:.2f}–{relative.high:.2f} %)")
    if fact["unit"] == "pp_change":
        return claim_row(fact, "stated_share_change", fact["value"], None, tolerance, UNVERIFIABLE,
                         f"no {fact['baseline_period']} share is given; {text_points}", reading_points=text_points,
                         related=current["fact_id"])
    return claim_row(fact, "stated_share_change", fact["value"], None, tolerance, AMBIGUOUS,
                     f"two readings, and no {fact['baseline_period']} share is given to choose between them",
                     reading_points=text_points, reading_relative=text_relative, related=current["fact_id"])


