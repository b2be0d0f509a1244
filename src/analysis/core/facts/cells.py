"""Checks of the cells of each row: required text, periods, relations to other rows, the value against its words.

Each walks the rows once over plain column lists (not a pandas row per row) and reads each distinct period,
number or quote once: a table repeats few of them, and the checks stay fast at any number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

from ...config import CHANGE_UNITS
from ...errors import PeriodError
from ..numbers import QUALIFIER_WORDS, SCALES, direction_from_words, normalize_text, read_number
from ..periods import parse_period
from .problems import problem


def memo(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``fn`` computed once per distinct argument, raising what it raised (a table repeats its texts)."""
    seen: dict[Hashable, tuple[bool, Any]] = {}

    def remembered(arg):
        if arg not in seen:
            try:
                seen[arg] = (True, fn(arg))
            except Exception as exc:  # noqa: BLE001 - re-raised below, each time the argument comes again
                seen[arg] = (False, exc)
        ok, result = seen[arg]
        if not ok:
            raise result
        return result

    return remembered


def columns(df: pd.DataFrame, *names: str) -> list[dict]:
    """The rows as dicts of ``names`` only, the table's values as Python objects."""
    lists = [df[name].tolist() for name in names]
    return [dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)]


def empty_problems(df: pd.DataFrame, required: tuple[str, ...]) -> list[str]:
    problems = []
    for column in required:
        if column in df.columns:
            for i in df.index[df[column].astype(str).str.strip() == ""]:
                problems.append(problem(df, i, column, "must not be empty", "required"))
    return problems


def period_problems(df: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """Check and normalise ``period``/``baseline_period``; the baseline must come before the period."""
    # Each distinct pair is read once: (its normal forms, what is wrong with it as (column, message, rule)).
    seen: dict[tuple, tuple] = {}
    read = []
    for pair in zip(df["period"].tolist(), df["baseline_period"].tolist(), strict=True):
        if (found := seen.get(pair)) is None:
            found = seen[pair] = _read_periods(*pair)
        read.append(found)
    problems = [problem(df, i, column, text, rule) for i, (_, wrong) in zip(df.index, read, strict=True)
                for column, text, rule in wrong]
    out = df.copy()
    for at, column in enumerate(("period", "baseline_period")):
        out[column] = pd.Series([normal[at] for normal, _ in read], index=df.index, dtype=object)
    return problems, out


def _read_periods(period, baseline) -> tuple[tuple, list[tuple[str, str, str]]]:
    found, normal, wrong = {}, {"period": period, "baseline_period": baseline}, []
    for column, written in normal.items():
        text = str(written).strip()
        if not text:
            continue
        try:
            found[column] = parse_period(text)
            normal[column] = str(found[column])
        except PeriodError as exc:
            wrong.append((column, str(exc), "period_form"))
    if len(found) == 2 and not found["baseline_period"].comes_before(found["period"]):
        wrong.append(("baseline_period", f"the baseline period {baseline!r} must come before the period "
                      f"{period!r}", "baseline_before_period"))
    return (normal["period"], normal["baseline_period"]), wrong


def relation_target_problems(df: pd.DataFrame) -> list[str]:
    """Each relation names an existing fact of a fitting unit; parts stay within their total."""
    problems = []
    rows = columns(df, "fact_id", "relation", "relates_to", "unit", "value")
    by_id: dict[str, dict] = {}
    for row in rows:
        by_id.setdefault(row["fact_id"], row)
    parts: dict[str, list[float]] = {}
    for i, row in zip(df.index, rows, strict=True):
        if row["relation"] == "part_of":
            parts.setdefault(row["relates_to"], []).append(row["value"])
        if not row["relation"] or not row["relates_to"]:
            continue  # a relation without its target is the rule relation_pair's
        target = row["relates_to"]
        if target not in by_id:
            problems.append(problem(df, i, "relates_to", f"no fact with fact_id {target!r}", "relates_to_exists"))
            continue
        parent = by_id[target]
        if row["relation"] == "part_of":
            if row["unit"] != parent["unit"]:
                problems.append(problem(df, i, "unit", f"a part must have the unit of its total ({parent['unit']!r})",
                                        "part_unit"))
            elif row["value"] > parent["value"]:
                problems.append(problem(df, i, "value", f"a part ({row['value']:g}) is larger than its total "
                                        f"{target!r} ({parent['value']:g})", "part_within_total"))
        elif row["relation"] == "share_of" and row["unit"] != "percent":
            problems.append(problem(df, i, "unit", "a share_of row must be in 'percent'", "share_unit"))
        elif row["relation"] == "change_of" and row["unit"] not in CHANGE_UNITS:
            problems.append(problem(df, i, "unit", f"a change_of row must be one of {', '.join(CHANGE_UNITS)}",
                                    "change_unit"))
    for target in sorted(parts):
        # Summed as the column would be (numpy's pairwise sum), so the message is the same at any size.
        added = float(np.asarray(parts[target], dtype=float).sum())
        if target in by_id and len(parts[target]) > 1 and added > by_id[target]["value"]:
            problems.append(f"parts of {target!r} add up to {added:g}, more than the total "
                            f"{by_id[target]['value']:g} (rule parts_within_total)")
    return problems


def value_text_problems(df: pd.DataFrame) -> list[str]:
    """``value`` is ``value_text`` at full size; scale, hedge and direction agree with the words printed."""
    problems = []
    read = memo(read_number)
    said_in = memo(direction_from_words)
    words_of = memo(lambda quote: " " + " ".join(normalize_text(quote).lower().replace("(", " ").split()) + " ")
    rows = columns(df, "value", "value_text", "scale", "qualifier", "direction", "quote")
    for i, row in zip(df.index, rows, strict=True):
        try:
            reading = read(row["value_text"])
        except ValueError:
            problems.append(problem(df, i, "value_text", f"{row['value_text']!r} is not a number as the source "
                                    "writes it (e.g. '47 434', '9,4', '4 447-сі', '4,5 тыс.', 'екі')",
                                    "value_text_number"))
            continue
        if reading.scale and reading.scale != row["scale"]:
            problems.append(problem(df, i, "scale", f"value_text {row['value_text']!r} says {reading.scale!r}, "
                                    f"got {row['scale']!r}", "scale_word"))
        full = reading.printed * SCALES.get(row["scale"], 1)
        if abs(full - abs(row["value"])) > 1e-9 * max(1.0, full):
            problems.append(problem(df, i, "value", f"{row['value']:g} does not match value_text "
                                    f"{row['value_text']!r} at scale {row['scale'] or 'none'!r} ({full:g})",
                                    "value_matches_text"))
        if row["qualifier"]:
            words = QUALIFIER_WORDS[row["qualifier"]]
            quote = words_of(row["quote"])
            if not any(f" {w} " in quote or f" {w}" in quote for w in words):
                problems.append(problem(df, i, "qualifier", f"the quote has no word for {row['qualifier']!r} "
                                        f"(one of {', '.join(words)})", "qualifier_words"))
        if row["direction"]:
            said = said_in(row["quote"])
            if said is not None and said != row["direction"]:
                problems.append(problem(df, i, "direction", f"the quote's words say {said!r}, got "
                                        f"{row['direction']!r}", "direction_words"))
    return problems
