"""Checks of a stated change of a count or amount: N-fold, in percent, by a number, against its baseline.

Without a baseline in the text the check says what the change implies for it (an interval, the whole counts that
fit); a change of a share is :mod:`.share_changes`.
"""

from __future__ import annotations

import math

import pandas as pd

from ..metrics import implied_baseline, percent_change
from ..numbers import Interval, decimals_of, fold_fit
from .arithmetic import (
    direction_agrees,
    direction_of,
    fit_of,
    interval_of,
    is_exact,
    period_flags,
    periods_differ,
    periods_text,
    range_change,
    range_diff,
    range_ratio,
)
from .candidates import FactIndex
from .rows import (
    AMBIGUOUS,
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    claim_row,
    contradiction,
    direction_text,
    hedge_text,
    num,
    span_text,
)
from .share_changes import check_share_change

CHANGE_UNITS_CHECKED = ("fold", "percent_change", "pp_change", "abs_change")


def check_stated_change(facts: pd.DataFrame | FactIndex) -> list[dict]:
    """Every stated change (fold, percent, points, absolute), against its baseline when the text gives one."""
    index = FactIndex.of(facts)
    rows = []
    for fact in index.where(CHANGE_UNITS_CHECKED):
        if fact["relation"] != "change_of":
            rows.append(_unrelated_change(fact))
            continue
        current = index.by_id[fact["relates_to"]]
        baseline = index.baseline_of(current, fact["baseline_period"])
        if fact["unit"] == "fold":
            rows.append(_check_fold(fact, current, baseline))
        elif current["unit"] == "percent":
            rows.append(check_share_change(fact, current, baseline))
        elif fact["unit"] == "abs_change":
            rows.append(_check_abs_change(fact, current, baseline))
        else:
            derived = None if baseline is not None else _derived_baseline(index, fact, current)
            rows.append(_check_count_change(fact, current, baseline, derived))
    return rows


_CHECK_OF_UNIT = {"fold": "stated_fold", "percent_change": "stated_change", "pp_change": "stated_share_change",
                  "abs_change": "stated_abs_change"}


def _unrelated_change(fact) -> dict:
    tolerance = interval_of(fact)
    unit = {"fold": "-fold", "percent_change": " %", "pp_change": " pp"}.get(fact["unit"], "")
    return claim_row(fact, _CHECK_OF_UNIT[fact["unit"]], fact["value"], None, tolerance, UNVERIFIABLE,
                     f"{direction_text(fact['direction'])} stated as '{fact['value_text']}' ({fact['period']} against "
                     f"{fact['baseline_period']}); the text gives neither figure it compares, so it cannot be "
                     f"recomputed; '{fact['value_text']}'{hedge_text(fact)} allows {span_text(tolerance, 2, unit)}",
                     flags=("periods_differ",) if periods_differ(fact["period"], fact["baseline_period"]) else ())


def _check_fold(fact, current, baseline) -> dict:
    tolerance = interval_of(fact)
    decimals = decimals_of(fact["value_text"])
    stated_dir = fact["direction"]
    if baseline is None:
        now = interval_of(current)
        if stated_dir == "decrease":
            implied = Interval(now.low * tolerance.low, now.high * tolerance.high, high_closed=True)
        else:
            implied = Interval(now.low / tolerance.high, now.high / tolerance.low if tolerance.low else math.inf,
                               high_closed=True)
        return claim_row(fact, "stated_fold", fact["value"], None, tolerance, UNVERIFIABLE,
                         f"no {fact['baseline_period']} value of {current['metric']} is given; "
                         f"{direction_text(stated_dir)} '{fact['value_text']}'{hedge_text(fact)}-fold to "
                         f"{num(current['value'])} implies a "
                         f"{fact['baseline_period']} value in {span_text(implied)}", related=current["fact_id"])
    later, earlier = float(current["value"]), float(baseline["value"])
    data_dir = direction_of(later, earlier)
    flags = list(period_flags(current, baseline))
    big, small = (later, earlier) if stated_dir == "increase" else (earlier, later)
    fold = big / small if small else math.inf
    change = percent_change(later, earlier) if earlier else math.inf
    working = (f"{num(earlier)} ({baseline['period']}) → {num(later)} ({current['period']}): "
               f"{'later/earlier' if stated_dir == 'increase' else 'earlier/later'} = {num(big)} / {num(small)} "
               f"= {fold:.2f}-fold, a change of {change:+.1f} %; '{fact['value_text']}'{hedge_text(fact)} allows "
               f"{span_text(tolerance)}-fold")
    extra = {"related": baseline["fact_id"], "data_direction": data_dir}
    if not direction_agrees(stated_dir, data_dir):
        flags.append("direction_contradicted")
        return claim_row(fact, "stated_fold", fact["value"], fold, tolerance, INCONSISTENT,
                         contradiction(stated_dir, data_dir) + working, flags=flags, **extra)
    fit = ""
    if fold in tolerance:
        verdict = CONSISTENT
        fit = fold_fit(fold, abs(fact["value"]), decimals) if not fact["qualifier"] else "point"
    else:
        span = range_ratio(interval_of(current), interval_of(baseline))
        if stated_dir == "decrease":
            span = Interval(1 / span.high if span.high else math.inf, 1 / span.low if span.low else math.inf, True)
        verdict = CONSISTENT if span.overlaps(tolerance) and not is_exact(span) else INCONSISTENT
        fit = "rounding" if verdict == CONSISTENT else ""
    if fit == "loose":
        working += f"; a loose fit: {fold:.2f} is more than {int(100 * 0.05)} % away from " \
                   f"{num(fact['value'])}"
    elif fit == "close":
        working += f"; a close fit (within {int(100 * 0.05)} % of {num(fact['value'])})"
    if flags and verdict == CONSISTENT and current["unit"] in ("count", "amount"):
        verdict = AMBIGUOUS
        working += periods_text(current, baseline)
    return claim_row(fact, "stated_fold", fact["value"], fold, tolerance, verdict, working, fit=fit, flags=flags,
                     **extra)


def _derived_baseline(index: FactIndex, fact, current):
    """A baseline the text gives only through a stated absolute change of the same figure (35 394 − 7 772)."""
    absolute = index.absolute_change_of(fact["relates_to"], fact["baseline_period"])
    if absolute is None:
        return None
    span = range_diff(interval_of(current), interval_of(absolute))
    return absolute, span


def _check_count_change(fact, current, baseline, derived=None) -> dict:
    tolerance = interval_of(fact)
    decimals = decimals_of(fact["value_text"])
    stated_dir = fact["direction"]
    now = interval_of(current)
    if baseline is None and derived is not None:
        absolute, before = derived
        point = float(current["value"]) - float(absolute["value"])
        recomputed = percent_change(float(current["value"]), point)
        span = range_change(now, before)
        verdict, fit = fit_of(recomputed, span, tolerance)
        return claim_row(fact, "stated_change", fact["value"], recomputed, tolerance, verdict,
                         f"no {fact['baseline_period']} value is printed, but the stated change of "
                         f"{num(absolute['value'])} gives it: {num(current['value'])} − ({num(absolute['value'])}) = "
                         f"{num(point)}; ({num(current['value'])} − {num(point)}) / {num(point)} × 100 = "
                         f"{recomputed:.2f} %; "
                         f"'{fact['value_text']}'{hedge_text(fact)} allows {span_text(tolerance, 2, ' %')}",
                         related=absolute["fact_id"], fit=fit, flags=("derived_baseline",),
                         data_direction=direction_of(float(current["value"]), point))
    if baseline is not None:
        later, earlier = float(current["value"]), float(baseline["value"])
        recomputed = percent_change(later, earlier)
        data_dir = direction_of(later, earlier)
        flags = list(period_flags(current, baseline))
        span = range_change(now, interval_of(baseline))
        working = (f"({num(later)} − {num(earlier)}) / {num(earlier)} × 100 = {recomputed:.2f} %; "
                   f"'{fact['value_text']}'{hedge_text(fact)} allows {span_text(tolerance, 2, ' %')}")
        if not is_exact(span):
            working += f"; the rounding of {current['value_text']} and {baseline['value_text']} allows a change in " \
                       f"{span_text(span, 2, ' %')}"
        if not direction_agrees(stated_dir, data_dir):
            return claim_row(fact, "stated_change", fact["value"], recomputed, tolerance, INCONSISTENT,
                             contradiction(stated_dir, data_dir) + working,
                             related=baseline["fact_id"], data_direction=data_dir,
                             flags=[*flags, "direction_contradicted"])
        verdict, fit = fit_of(recomputed, span, tolerance)
        if flags and verdict == CONSISTENT:
            verdict = AMBIGUOUS
            working += periods_text(current, baseline)
        return claim_row(fact, "stated_change", fact["value"], recomputed, tolerance, verdict, working,
                         related=baseline["fact_id"], data_direction=data_dir, fit=fit, flags=flags)
    integer = current["unit"] == "count"
    implied = implied_baseline(float(current["value"]), float(fact["value"]), decimals, integer=integer,
                               current_interval=now, change_interval=tolerance)
    if not integer:
        whole = ""
    elif implied.listed:
        whole = f": whole counts {', '.join(str(c) for c in implied.candidates) or 'none'}"
    else:
        whole = f": {implied.count:,} whole counts (from {math.ceil(implied.interval.low):,} to " \
                f"{math.floor(implied.interval.high):,}), too many to list"
    return claim_row(fact, "stated_change", fact["value"], None, tolerance, UNVERIFIABLE,
                     f"no {fact['baseline_period']} value is given; {num(current['value'])} after a change in "
                     f"{span_text(tolerance, 2, ' %')} implies a {fact['baseline_period']} value in "
                     f"[{implied.interval.low:,.2f}, {implied.interval.high:,.2f}]{whole}",
                     related=current["fact_id"], candidates=implied.count if integer else None)


def _check_abs_change(fact, current, baseline) -> dict:
    tolerance = interval_of(fact)
    now = interval_of(current)
    if baseline is None:
        before = range_diff(now, tolerance)
        point = float(current["value"]) - float(fact["value"])
        return claim_row(fact, "stated_abs_change", fact["value"], None, tolerance, UNVERIFIABLE,
                         f"no {fact['baseline_period']} value is given; {num(current['value'])} after a change of "
                         f"{num(fact['value'])} implies a {fact['baseline_period']} value of {num(point)}"
                         + ("" if is_exact(before) else f" (range {span_text(before)})"), related=current["fact_id"])
    later, earlier = float(current["value"]), float(baseline["value"])
    recomputed = later - earlier
    data_dir = direction_of(later, earlier)
    span = range_diff(now, interval_of(baseline))
    working = f"{num(later)} − {num(earlier)} = {num(recomputed)}; '{fact['value_text']}'{hedge_text(fact)} allows " \
              f"{span_text(tolerance)}"
    if not direction_agrees(fact["direction"], data_dir):
        return claim_row(fact, "stated_abs_change", fact["value"], recomputed, tolerance, INCONSISTENT,
                         contradiction(fact["direction"], data_dir) + working,
                         related=baseline["fact_id"], data_direction=data_dir, flags=("direction_contradicted",))
    verdict, fit = fit_of(recomputed, span, tolerance)
    return claim_row(fact, "stated_abs_change", fact["value"], recomputed, tolerance, verdict, working,
                     related=baseline["fact_id"], data_direction=data_dir, fit=fit,
                     flags=period_flags(current, baseline))


def implied_baseline_for(facts: pd.DataFrame, fact_id: str):
    """The implied baseline of one change_of fact (for notebooks that show it)."""
    fact = _first_with_id(facts, fact_id)
    current = _first_with_id(facts, fact["relates_to"])
    return implied_baseline(float(current["value"]), float(fact["value"]), decimals_of(fact["value_text"]),
                            integer=current["unit"] == "count", current_interval=interval_of(current),
                            change_interval=interval_of(fact))


def _first_with_id(facts: pd.DataFrame, fact_id: str) -> pd.Series:
    # One vectorised comparison: a notebook asks this for each claim it shows.
    found = facts[facts["fact_id"] == fact_id]
    if found.empty:
        raise KeyError(fact_id)
    return found.iloc[0]
