"""How a problem of a facts file is worded: the row as a spreadsheet counts it, the column, the rule."""

from __future__ import annotations

import pandas as pd


def row_label(df: pd.DataFrame, index) -> str:
    # Row numbers as a spreadsheet shows them: the header is row 1.
    try:
        i = int(index)
    except (TypeError, ValueError):
        return "the table"
    fid = df.at[i, "fact_id"] if "fact_id" in df.columns and i in df.index else ""
    return f"row {i + 2}" + (f" (fact_id {fid!r})" if fid else "")


def problem(df: pd.DataFrame, index, column: str | None, text: str, rule: str) -> str:
    where = row_label(df, index)
    return f"{where}, column {column!r}: {text} (rule {rule})" if column else f"{where}: {text} (rule {rule})"


def plain(value):
    """A cell as the file writes it (``-197`` rather than ``np.float64(-197.0)``)."""
    if isinstance(value, float) or hasattr(value, "item"):
        value = value.item() if hasattr(value, "item") else value
        if isinstance(value, float):
            return f"{value:g}"
    return value
