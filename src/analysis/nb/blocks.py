"""The relations a theme's facts hold, as data frames a chapter can show: parts of totals, one metric in two
periods, the figures nothing else explains. A chapter notebook picks what it shows from these; none of them
knows a metric of any one briefing.
"""

from __future__ import annotations

import pandas as pd


def _period_column(facts: pd.DataFrame) -> str:
    return "period" if "period" in facts.columns else "year"


def in_period(facts: pd.DataFrame, period) -> pd.DataFrame:
    """The rows of ``facts`` that belong to ``period``."""
    column = _period_column(facts)
    return facts[facts[column].astype(str) == str(period)]


def totals_with_parts(facts: pd.DataFrame) -> list[tuple[pd.Series, pd.DataFrame]]:
    """Each total that the facts break into parts, with its parts (in the order the briefing gives them)."""
    parts = facts[facts["relation"] == "part_of"]
    by_id = facts.set_index("fact_id", drop=False)
    found = []
    for total_id in dict.fromkeys(parts["relates_to"]):
        if total_id in by_id.index:
            found.append((by_id.loc[total_id], parts[parts["relates_to"] == total_id]))
    return found


def period_pairs(facts: pd.DataFrame, period, baseline_period) -> pd.DataFrame:
    """Counts the facts give for both periods: one row per metric, with ``before`` and ``now``."""
    counts = facts[facts["unit"] == "count"]
    now = in_period(counts, period).drop_duplicates("metric").set_index("metric")
    before = in_period(counts, baseline_period).drop_duplicates("metric").set_index("metric")
    metrics = [m for m in now.index if m in before.index]
    return pd.DataFrame({
        "metric": metrics,
        "label": [now.at[m, "label"] for m in metrics] if "label" in now.columns else metrics,
        "short": [now.at[m, "short"] for m in metrics] if "short" in now.columns else metrics,
        "before": [float(before.at[m, "value"]) for m in metrics],
        "now": [float(now.at[m, "value"]) for m in metrics],
        "fact_ids": [f"{before.at[m, 'fact_id']}, {now.at[m, 'fact_id']}" for m in metrics],
    })


# Up to this many counts that no relation explains are said in sentences: a handful reads better than a chart.
MAX_COUNTS_IN_WORDS = 3


def standalone_counts(facts: pd.DataFrame, period, shown: set[str]) -> pd.DataFrame:
    """Counts of ``period`` that are no total, part or pair already ``shown`` (fact ids)."""
    counts = in_period(facts[facts["unit"] == "count"], period)
    return counts[~counts["fact_id"].isin(shown)]
