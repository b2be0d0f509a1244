"""Rules of the facts table beyond its schema: what passes the column types but would break a check later.

Two passes, each returning one message per problem that names the row, the column and the rule:

- :func:`text_problems` on the table as read (all text): control characters, numbers written in a form a person
  would not read as that number (``0_5``, ``inf``, ``1e308``);
- :func:`relation_problems` on the typed table: relations to the fact itself or in a cycle, totals and baselines
  of 0, changes of -100 % or less, folds that are not positive.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from .numbers import decimals_of
from .sources import SOURCE_ID
from .text_safety import truncate

# Larger than any count or percentage a briefing states; beyond it arithmetic on the value loses its meaning.
MAX_MAGNITUDE = 1e12
# Plain decimal notation: digits, an optional point and fraction, an optional sign. No "_", no exponent, no
# "inf" or "nan", nothing a spreadsheet would show differently from what Python reads.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_WHOLE = re.compile(r"[0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NUMBER_COLUMNS = {"value": _DECIMAL}
# The column a rule across columns is about (by its name or its error text): a failure names that column only.
RULE_COLUMNS = {
    "non_negative_count": "value", "a count is never negative": "value",
    "whole_count": "value", "a count is a whole number": "value",
    "share_in_range": "value", "a percent share lies between 0 and 100": "value",
    "relation_pair": "relates_to", "'relation' and 'relates_to' are given together or not at all": "relates_to",
    "baseline_before_period": "baseline_period",
}


def row_label(df: pd.DataFrame, i) -> str:
    """``row 5 (fact_id 'x')``: row numbers as a spreadsheet shows them (the header is row 1)."""
    fid = df.at[i, "fact_id"] if "fact_id" in df.columns else ""
    return f"row {int(i) + 2}" + (f" (fact_id {truncate(repr(str(fid)), 60)})" if fid else "")


def text_problems(df: pd.DataFrame) -> list[str]:
    """Problems of the cells as written: control characters anywhere, numbers not in plain decimal notation."""
    problems = []
    for column in df.columns:
        values = df[column].astype(str)
        # One scan of the column joined by a character the pattern does not match; cell by cell only if it hits.
        if not _CONTROL.search("\n".join(values.tolist())):
            continue
        bad = values.str.contains(_CONTROL, regex=True)
        for i in df.index[bad]:
            char = _CONTROL.search(values[i]).group()
            problems.append(f"{row_label(df, i)}, column {column!r}: contains the control character "
                            f"U+{ord(char):04X}; remove it (rule control_character)")
    if "source_id" in df.columns:
        for i in df.index[~df["source_id"].astype(str).str.fullmatch(SOURCE_ID.pattern.strip("^$"))]:
            problems.append(f"{row_label(df, i)}, column 'source_id': expected an id of lower-case letters, digits "
                            f"and hyphens (the name of a record in data/raw), got "
                            f"{truncate(repr(str(df.at[i, 'source_id'])), 60)} (rule source_id_form)")
    for column, pattern in NUMBER_COLUMNS.items():
        if column not in df.columns:
            continue
        values = df[column].astype(str).str.strip()
        plain = values.eq("") | values.str.fullmatch(pattern.pattern)
        for i, text in zip(df.index[~plain], values[~plain], strict=True):
            if _number_expectation(column, text) in ("expected a number", "expected a whole number"):
                continue  # not a number at all: the schema's type check says so
            problems.append(f"{row_label(df, i)}, column {column!r}: {_number_expectation(column, text)}, "
                            f"got {truncate(repr(text), 40)} (rule plain_number)")
    return problems


def _number_expectation(column: str, text: str) -> str:
    if column != "value":
        return "expected a whole number"
    try:
        number = float(text)
    except ValueError:
        return "expected a number"
    if not math.isfinite(number):
        return "expected a finite number"
    return "expected a number in plain decimal notation (digits and '.', no '_' or exponent)"


def relation_problems(df: pd.DataFrame) -> list[str]:
    """Problems of the typed table that make a claim check divide by zero, loop or compare with nothing."""
    problems = []
    ids = dict(zip(df["fact_id"].tolist(), df.index, strict=True))
    for i in df.index[df["value"].abs() > MAX_MAGNITUDE]:
        problems.append(f"{row_label(df, i)}, column 'value': expected a magnitude below {MAX_MAGNITUDE:g}, "
                        f"got {df.at[i, 'value']:g} (rule magnitude)")
    for i in df.index[(df["relates_to"] != "") & (df["relates_to"] == df["fact_id"])]:
        problems.append(f"{row_label(df, i)}, column 'relates_to': a fact cannot relate to itself (rule self_relation)")
    problems += _cycle_problems(df, ids)
    change = df["relation"] == "change_of"
    percent = df.loc[change & (df["unit"] == "percent_change"), ["value", "value_text"]]
    for i, value, text in zip(percent.index, percent["value"].tolist(), percent["value_text"].tolist(), strict=True):
        # The change as printed stands for an interval; none of it may reach -100 %.
        if value - 0.5 * 10 ** -decimals_of(str(text)) <= -100:
            problems.append(f"{row_label(df, i)}, column 'value': a change of -100 % or less leaves nothing to "
                            f"compare with, got {value:g} (rule change_above_minus_100)")
    for i in df.index[change & (df["unit"] == "fold") & (df["value"] == 0)]:
        problems.append(f"{row_label(df, i)}, column 'value': an N-fold change is not 0 (rule fold_not_zero)")
    totals = set(df.loc[df["relation"].isin(["part_of"]), "relates_to"])
    for i in df.index[df["fact_id"].isin(totals) & (df["value"] == 0)]:
        problems.append(f"{row_label(df, i)}, column 'value': a total of 0 leaves the shares of its parts "
                        "undefined (rule total_not_zero)")
    by_key = {(m, r, str(p)): i for i, m, r, p in zip(df.index, df["metric"].tolist(), df["region"].tolist(),
                                                         df["period"].tolist(), strict=True)}
    # Plain dicts by row, not a pandas row per change: constant time per change at any number of rows.
    metric, region, value = (dict(zip(df.index, df[c].tolist(), strict=True)) for c in ("metric", "region", "value"))
    changes = df.loc[change, ["fact_id", "unit", "relates_to", "baseline_period"]]
    for fact_id, unit, relates_to, base_period in zip(*(changes[c].tolist() for c in changes), strict=True):
        target = ids.get(relates_to)
        if target is None:
            continue
        base_period = str(base_period or "")
        base = by_key.get((metric[target], region[target], base_period)) if base_period else None
        if base is not None and value[base] == 0:
            problems.append(f"{row_label(df, base)}, column 'value': a baseline of 0 leaves the change "
                            f"{fact_id!r} from it undefined (rule baseline_not_zero)")
        if unit == "fold" and value[target] == 0:
            problems.append(f"{row_label(df, target)}, column 'value': a value of 0 leaves the N-fold change "
                            f"{fact_id!r} undefined (rule fold_base_not_zero)")
    return list(dict.fromkeys(problems))


def _cycle_problems(df: pd.DataFrame, ids: dict) -> list[str]:
    """Relations that lead back to where they started (``a`` part of ``b``, ``b`` part of ``a``)."""
    nxt = {f: t for f, t in zip(df["fact_id"].tolist(), df["relates_to"].tolist(), strict=True)
           if t and t != f and t in ids}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    problems = []
    for start in nxt:
        path = []
        node = start
        while node in nxt and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = nxt[node]
        if state.get(node) == 1:
            cycle = path[path.index(node):]
            shown = " -> ".join(cycle + [node])
            problems.append(f"{row_label(df, ids[node])}, column 'relates_to': the relations form a cycle "
                            f"({truncate(shown, 120)}) (rule relation_cycle)")
        for n in path:
            state[n] = 2
    return problems
