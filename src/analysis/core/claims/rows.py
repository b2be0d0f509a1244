"""One row of the claims table: its columns, its verdicts, and the English of its arithmetic."""

from __future__ import annotations

import math

from ..numbers import Interval

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


def num(x: float, digits: int = 2) -> str:
    """A number for the working: thousands separated, at most ``digits`` decimals, no trailing zeros."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "?"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".") if x % 1 else f"{x:,.0f}"


def span_text(interval: Interval, digits: int = 2, unit: str = "") -> str:
    """What an interval allows, in words when it is open on one side."""
    close = "]" if interval.high_closed else ")"
    if interval.low == interval.high:
        return f"exactly {num(interval.low, digits)}{unit}"
    if math.isinf(interval.high):
        return f"{num(interval.low, digits)}{unit} or more"
    if math.isinf(interval.low):
        return f"{'up to' if interval.high_closed else 'less than'} {num(interval.high, digits)}{unit}"
    return f"[{num(interval.low, digits)}{unit}, {num(interval.high, digits)}{unit}{close}"


def direction_text(word: str) -> str:
    """``an increase``, ``a decrease``, ``no change``."""
    if word == "none":
        return "no change"
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def contradiction(stated: str, data: str) -> str:
    """The opening of a working where the text and the figures point different ways."""
    return f"the text says {direction_text(stated)}, the figures show {direction_text(data)}: "


def hedge_text(fact) -> str:
    """`` (over)``, `` (at least)``: the hedge of a figure after its words, or nothing."""
    return f" ({fact['qualifier'].replace('_', ' ')})" if fact.get("qualifier") else ""


def is_headline(*facts) -> bool:
    return any(str(f.get("headline", "")) == "yes" for f in facts if f is not None)


def claim_row(fact, check: str, stated, recomputed, tolerance: Interval | None, verdict: str, arithmetic: str,
              **extra) -> dict:
    """The row of ``check`` on ``fact``; ``extra`` fills the columns a check has something to say in."""
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
        "headline": bool(extra.get("headline", is_headline(fact))),
        "period": str(fact.get("period", "")),
        "baseline_period": str(fact.get("baseline_period", "")),
        "related_fact_id": extra.get("related", ""),
        "direction": extra.get("direction", str(fact.get("direction", ""))),
        "data_direction": extra.get("data_direction", ""),
        "fit": extra.get("fit", ""),
        "flags": ",".join(extra.get("flags", ())),
        "candidates": extra.get("candidates"),
    }
