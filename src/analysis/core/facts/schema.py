"""The columns of a facts table, their types and vocabularies, and the rules each row must keep."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from ...config import CHANGE_UNITS, DIRECTIONS, RELATIONS, UNITS
from ..numbers import QUALIFIERS, SCALES
from .problems import plain, problem

COLUMNS = (
    "fact_id", "source_id", "theme", "metric", "region", "period", "baseline_period", "value", "value_text",
    "scale", "qualifier", "unit", "direction", "relation", "relates_to", "headline", "quote", "note",
)
REQUIRED_TEXT = ("fact_id", "source_id", "theme", "metric", "region", "period", "value_text", "unit", "quote")
HEADLINE = ("", "yes")
SNAKE = r"^[a-z][a-z0-9_]*$"

FACTS_SCHEMA = pa.DataFrameSchema(
    {
        "fact_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9_-]*$"), unique=True),
        "source_id": pa.Column(str),
        "theme": pa.Column(str, pa.Check.str_matches(SNAKE)),
        "metric": pa.Column(str, pa.Check.str_matches(SNAKE)),
        "region": pa.Column(str),
        "period": pa.Column(str),
        "baseline_period": pa.Column(str),
        "value": pa.Column(float),
        "value_text": pa.Column(str),
        "scale": pa.Column(str, pa.Check.isin(tuple(SCALES))),
        "qualifier": pa.Column(str, pa.Check.isin(QUALIFIERS)),
        "unit": pa.Column(str, pa.Check.isin(UNITS)),
        "direction": pa.Column(str, pa.Check.isin(DIRECTIONS)),
        "relation": pa.Column(str, pa.Check.isin(RELATIONS)),
        "relates_to": pa.Column(str),
        "headline": pa.Column(str, pa.Check.isin(HEADLINE)),
        "quote": pa.Column(str),
        "note": pa.Column(str),
    },
    strict=True,
    ordered=False,
    coerce=True,
)


@dataclass(frozen=True)
class RowRule:
    """A rule on each row of the typed table: where ``ok`` is False, the row breaks it."""

    name: str
    column: str
    message: str
    ok: Callable[[pd.DataFrame], pd.Series]


_CHANGE = list(CHANGE_UNITS)
_SIGNED = ["percent_change", "pp_change", "abs_change"]

ROW_RULES = (
    RowRule("non_negative_count", "value", "a count or amount is never negative",
            lambda df: ~df["unit"].isin(["count", "amount"]) | (df["value"] >= 0)),
    RowRule("whole_count", "value", "a count is a whole number",
            lambda df: (df["unit"] != "count") | (df["value"] % 1 == 0)),
    RowRule("share_in_range", "value", "a percent share lies between 0 and 100",
            lambda df: (df["unit"] != "percent") | df["value"].between(0, 100)),
    RowRule("relation_pair", "relates_to", "'relation' and 'relates_to' are given together or not at all",
            lambda df: (df["relation"] == "") == (df["relates_to"] == "")),
    RowRule("change_has_direction", "direction", "a stated change (fold, percent_change, pp_change, abs_change) "
            "names its direction: increase or decrease",
            lambda df: ~df["unit"].isin(_CHANGE) | (df["direction"] != "")),
    RowRule("direction_only_for_changes", "direction", "only a stated change has a direction",
            lambda df: df["unit"].isin(_CHANGE) | (df["direction"] == "")),
    RowRule("change_sign", "value", "a stated fall is negative and a rise positive, as its direction says",
            lambda df: ~df["unit"].isin(_SIGNED) | (df["direction"] == "")
            | ((df["direction"] == "decrease") == (df["value"] < 0))),
    RowRule("fold_positive", "value", "a fold is a positive ratio; its direction says rise or fall",
            lambda df: (df["unit"] != "fold") | (df["value"] > 0)),
    RowRule("change_has_baseline", "baseline_period", "a stated change names the period it compares with",
            lambda df: ~df["unit"].isin(_CHANGE) | (df["baseline_period"] != "")),
)


def row_rule_problems(df: pd.DataFrame) -> list[str]:
    problems = []
    for rule in ROW_RULES:
        ok = rule.ok(df).fillna(False).astype(bool)
        for i in df.index[~ok]:
            problems.append(problem(df, i, rule.column, f"{rule.message}, got {plain(df.at[i, rule.column])!r}",
                                    rule.name))
    return problems


def schema_problems(df: pd.DataFrame, exc: pa.errors.SchemaErrors) -> list[str]:
    """What pandera found, one message per cell in the words of the other rules."""
    problems = []
    cases = exc.failure_cases.sort_values("index", na_position="first", kind="stable")
    for case in cases.itertuples(index=False):
        column = case.column if isinstance(case.column, str) and case.column != "None" else None
        check = str(case.check)
        if check.startswith("dtype("):
            continue  # the failed coercion of the same cell already says what was expected
        if column and column in df.columns and case.index is not None and check != "column_in_dataframe":
            problems.append(problem(df, case.index, column, f"{_explain(check)}, got {case.failure_case!r}",
                                    _rule_name(check)))
        else:
            problems.append(problem(df, case.index, None, _explain(check), _rule_name(check)))
    return list(dict.fromkeys(problems))


def _rule_name(check: str) -> str:
    return check.split("(")[0] or check


def _explain(check: str) -> str:
    explanations = {
        "field_uniqueness": "must be unique (this fact_id is used more than once)",
        "not_nullable": "must not be empty",
    }
    if check.startswith("coerce_dtype("):
        return f"expected {'a whole number' if 'Int64' in check else 'a number'}"
    if check.startswith("isin("):
        return f"expected one of {check[len('isin('):-1]}"
    if check.startswith("str_matches("):
        return "expected lower-case letters, digits, '_' or '-'"
    return explanations.get(check, check)
