"""Loading the facts table and checking it against the schema before anything uses it."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..config import RELATIONS, UNITS, resolve_path
from ..errors import FactsFileError, FactsValidationError
from .numbers import parse_number

COLUMNS = (
    "fact_id", "source_id", "theme", "metric", "region", "year", "baseline_year",
    "value", "value_text", "unit", "relation", "relates_to", "quote", "note",
)
REQUIRED_TEXT = ("fact_id", "source_id", "theme", "metric", "region", "value_text", "unit", "quote")

FACTS_SCHEMA = pa.DataFrameSchema(
    {
        "fact_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9_-]*$"), unique=True),
        "source_id": pa.Column(str),
        "theme": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
        "metric": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
        "region": pa.Column(str),
        "year": pa.Column("Int64", pa.Check.in_range(1900, 2100)),
        "baseline_year": pa.Column("Int64", pa.Check.in_range(1900, 2100), nullable=True),
        "value": pa.Column(float),
        "value_text": pa.Column(str),
        "unit": pa.Column(str, pa.Check.isin(UNITS)),
        "relation": pa.Column(str, pa.Check.isin(RELATIONS)),
        "relates_to": pa.Column(str),
        "quote": pa.Column(str),
        "note": pa.Column(str),
    },
    strict=True,
    ordered=False,
    coerce=True,
)

# Rules across columns, checked once every column has its type (a failed coercion would otherwise
# make them fail for the whole table and bury the real message).
ROW_RULES = pa.DataFrameSchema(
    checks=[
        pa.Check(lambda df: (df["unit"] != "count") | (df["value"] >= 0),
                 error="a count is never negative", name="non_negative_count"),
        pa.Check(lambda df: (df["unit"] != "count") | (df["value"] % 1 == 0),
                 error="a count is a whole number", name="whole_count"),
        pa.Check(lambda df: (df["unit"] != "percent") | df["value"].between(0, 100),
                 error="a percent share lies between 0 and 100", name="share_in_range"),
        pa.Check(lambda df: (df["relation"] == "") == (df["relates_to"] == ""),
                 error="'relation' and 'relates_to' are given together or not at all", name="relation_pair"),
        pa.Check(lambda df: df["baseline_year"].isna() | (df["baseline_year"] < df["year"]),
                 error="'baseline_year' comes before 'year'", name="baseline_before_year"),
    ],
)


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise FactsFileError(f"{path}: facts file not found (expected a CSV file; see data/facts/)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactsFileError(f"{path}: not UTF-8 text (byte {exc.start}); save the facts file as UTF-8") from exc
    if not text.strip():
        raise FactsFileError(f"{path}: the facts file is empty; expected a header row and one row per figure")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[])
    except (pd.errors.ParserError, csv.Error) as exc:
        raise FactsFileError(f"{path}: not a valid CSV file ({exc})") from exc
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise FactsValidationError(path, [f"missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}"])
    unknown = [c for c in df.columns if c not in COLUMNS]
    if unknown:
        raise FactsValidationError(path, [f"unknown column(s) {', '.join(map(str, unknown))}; "
                                          f"expected only {', '.join(COLUMNS)}"])
    if df.empty:
        raise FactsFileError(f"{path}: the facts file has a header but no rows; expected one row per figure")
    return df


def _row_label(df: pd.DataFrame, index) -> str:
    # Row numbers as a spreadsheet shows them: the header is row 1.
    try:
        i = int(index)
    except (TypeError, ValueError):
        return "the table"
    fid = df.at[i, "fact_id"] if "fact_id" in df.columns and i in df.index else ""
    return f"row {i + 2}" + (f" (fact_id {fid!r})" if fid else "")


def _schema_problems(df: pd.DataFrame, exc: pa.errors.SchemaErrors) -> list[str]:
    problems = []
    cases = exc.failure_cases.sort_values("index", na_position="first", kind="stable")
    for case in cases.itertuples(index=False):
        column = case.column if isinstance(case.column, str) and case.column != "None" else None
        check = str(case.check)
        if check.startswith("dtype("):
            continue  # the failed coercion of the same cell already says what was expected
        where = _row_label(df, case.index)
        if column and column in df.columns and case.index is not None and check != "column_in_dataframe":
            problems.append(f"{where}, column {column!r}: {_explain(check)}, got {case.failure_case!r}")
        else:
            problems.append(f"{where}: {_explain(check)}")
    return list(dict.fromkeys(problems))


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
    if check.startswith("in_range("):
        return f"expected a year in range {check[len('in_range('):-1]}"
    return explanations.get(check, check)


def _relation_problems(df: pd.DataFrame) -> list[str]:
    problems = []
    by_id = df.set_index("fact_id")
    for i, row in df.iterrows():
        if not row["relation"]:
            continue
        where = _row_label(df, i)
        target = row["relates_to"]
        if target not in by_id.index:
            problems.append(f"{where}, column 'relates_to': no fact with fact_id {target!r}")
            continue
        parent = by_id.loc[target]
        if row["relation"] == "part_of":
            if row["unit"] != parent["unit"]:
                problems.append(f"{where}: a part must have the unit of its total ({parent['unit']!r})")
            elif row["value"] > parent["value"]:
                problems.append(f"{where}, column 'value': a part ({row['value']:g}) is larger than its total "
                                f"{target!r} ({parent['value']:g})")
        elif row["relation"] == "share_of" and row["unit"] != "percent":
            problems.append(f"{where}, column 'unit': a share_of row must be in 'percent'")
        elif row["relation"] == "change_of" and row["unit"] not in ("percent_change", "fold"):
            problems.append(f"{where}, column 'unit': a change_of row must be 'percent_change' or 'fold'")
    for target, group in df[df["relation"] == "part_of"].groupby("relates_to"):
        if target in by_id.index and len(group) > 1 and group["value"].sum() > by_id.loc[target, "value"]:
            problems.append(f"parts of {target!r} add up to {group['value'].sum():g}, more than the total "
                            f"{by_id.loc[target, 'value']:g}")
    return problems


def _value_text_problems(df: pd.DataFrame) -> list[str]:
    problems = []
    for i, row in df.iterrows():
        try:
            parsed = parse_number(row["value_text"])
        except ValueError:
            problems.append(f"{_row_label(df, i)}, column 'value_text': {row['value_text']!r} is not a number "
                            "as the source writes it (e.g. '47 434', '9,4', '4 447-сі')")
            continue
        if abs(parsed - abs(row["value"])) > 1e-9:
            problems.append(f"{_row_label(df, i)}, column 'value': {row['value']:g} does not match "
                            f"value_text {row['value_text']!r}")
        if row["value_text"] not in row["quote"]:
            problems.append(f"{_row_label(df, i)}, column 'quote': does not contain value_text "
                            f"{row['value_text']!r}")
    return problems


def validate_facts(df: pd.DataFrame, path: str | os.PathLike = "<facts>") -> pd.DataFrame:
    """Check a facts table read as text; return it typed, or raise FactsValidationError naming every problem."""
    for column in REQUIRED_TEXT:
        if column in df.columns:
            for i in df.index[df[column].astype(str).str.strip() == ""]:
                raise FactsValidationError(path, [f"{_row_label(df, i)}, column {column!r}: must not be empty"])
    typed = df.copy()
    typed["baseline_year"] = typed["baseline_year"].replace("", None)
    try:
        typed = FACTS_SCHEMA.validate(typed, lazy=True)
        typed = ROW_RULES.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise FactsValidationError(path, _schema_problems(df, exc)) from None
    problems = _relation_problems(typed) + _value_text_problems(typed)
    if problems:
        raise FactsValidationError(path, problems)
    return typed


def load_facts(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> pd.DataFrame:
    """Read and validate one or more facts files into one table.

    Each file is validated alone (so a message names its file and row), then together (ids stay unique).
    A ``source_file`` column records which file each row came from.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    frames = []
    for p in paths:
        path = resolve_path(p)
        frame = validate_facts(_read_csv(path), path)
        frames.append(frame.assign(source_file=path.name))
    if not frames:
        raise FactsFileError("no facts file given; expected at least one CSV file")
    facts = pd.concat(frames, ignore_index=True)
    dupes = facts.loc[facts["fact_id"].duplicated(), "fact_id"].tolist()
    if dupes:
        raise FactsValidationError(", ".join(str(p) for p in paths),
                                   [f"fact_id {d!r} appears in more than one file" for d in dupes])
    return facts


def find_fact(facts: pd.DataFrame, metric: str, year: int | None = None, region: str | None = None):
    """The one row for ``metric`` (in ``year`` and ``region`` when given), or None when the data lacks it."""
    rows = facts[facts["metric"] == metric]
    if year is not None:
        rows = rows[rows["year"] == year]
    if region is not None:
        rows = rows[rows["region"].str.casefold() == region.casefold()]
    return None if rows.empty else rows.iloc[0]


def fact_value(facts: pd.DataFrame, metric: str, year: int | None = None, region: str | None = None):
    """The value of ``metric`` or None when the data lacks it."""
    row = find_fact(facts, metric, year, region)
    return None if row is None else float(row["value"])
