"""Turning each checkable statement of a briefing into a row: stated, recomputed, tolerance, verdict.

The checks follow from the relations in the facts table, so another briefing gets its checks without code:
parts that add up to a total, a share of a total, a change stated in percent or as "N-fold".
"""

from __future__ import annotations

import pandas as pd

from ..config import CHANGE_READINGS
from .metrics import implied_baseline, implied_share_baseline, percent_change, ratio, share
from .numbers import Interval, decimals_of, stated_interval

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
AMBIGUOUS = "ambiguous"
UNVERIFIABLE = "unverifiable"
VERDICTS = (CONSISTENT, INCONSISTENT, AMBIGUOUS, UNVERIFIABLE)

CLAIM_COLUMNS = (
    "claim_id", "theme", "check", "fact_id", "quote", "stated", "recomputed", "tolerance_low",
    "tolerance_high", "verdict", "arithmetic", "reading_points", "reading_relative", "headline",
)


def _g(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".") if x % 1 else f"{x:,.0f}"


def _row(fact, check: str, stated, recomputed, tolerance: Interval | None, verdict: str, arithmetic: str,
         **extra) -> dict:
    return {
        "claim_id": f"{fact['fact_id']}:{check}",
        "theme": fact["theme"],
        "check": check,
        "fact_id": fact["fact_id"],
        "quote": fact["quote"],
        "stated": stated,
        "recomputed": recomputed,
        "tolerance_low": None if tolerance is None else tolerance.low,
        "tolerance_high": None if tolerance is None else tolerance.high,
        "verdict": verdict,
        "arithmetic": arithmetic,
        "reading_points": extra.get("reading_points", ""),
        "reading_relative": extra.get("reading_relative", ""),
        "headline": bool(extra.get("headline", False)),
    }


def _baseline_of(facts: pd.DataFrame, fact, year) -> pd.Series | None:
    rows = facts[(facts["metric"] == fact["metric"]) & (facts["region"] == fact["region"])
                 & (facts["year"] == year)]
    return None if rows.empty else rows.iloc[0]


def check_parts_add_up(facts: pd.DataFrame) -> list[dict]:
    """A total broken down into two or more parts: the parts must add up to it exactly."""
    rows = []
    by_id = facts.set_index("fact_id")
    for total_id, parts in facts[facts["relation"] == "part_of"].groupby("relates_to", sort=False):
        total = by_id.loc[total_id].copy()
        total["fact_id"] = total_id
        added = float(parts["value"].sum())
        terms = " + ".join(_g(v) for v in parts["value"])
        if len(parts) == 1:
            verdict = CONSISTENT if added <= total["value"] else INCONSISTENT
            sign = "≤" if verdict == CONSISTENT else ">"
            rows.append(_row(total, "part_within_total", total["value"], added, None, verdict,
                             f"part {terms} {sign} total {_g(total['value'])}"))
            continue
        verdict = CONSISTENT if added == total["value"] else INCONSISTENT
        sign = "=" if verdict == CONSISTENT else "≠"
        rows.append(_row(total, "parts_add_up", total["value"], added, Interval(total["value"], total["value"]),
                         verdict, f"{terms} = {_g(added)} {sign} {_g(total['value'])} stated"))
    return rows


def check_stated_share(facts: pd.DataFrame) -> list[dict]:
    """A share printed as "9,4 %": part / total must round to it."""
    rows = []
    by_id = facts.set_index("fact_id")
    for _, fact in facts[facts["relation"] == "share_of"].iterrows():
        part = by_id.loc[fact["relates_to"]]
        tolerance = stated_interval(fact["value"], decimals_of(fact["value_text"]))
        if part["relation"] != "part_of":
            rows.append(_row(fact, "stated_share", fact["value"], None, tolerance, UNVERIFIABLE,
                             f"the total of {fact['relates_to']} is not given"))
            continue
        total = by_id.loc[part["relates_to"]]
        recomputed = share(part["value"], total["value"])
        verdict = CONSISTENT if recomputed in tolerance else INCONSISTENT
        rows.append(_row(fact, "stated_share", fact["value"], recomputed, tolerance, verdict,
                         f"{_g(part['value'])} / {_g(total['value'])} × 100 = {recomputed:.3f} %; "
                         f"'{fact['value_text']}' allows [{_g(tolerance.low, 3)}, {_g(tolerance.high, 3)})"))
    return rows


def check_stated_change(facts: pd.DataFrame) -> list[dict]:
    """A change stated in percent or as N-fold, against the baseline when the text gives one."""
    rows = []
    by_id = facts.set_index("fact_id")
    for _, fact in facts[facts["relation"] == "change_of"].iterrows():
        current = by_id.loc[fact["relates_to"]].copy()
        current["fact_id"] = fact["relates_to"]
        decimals = decimals_of(fact["value_text"])
        baseline = _baseline_of(facts, current, fact["baseline_year"])
        if fact["unit"] == "fold":
            rows.append(_check_fold(fact, current, baseline))
        elif current["unit"] == "percent":
            rows.append(_check_share_change(fact, current, decimals))
        else:
            rows.append(_check_count_change(fact, current, baseline, decimals))
    return rows


def _check_fold(fact, current, baseline) -> dict:
    tolerance = stated_interval(abs(fact["value"]), decimals_of(fact["value_text"]))
    headline = True
    if baseline is None:
        return _row(fact, "stated_fold", fact["value"], None, tolerance, UNVERIFIABLE,
                    f"no {fact['baseline_year']} value of {current['metric']} is given", headline=headline)
    fold = ratio(baseline["value"], current["value"])
    verdict = CONSISTENT if fold in tolerance else INCONSISTENT
    return _row(fact, "stated_fold", fact["value"], fold, tolerance, verdict,
                f"{_g(baseline['value'])} ({fact['baseline_year']}) / {_g(current['value'])} ({current['year']}) "
                f"= {fold:.2f}-fold, a change of {percent_change(current['value'], baseline['value']):.1f} %; "
                f"'{fact['value_text']}' allows [{_g(tolerance.low)}, {_g(tolerance.high)})-fold", headline=headline)


def _check_share_change(fact, current, decimals: int) -> dict:
    share_now = stated_interval(current["value"], decimals_of(current["value_text"]))
    readings = {}
    for reading in CHANGE_READINGS:
        before = implied_share_baseline(share_now, fact["value"], decimals, reading)
        readings[reading] = before
    points, relative = readings["points"], readings["relative"]
    text_points = (f"{_g(abs(fact['value']))} percentage points: {fact['baseline_year']} share "
                   f"≈ {points.mid:.1f} % (range {points.low:.2f}–{points.high:.2f} %)")
    text_relative = (f"{_g(abs(fact['value']))} % of the share itself: {fact['baseline_year']} share "
                     f"≈ {relative.mid:.2f} % (range {relative.low:.2f}–{relative.high:.2f} %)")
    return _row(fact, "stated_share_change", fact["value"], None, stated_interval(fact["value"], decimals),
                AMBIGUOUS, f"two readings, and no {fact['baseline_year']} share is given to choose between them",
                reading_points=text_points, reading_relative=text_relative)


def _check_count_change(fact, current, baseline, decimals: int) -> dict:
    tolerance = stated_interval(fact["value"], decimals)
    if baseline is not None:
        recomputed = percent_change(current["value"], baseline["value"])
        verdict = CONSISTENT if recomputed in tolerance else INCONSISTENT
        return _row(fact, "stated_change", fact["value"], recomputed, tolerance, verdict,
                    f"({_g(current['value'])} − {_g(baseline['value'])}) / {_g(baseline['value'])} × 100 "
                    f"= {recomputed:.2f} %")
    implied = implied_baseline(current["value"], fact["value"], decimals)
    candidates = ", ".join(str(c) for c in implied.candidates) or "none"
    return _row(fact, "stated_change", fact["value"], None, tolerance, UNVERIFIABLE,
                f"no {fact['baseline_year']} value is given; {_g(current['value'])} after a change in "
                f"[{tolerance.low:.2f}, {tolerance.high:.2f}) % implies a {fact['baseline_year']} value in "
                f"[{implied.interval.low:.2f}, {implied.interval.high:.2f}]: whole counts {candidates}")


def check_claims(facts: pd.DataFrame) -> pd.DataFrame:
    """Every check the facts table allows, the headline first."""
    rows = check_stated_change(facts) + check_stated_share(facts) + check_parts_add_up(facts)
    table = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    order = {t: i for i, t in enumerate(facts["theme"].drop_duplicates())}
    table["_headline_first"] = ~table["headline"]
    table["_theme_order"] = table["theme"].map(order)
    table = table.sort_values(["_headline_first", "_theme_order"], kind="stable")
    return table.drop(columns=["_headline_first", "_theme_order"]).reset_index(drop=True)


def implied_baseline_for(facts: pd.DataFrame, fact_id: str):
    """The implied baseline of one change_of fact (for notebooks that show it)."""
    by_id = facts.set_index("fact_id")
    fact = by_id.loc[fact_id]
    current = by_id.loc[fact["relates_to"]]
    return implied_baseline(current["value"], fact["value"], decimals_of(fact["value_text"]))
