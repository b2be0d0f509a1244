"""Finding a figure in a loaded facts table: by metric, period and region, the most precise statement first."""

from __future__ import annotations

import pandas as pd

from ...errors import PeriodError
from ..numbers import read_number
from ..periods import normalize_period


def _period_key(period) -> str | None:
    if period is None:
        return None
    try:
        return normalize_period(period)
    except PeriodError:
        return str(period)


def find_fact(facts: pd.DataFrame, metric: str, period=None, region: str | None = None):
    """The row for ``metric`` (in ``period`` and ``region`` when given), or None when the data lacks it.

    When the text states the same figure twice (a rounded or hedged headline and the body's exact figure), the
    most precise row is returned: one without a hedge, then the one printed with more decimals.
    """
    rows = facts[facts["metric"] == metric]
    key = _period_key(period)
    if key is not None:
        rows = rows[rows["period"].astype(str) == key]
    if region is not None:
        rows = rows[rows["region"].str.casefold() == region.casefold()]
    if rows.empty:
        return None
    if len(rows) > 1:
        hedged = rows["qualifier"].ne("") if "qualifier" in rows else pd.Series(False, index=rows.index)
        decimals = rows["value_text"].map(lambda t: -_decimals(t))
        order = pd.DataFrame({"h": hedged, "d": decimals}).sort_values(["h", "d"], kind="stable").index
        rows = rows.loc[order]
    return rows.iloc[0]


def _decimals(text: str) -> int:
    try:
        return read_number(text).decimals
    except ValueError:
        return 0


def fact_value(facts: pd.DataFrame, metric: str, period=None, region: str | None = None):
    """The value of ``metric`` or None when the data lacks it."""
    row = find_fact(facts, metric, period, region)
    return None if row is None else float(row["value"])
