"""Turning each checkable statement of a briefing into a row: stated, recomputed, tolerance, verdict.

The checks follow from the facts table (units, relations, periods), so another briefing gets its checks without
code. Every stated comparison becomes a row:

=====================  ======================================================================================
check                  what is recomputed
=====================  ======================================================================================
``stated_fold``        "N-fold" rise or fall: later/earlier for a rise, earlier/later for a fall. The direction
                       comes from the wording (``direction``) and is cross-checked against the data.
``stated_change``      a change in percent of a count: (later − earlier) / earlier × 100; without the earlier
                       value, the implied baseline (interval, count of whole candidates, listed when ≤ 10).
``stated_abs_change``  a change by a number ("на 350 тысяч меньше"): later − earlier, or the implied baseline.
``stated_share_change`` a change of a share "by X percent": two readings (points, relative) unless ``pp_change``.
``stated_share``       a share: part / total × 100 must round to it; without its total, unverifiable.
``parts_add_up``       two or more parts of a total add up to it; ``part_within_total`` for a single part.
``from_to``            the same figure in two periods ("с 25,7 % до 37,5 %", "со 109 до 142"): the change
                       (counts: absolute and relative; shares: points and relative), and the direction the
                       words give checked against it.
``restated``           the same figure stated twice (a rounded headline and the body): the precise value must lie
                       in what the other allows.
=====================  ======================================================================================

Tolerances follow :mod:`analysis.core.numbers`: rounding of the printed digits (scaled with ``тыс.``, ``млн``),
hedges (over, under, about, almost, at least, at most) as one-sided or widened intervals, a whole-number fold
word as [n − 0.5, n + 0.5) with a close (±5 %) or loose fit told apart. When the compared figures are themselves
rounded, a stated change is consistent if any pair of values they allow gives it (``fit`` ``rounding``).
A comparison of periods of different length (five months against a half year) is flagged (``flags``
``periods_differ``) and, for counts, ambiguous: totals and monthly averages read differently.

Columns of the table (:data:`CLAIM_COLUMNS`): ``claim_id`` (``<fact_id>:<check>``), ``theme``, ``check``,
``fact_id``, ``quote``, ``stated`` (the value as stored), ``recomputed`` (from the other figures; empty when
nothing can be recomputed), ``tolerance_low``/``tolerance_high`` (what the stated value allows), ``verdict``
(consistent, inconsistent, ambiguous, unverifiable), ``arithmetic`` (the working, in English),
``reading_points``/``reading_relative`` (the two readings of a change of a share), ``headline`` (the fact is
marked as the headline), and, added with periods: ``period``, ``baseline_period``, ``related_fact_id`` (the
other fact of the comparison), ``direction`` (as stated), ``data_direction`` (as the figures show),
``fit`` (``point``: the recomputed value lies in the tolerance; ``rounding``: only within the rounding of the
compared figures; ``close``/``loose`` for a whole-number fold), ``flags`` (``periods_differ``,
``direction_contradicted``, ``derived_baseline``), ``candidates`` (how many whole baselines fit).
"""

from __future__ import annotations

import math

import pandas as pd

from ..config import CHANGE_READINGS
from .metrics import implied_baseline, implied_share_baseline, percent_change, share
from .numbers import Interval, decimals_of, direction_from_words, fold_fit, stated_interval, value_interval
from .periods import parse_period

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
AMBIGUOUS = "ambiguous"
UNVERIFIABLE = "unverifiable"
VERDICTS = (CONSISTENT, INCONSISTENT, AMBIGUOUS, UNVERIFIABLE)

CLAIM_COLUMNS = (
    "claim_id", "theme", "check", "fact_id", "quote", "stated", "recomputed", "tolerance_low",
    "tolerance_high", "verdict", "arithmetic", "reading_points", "reading_relative", "headline",
    "period", "baseline_period", "related_fact_id", "direction", "data_direction", "fit", "flags", "candidates",
)


def _g(x: float, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "?"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".") if x % 1 else f"{x:,.0f}"


def _span(interval: Interval, digits: int = 2, unit: str = "") -> str:
    close = "]" if interval.high_closed else ")"
    if interval.low == interval.high:
        return f"exactly {_g(interval.low, digits)}{unit}"
    if math.isinf(interval.high):
        return f"{_g(interval.low, digits)}{unit} or more"
    if math.isinf(interval.low):
        return f"{'up to' if interval.high_closed else 'less than'} {_g(interval.high, digits)}{unit}"
    return f"[{_g(interval.low, digits)}{unit}, {_g(interval.high, digits)}{unit}{close}"


def _an(word: str) -> str:
    if word == "none":
        return "no change"
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _is_headline(*facts) -> bool:
    return any(str(f.get("headline", "")) == "yes" for f in facts if f is not None)


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
        "headline": bool(extra.get("headline", _is_headline(fact))),
        "period": str(fact.get("period", "")),
        "baseline_period": str(fact.get("baseline_period", "")),
        "related_fact_id": extra.get("related", ""),
        "direction": extra.get("direction", str(fact.get("direction", ""))),
        "data_direction": extra.get("data_direction", ""),
        "fit": extra.get("fit", ""),
        "flags": ",".join(extra.get("flags", ())),
        "candidates": extra.get("candidates"),
    }


def _by_id(facts: pd.DataFrame) -> pd.DataFrame:
    return facts.drop_duplicates("fact_id").set_index("fact_id", drop=False)


def _interval(fact) -> Interval:
    """What a stored fact allows (rounding, scale, hedge), signed as stored."""
    return value_interval(float(fact["value"]), str(fact["value_text"]), str(fact["unit"]),
                          str(fact.get("scale", "")), str(fact.get("qualifier", "")))


def _exact(interval: Interval) -> bool:
    return interval.low == interval.high


def _precise_first(rows: pd.DataFrame) -> pd.DataFrame:
    if len(rows) < 2:
        return rows
    key = pd.DataFrame({"h": rows["qualifier"].ne(""), "d": rows["value_text"].map(lambda t: -decimals_of(t))})
    return rows.loc[key.sort_values(["h", "d"], kind="stable").index]


def _baseline_of(facts: pd.DataFrame, fact, period) -> pd.Series | None:
    if not str(period):
        return None
    rows = facts[(facts["metric"] == fact["metric"]) & (facts["region"] == fact["region"])
                 & (facts["period"].astype(str) == str(period))
                 & (facts["source_file"] == fact["source_file"] if "source_file" in facts else True)]
    rows = _precise_first(rows)
    return None if rows.empty else rows.iloc[0]


def _months(period) -> int | None:
    try:
        return parse_period(period).months
    except Exception:  # noqa: BLE001 - an unparsable period simply has no length to compare
        return None


def _periods_differ(a, b) -> bool:
    ma, mb = _months(a), _months(b)
    return ma is not None and mb is not None and ma != mb


def _direction_of(later: float, earlier: float) -> str:
    return "increase" if later > earlier else "decrease" if later < earlier else "none"


def _range_ratio(later: Interval, earlier: Interval) -> Interval:
    """later / earlier over the values both allow."""
    low = later.low / earlier.high if earlier.high > 0 and math.isfinite(earlier.high) else 0.0
    high = later.high / earlier.low if earlier.low > 0 else math.inf
    return Interval(low, high, high_closed=True)


def _range_diff(later: Interval, earlier: Interval) -> Interval:
    return Interval(later.low - earlier.high, later.high - earlier.low, high_closed=True)


# -- parts and shares -----------------------------------------------------------------------------------------

def check_parts_add_up(facts: pd.DataFrame) -> list[dict]:
    """A total broken down into two or more parts: the parts must add up to it exactly."""
    rows = []
    by_id = _by_id(facts)
    for total_id, parts in facts[facts["relation"] == "part_of"].groupby("relates_to", sort=False):
        total = by_id.loc[total_id]
        added = float(parts["value"].sum())
        terms = " + ".join(_g(v) for v in parts["value"])
        headline = _is_headline(total, *(p for _, p in parts.iterrows()))
        if len(parts) == 1:
            verdict = CONSISTENT if added <= total["value"] else INCONSISTENT
            sign = "≤" if verdict == CONSISTENT else ">"
            rows.append(_row(total, "part_within_total", total["value"], added, None, verdict,
                             f"part {terms} {sign} total {_g(total['value'])}", headline=headline,
                             related=parts["fact_id"].iloc[0]))
            continue
        verdict = CONSISTENT if added == total["value"] else INCONSISTENT
        sign = "=" if verdict == CONSISTENT else "≠"
        rows.append(_row(total, "parts_add_up", total["value"], added, Interval(total["value"], total["value"]),
                         verdict, f"{terms} = {_g(added)} {sign} {_g(total['value'])} stated", headline=headline,
                         related=",".join(parts["fact_id"])))
    return rows


def check_stated_share(facts: pd.DataFrame) -> list[dict]:
    """A share printed as "9,4 %": part / total must round to it. A share without its total is unverifiable."""
    rows = []
    by_id = _by_id(facts)
    paired = _paired_ids(facts)
    restated = _restated_ids(facts)
    for _, fact in facts[facts["unit"] == "percent"].iterrows():
        tolerance = _interval(fact)
        if fact["relation"] != "share_of":
            if fact["fact_id"] in paired or fact["fact_id"] in restated:
                continue
            rows.append(_row(fact, "stated_share", fact["value"], None, tolerance, UNVERIFIABLE,
                             f"a share of {_g(fact['value'], 3)} % stated without the figures it is a share of, "
                             f"so it cannot be recomputed; '{fact['value_text']}' allows "
                             f"{_span(tolerance, 3, ' %')}"))
            continue
        part = by_id.loc[fact["relates_to"]]
        if part["relation"] != "part_of":
            rows.append(_row(fact, "stated_share", fact["value"], None, tolerance, UNVERIFIABLE,
                             f"the total of {fact['relates_to']} is not given", related=fact["relates_to"]))
            continue
        total = by_id.loc[part["relates_to"]]
        recomputed = share(part["value"], total["value"])
        verdict = CONSISTENT if recomputed in tolerance else INCONSISTENT
        text = (f"{_g(part['value'])} / {_g(total['value'])} × 100 = {recomputed:.3f} %; "
                f"'{fact['value_text']}' allows {_span(tolerance, 3)}")
        decimals = decimals_of(fact["value_text"])
        if verdict == INCONSISTENT and not fact["qualifier"]:
            truncated = math.floor(recomputed * 10 ** decimals) / 10 ** decimals
            if abs(truncated - fact["value"]) < 1e-9:
                text += f"; the share rounds to {recomputed:.{decimals}f} %, and only cut off (not rounded) gives " \
                        f"'{fact['value_text']}'"
        rows.append(_row(fact, "stated_share", fact["value"], recomputed, tolerance, verdict, text,
                         related=part["fact_id"], fit="point" if verdict == CONSISTENT else ""))
    return rows


# -- stated changes -------------------------------------------------------------------------------------------

def check_stated_change(facts: pd.DataFrame) -> list[dict]:
    """Every stated change (fold, percent, points, absolute), against its baseline when the text gives one."""
    rows = []
    by_id = _by_id(facts)
    changes = facts[facts["unit"].isin(["fold", "percent_change", "pp_change", "abs_change"])]
    by_metric = dict(tuple(facts.groupby(["metric", "region"], sort=False))) if len(changes) else {}
    abs_rows = facts[(facts["unit"] == "abs_change") & (facts["relation"] == "change_of")]
    abs_changes = dict(tuple(abs_rows.groupby("relates_to", sort=False))) if len(abs_rows) else {}
    for _, fact in changes.iterrows():
        if fact["relation"] != "change_of":
            rows.append(_unrelated_change(fact))
            continue
        current = by_id.loc[fact["relates_to"]]
        # The baseline is looked up among the rows of the same metric and region only: linear in the rows.
        same = by_metric.get((current["metric"], current["region"]), facts.iloc[0:0])
        baseline = _baseline_of(same, current, fact["baseline_period"])
        if fact["unit"] == "fold":
            rows.append(_check_fold(fact, current, baseline))
        elif current["unit"] == "percent":
            rows.append(_check_share_change(fact, current, baseline))
        elif fact["unit"] == "abs_change":
            rows.append(_check_abs_change(fact, current, baseline))
        else:
            derived = None if baseline is not None else _derived_baseline(
                abs_changes.get(fact["relates_to"], facts.iloc[0:0]), fact, current)
            rows.append(_check_count_change(fact, current, baseline, derived))
    return rows


_CHECK_OF_UNIT = {"fold": "stated_fold", "percent_change": "stated_change", "pp_change": "stated_share_change",
                  "abs_change": "stated_abs_change"}


def _unrelated_change(fact) -> dict:
    tolerance = _interval(fact)
    unit = {"fold": "-fold", "percent_change": " %", "pp_change": " pp"}.get(fact["unit"], "")
    return _row(fact, _CHECK_OF_UNIT[fact["unit"]], fact["value"], None, tolerance, UNVERIFIABLE,
                f"{_an(fact['direction'])} stated as '{fact['value_text']}' ({fact['period']} against "
                f"{fact['baseline_period']}); the text gives neither figure it compares, so it cannot be recomputed; "
                f"'{fact['value_text']}'{_hedge(fact)} allows {_span(tolerance, 2, unit)}",
                flags=("periods_differ",) if _periods_differ(fact["period"], fact["baseline_period"]) else ())


def _hedge(fact) -> str:
    return f" ({fact['qualifier'].replace('_', ' ')})" if fact.get("qualifier") else ""


def _period_flags(current, baseline) -> tuple[str, ...]:
    return ("periods_differ",) if _periods_differ(current["period"], baseline["period"]) else ()


def _direction_verdict(stated: str, data: str) -> bool:
    return not stated or data in ("none", stated)


def _check_fold(fact, current, baseline) -> dict:
    tolerance = _interval(fact)
    decimals = decimals_of(fact["value_text"])
    stated_dir = fact["direction"]
    if baseline is None:
        now = _interval(current)
        if stated_dir == "decrease":
            implied = Interval(now.low * tolerance.low, now.high * tolerance.high, high_closed=True)
        else:
            implied = Interval(now.low / tolerance.high, now.high / tolerance.low if tolerance.low else math.inf,
                               high_closed=True)
        return _row(fact, "stated_fold", fact["value"], None, tolerance, UNVERIFIABLE,
                    f"no {fact['baseline_period']} value of {current['metric']} is given; {_an(stated_dir)} "
                    f"'{fact['value_text']}'{_hedge(fact)}-fold to {_g(current['value'])} implies a "
                    f"{fact['baseline_period']} value in {_span(implied)}", related=current["fact_id"])
    later, earlier = float(current["value"]), float(baseline["value"])
    data_dir = _direction_of(later, earlier)
    flags = list(_period_flags(current, baseline))
    big, small = (later, earlier) if stated_dir == "increase" else (earlier, later)
    fold = big / small if small else math.inf
    change = percent_change(later, earlier) if earlier else math.inf
    working = (f"{_g(earlier)} ({baseline['period']}) → {_g(later)} ({current['period']}): "
               f"{'later/earlier' if stated_dir == 'increase' else 'earlier/later'} = {_g(big)} / {_g(small)} "
               f"= {fold:.2f}-fold, a change of {change:+.1f} %; '{fact['value_text']}'{_hedge(fact)} allows "
               f"{_span(tolerance)}-fold")
    extra = {"related": baseline["fact_id"], "data_direction": data_dir}
    if not _direction_verdict(stated_dir, data_dir):
        flags.append("direction_contradicted")
        return _row(fact, "stated_fold", fact["value"], fold, tolerance, INCONSISTENT,
                    f"the text says {_an(stated_dir)}, the figures show {_an(data_dir)}: " + working, flags=flags,
                    **extra)
    fit = ""
    if fold in tolerance:
        verdict = CONSISTENT
        fit = fold_fit(fold, abs(fact["value"]), decimals) if not fact["qualifier"] else "point"
    else:
        span = _range_ratio(_interval(current), _interval(baseline))
        if stated_dir == "decrease":
            span = Interval(1 / span.high if span.high else math.inf, 1 / span.low if span.low else math.inf, True)
        verdict = CONSISTENT if span.overlaps(tolerance) and not _exact(span) else INCONSISTENT
        fit = "rounding" if verdict == CONSISTENT else ""
    if fit == "loose":
        working += f"; a loose fit: {fold:.2f} is more than {int(100 * 0.05)} % away from {_g(fact['value'])}"
    elif fit == "close":
        working += f"; a close fit (within {int(100 * 0.05)} % of {_g(fact['value'])})"
    if flags and verdict == CONSISTENT and current["unit"] in ("count", "amount"):
        verdict = AMBIGUOUS
        working += _periods_text(current, baseline)
    return _row(fact, "stated_fold", fact["value"], fold, tolerance, verdict, working, fit=fit, flags=flags, **extra)


def _periods_text(current, baseline) -> str:
    return (f"; the periods differ in length ({baseline['period']}: {_months(baseline['period'])} months, "
            f"{current['period']}: {_months(current['period'])} months), so totals and monthly averages compare "
            "differently")


def _derived_baseline(facts: pd.DataFrame, fact, current):
    """A baseline the text gives only through a stated absolute change of the same figure (35 394 − 7 772)."""
    rows = facts[(facts["unit"] == "abs_change") & (facts["relation"] == "change_of")
                 & (facts["relates_to"] == fact["relates_to"])
                 & (facts["baseline_period"].astype(str) == str(fact["baseline_period"]))]
    if rows.empty:
        return None
    absolute = rows.iloc[0]
    span = _range_diff(_interval(current), _interval(absolute))
    return absolute, span


def _check_count_change(fact, current, baseline, derived=None) -> dict:
    tolerance = _interval(fact)
    decimals = decimals_of(fact["value_text"])
    stated_dir = fact["direction"]
    now = _interval(current)
    if baseline is None and derived is not None:
        absolute, before = derived
        point = float(current["value"]) - float(absolute["value"])
        recomputed = percent_change(float(current["value"]), point)
        span = _range_ratio(now, before)
        span = Interval((span.low - 1) * 100, (span.high - 1) * 100, True)
        verdict, fit = _fit(recomputed, span, tolerance)
        return _row(fact, "stated_change", fact["value"], recomputed, tolerance, verdict,
                    f"no {fact['baseline_period']} value is printed, but the stated change of "
                    f"{_g(absolute['value'])} gives it: {_g(current['value'])} − ({_g(absolute['value'])}) = "
                    f"{_g(point)}; ({_g(current['value'])} − {_g(point)}) / {_g(point)} × 100 = {recomputed:.2f} %; "
                    f"'{fact['value_text']}'{_hedge(fact)} allows {_span(tolerance, 2, ' %')}",
                    related=absolute["fact_id"], fit=fit, flags=("derived_baseline",),
                    data_direction=_direction_of(float(current["value"]), point))
    if baseline is not None:
        later, earlier = float(current["value"]), float(baseline["value"])
        recomputed = percent_change(later, earlier)
        data_dir = _direction_of(later, earlier)
        flags = list(_period_flags(current, baseline))
        span = _range_ratio(now, _interval(baseline))
        span = Interval((span.low - 1) * 100, (span.high - 1) * 100, True)
        working = (f"({_g(later)} − {_g(earlier)}) / {_g(earlier)} × 100 = {recomputed:.2f} %; "
                   f"'{fact['value_text']}'{_hedge(fact)} allows {_span(tolerance, 2, ' %')}")
        if not _exact(span):
            working += f"; the rounding of {current['value_text']} and {baseline['value_text']} allows a change in " \
                       f"{_span(span, 2, ' %')}"
        if not _direction_verdict(stated_dir, data_dir):
            return _row(fact, "stated_change", fact["value"], recomputed, tolerance, INCONSISTENT,
                        f"the text says {_an(stated_dir)}, the figures show {_an(data_dir)}: " + working,
                        related=baseline["fact_id"], data_direction=data_dir,
                        flags=[*flags, "direction_contradicted"])
        verdict, fit = _fit(recomputed, span, tolerance)
        if flags and verdict == CONSISTENT:
            verdict = AMBIGUOUS
            working += _periods_text(current, baseline)
        return _row(fact, "stated_change", fact["value"], recomputed, tolerance, verdict, working,
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
    return _row(fact, "stated_change", fact["value"], None, tolerance, UNVERIFIABLE,
                f"no {fact['baseline_period']} value is given; {_g(current['value'])} after a change in "
                f"{_span(tolerance, 2, ' %')} implies a {fact['baseline_period']} value in "
                f"[{implied.interval.low:,.2f}, {implied.interval.high:,.2f}]{whole}",
                related=current["fact_id"], candidates=implied.count if integer else None)


def _fit(recomputed: float, span: Interval, tolerance: Interval) -> tuple[str, str]:
    if recomputed in tolerance:
        return CONSISTENT, "point"
    if not _exact(span) and span.overlaps(tolerance):
        return CONSISTENT, "rounding"
    return INCONSISTENT, ""


def _check_abs_change(fact, current, baseline) -> dict:
    tolerance = _interval(fact)
    now = _interval(current)
    if baseline is None:
        before = _range_diff(now, tolerance)
        point = float(current["value"]) - float(fact["value"])
        return _row(fact, "stated_abs_change", fact["value"], None, tolerance, UNVERIFIABLE,
                    f"no {fact['baseline_period']} value is given; {_g(current['value'])} after a change of "
                    f"{_g(fact['value'])} implies a {fact['baseline_period']} value of {_g(point)}"
                    + ("" if _exact(before) else f" (range {_span(before)})"), related=current["fact_id"])
    later, earlier = float(current["value"]), float(baseline["value"])
    recomputed = later - earlier
    data_dir = _direction_of(later, earlier)
    span = _range_diff(now, _interval(baseline))
    working = f"{_g(later)} − {_g(earlier)} = {_g(recomputed)}; '{fact['value_text']}'{_hedge(fact)} allows " \
              f"{_span(tolerance)}"
    if not _direction_verdict(fact["direction"], data_dir):
        return _row(fact, "stated_abs_change", fact["value"], recomputed, tolerance, INCONSISTENT,
                    f"the text says {_an(fact['direction'])}, the figures show {_an(data_dir)}: " + working,
                    related=baseline["fact_id"], data_direction=data_dir, flags=("direction_contradicted",))
    verdict, fit = _fit(recomputed, span, tolerance)
    return _row(fact, "stated_abs_change", fact["value"], recomputed, tolerance, verdict, working,
                related=baseline["fact_id"], data_direction=data_dir, fit=fit,
                flags=_period_flags(current, baseline))


def _check_share_change(fact, current, baseline) -> dict:
    decimals = decimals_of(fact["value_text"])
    tolerance = _interval(fact)
    share_now = _interval(current)
    if baseline is not None:
        later, earlier = float(current["value"]), float(baseline["value"])
        points = later - earlier
        relative = percent_change(later, earlier)
        span_points = _range_diff(share_now, _interval(baseline))
        span_relative = _range_ratio(share_now, _interval(baseline))
        span_relative = Interval((span_relative.low - 1) * 100, (span_relative.high - 1) * 100, True)
        fits = {"points": _fit(points, span_points, tolerance)[0] == CONSISTENT,
                "relative": _fit(relative, span_relative, tolerance)[0] == CONSISTENT}
        if fact["unit"] == "pp_change":
            fits["relative"] = False
        working = (f"{_g(earlier)} % ({baseline['period']}) → {_g(later)} % ({current['period']}): "
                   f"{points:+.2f} percentage points, {relative:+.2f} % of the share; '{fact['value_text']}' allows "
                   f"{_span(tolerance, 2)}")
        held = [r for r, ok in fits.items() if ok]
        verdict = CONSISTENT if held else INCONSISTENT
        if held:
            names = ["percentage points" if r == "points" else "a relative change" for r in held]
            working += f"; fits as {' and as '.join(names)}"
        return _row(fact, "stated_share_change", fact["value"], points if fits["points"] or not held else relative,
                    tolerance, verdict, working, related=baseline["fact_id"],
                    data_direction=_direction_of(later, earlier),
                    reading_points=f"{points:+.2f} percentage points", reading_relative=f"{relative:+.2f} %")
    readings = {}
    for reading in CHANGE_READINGS:
        now = share_now if not _exact(share_now) else stated_interval(current["value"],
                                                                      decimals_of(current["value_text"]))
        readings[reading] = implied_share_baseline(now, fact["value"], decimals, reading)
    points, relative = readings["points"], readings["relative"]
    text_points = (f"{_g(abs(fact['value']))} percentage points: {fact['baseline_period']} share "
                   f"≈ {points.mid:.1f} % (range {points.low:.2f}–{points.high:.2f} %)")
    text_relative = (f"{_g(abs(fact['value']))} % of the share itself: {fact['baseline_period']} share "
                     f"≈ {relative.mid:.2f} % (range {relative.low:.2f}–{relative.high:.2f} %)")
    if fact["unit"] == "pp_change":
        return _row(fact, "stated_share_change", fact["value"], None, tolerance, UNVERIFIABLE,
                    f"no {fact['baseline_period']} share is given; {text_points}", reading_points=text_points,
                    related=current["fact_id"])
    return _row(fact, "stated_share_change", fact["value"], None, tolerance, AMBIGUOUS,
                f"two readings, and no {fact['baseline_period']} share is given to choose between them",
                reading_points=text_points, reading_relative=text_relative, related=current["fact_id"])


# -- comparisons stated by two figures ------------------------------------------------------------------------

def _groups(facts: pd.DataFrame, key: list[str], repeated_only: bool = False):
    cols = [c for c in key if c in facts.columns]
    if repeated_only:  # a group of one row forms no pair: skipping them keeps the checks linear in rows
        facts = facts[facts.duplicated(cols, keep=False)]
    return facts.groupby(cols, sort=False, dropna=False)


def _level_facts(facts: pd.DataFrame) -> pd.DataFrame:
    return facts[facts["unit"].isin(["count", "amount", "percent"]) & (facts["relation"] != "share_of")]


def _pairs(facts: pd.DataFrame) -> list[tuple[pd.Series, pd.Series]]:
    """The same figure (metric, region, source file) in two periods: each earlier → later step."""
    pairs = []
    level = _level_facts(facts)
    key = [c for c in ("source_file", "region", "metric") if c in level.columns]
    # Only a figure given more than once can form a pair; skipping the rest keeps this linear in rows.
    repeated = level[level.duplicated(key, keep=False)]
    for _, group in _groups(repeated, ["source_file", "region", "metric"]):
        by_period = {}
        for p in dict.fromkeys(group["period"].astype(str)):
            by_period[p] = _precise_first(group[group["period"].astype(str) == p]).iloc[0]
        ordered = sorted(by_period, key=lambda p: (parse_period(p).end, parse_period(p).start))
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            pairs.append((by_period[earlier], by_period[later]))
    return pairs


def _paired_ids(facts: pd.DataFrame) -> set[str]:
    return {f["fact_id"] for pair in _pairs(facts) for f in pair}


def check_from_to(facts: pd.DataFrame) -> list[dict]:
    """A figure given for two periods ("с 25,7 % до 37,5 %"): the change, and the direction words against it."""
    rows = []
    for earlier, later in _pairs(facts):
        a, b = float(earlier["value"]), float(later["value"])
        data_dir = _direction_of(b, a)
        words = later["quote"] if later["quote"] == earlier["quote"] else later["quote"]
        stated_dir = direction_from_words(words) or ""
        share_pair = later["unit"] == "percent"
        relative = percent_change(b, a) if a else math.inf
        if share_pair:
            recomputed = b - a
            working = (f"{_g(a, 3)} % ({earlier['period']}) → {_g(b, 3)} % ({later['period']}): "
                       f"{recomputed:+.2f} percentage points, {relative:+.2f} % of the share")
        else:
            recomputed = relative
            working = (f"{_g(a)} ({earlier['period']}) → {_g(b)} ({later['period']}): {b - a:+,.0f}, "
                       f"({_g(b)} − {_g(a)}) / {_g(a)} × 100 = {relative:+.2f} %")
            span = _range_ratio(_interval(later), _interval(earlier))
            if not _exact(span):
                allowed = Interval((span.low - 1) * 100, (span.high - 1) * 100, True)
                working += f" (the figures' rounding and hedges allow {_span(allowed, 1, ' %')})"
        flags = []
        periods_differ = _periods_differ(earlier["period"], later["period"])
        if periods_differ:
            flags.append("periods_differ")
        if stated_dir and not _direction_verdict(stated_dir, data_dir):
            flags.append("direction_contradicted")
            verdict = INCONSISTENT
            working = f"the words say {_an(stated_dir)}, the figures show {_an(data_dir)}: " + working
        elif periods_differ and not share_pair:
            verdict = AMBIGUOUS
            ma, mb = _months(earlier["period"]), _months(later["period"])
            per_a, per_b = a / ma, b / mb
            working += (f"; periods of different length ({ma} against {mb} months): per month "
                        f"{_g(per_a, 1)} → {_g(per_b, 1)}, {percent_change(per_b, per_a):+.2f} %")
        elif stated_dir:
            verdict = CONSISTENT
            working += f"; the words say {_an(stated_dir)}, as the figures show"
        else:
            verdict = UNVERIFIABLE
            working += "; the text states no direction or size of this change beyond the two figures"
            if periods_differ:
                working += f" (periods of different length: {_months(earlier['period'])} against " \
                           f"{_months(later['period'])} months)"
        rows.append(_row(later, "from_to", b, recomputed, None, verdict, working, related=earlier["fact_id"],
                         direction=stated_dir, data_direction=data_dir, flags=flags,
                         headline=_is_headline(earlier, later),
                         reading_points=f"{b - a:+.2f} percentage points" if share_pair else "",
                         reading_relative=f"{relative:+.2f} %" if share_pair else ""))
        rows[-1]["baseline_period"] = str(earlier["period"])
    return rows


def _restated_ids(facts: pd.DataFrame) -> set[str]:
    ids = set()
    for _, group in _groups(facts[facts["relation"] != "change_of"], ["source_file", "region", "metric", "period"],
                            repeated_only=True):
        if len(group) > 1:
            ids |= set(_precise_first(group)["fact_id"].iloc[1:])
    return ids


def check_restated(facts: pd.DataFrame) -> list[dict]:
    """The same figure stated twice (a rounded or hedged headline and the body): the precise value must fit."""
    rows = []
    for _, group in _groups(facts, ["source_file", "region", "metric", "period", "baseline_period", "unit"],
                            repeated_only=True):
        if len(group) < 2:
            continue
        ordered = _precise_first(group)
        precise = ordered.iloc[0]
        for _, other in ordered.iloc[1:].iterrows():
            if (other["value_text"], other["qualifier"]) == (precise["value_text"], precise["qualifier"]):
                continue  # the same words twice (a headline repeating the body) cannot disagree
            tolerance = _interval(other)
            verdict = CONSISTENT if float(precise["value"]) in tolerance else INCONSISTENT
            rows.append(_row(other, "restated", other["value"], float(precise["value"]), tolerance, verdict,
                             f"'{other['value_text']}'{_hedge(other)} allows {_span(tolerance, 3)}; the same figure "
                             f"stated as '{precise['value_text']}'{_hedge(precise)} ({_g(precise['value'], 3)}) "
                             f"{'lies' if verdict == CONSISTENT else 'does not lie'} inside",
                             related=precise["fact_id"], fit="point" if verdict == CONSISTENT else "",
                             headline=_is_headline(other, precise)))
    return rows


def check_claims(facts: pd.DataFrame) -> pd.DataFrame:
    """Every check the facts table allows, the headline first."""
    if "source_file" not in facts.columns:
        facts = facts.assign(source_file="")
    rows = (check_stated_change(facts) + check_from_to(facts) + check_restated(facts) + check_stated_share(facts)
            + check_parts_add_up(facts))
    table = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    order = {t: i for i, t in enumerate(facts["theme"].drop_duplicates())}
    table["_headline_first"] = ~table["headline"].astype(bool)
    table["_theme_order"] = table["theme"].map(order)
    table = table.sort_values(["_headline_first", "_theme_order"], kind="stable")
    return table.drop(columns=["_headline_first", "_theme_order"]).reset_index(drop=True)


def implied_baseline_for(facts: pd.DataFrame, fact_id: str):
    """The implied baseline of one change_of fact (for notebooks that show it)."""
    by_id = _by_id(facts)
    fact = by_id.loc[fact_id]
    current = by_id.loc[fact["relates_to"]]
    return implied_baseline(float(current["value"]), float(fact["value"]), decimals_of(fact["value_text"]),
                            integer=current["unit"] == "count", current_interval=_interval(current),
                            change_interval=_interval(fact))
