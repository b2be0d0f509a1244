"""Loading the facts table and checking it, with its provenance, before anything uses it.

A facts file is checked in three passes and every problem of every pass is reported together, each naming the
file, the row (as a spreadsheet counts it: the header is row 1), the column and the rule:

1. column types and vocabularies (:data:`FACTS_SCHEMA`);
2. rules within a row and across rows (:data:`ROW_RULES`, relations, value against ``value_text``);
3. provenance (:func:`provenance_problems`): each ``source_id`` resolves to a raw file and its record, the
   record's sha256 matches the file, each quote occurs in the raw text and each ``value_text`` in its quote, after
   Unicode (NFC) and whitespace normalisation (no-break spaces count as spaces).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..config import CHANGE_UNITS, DIRECTIONS, RAW_DIR, RELATIONS, UNITS, resolve_path
from ..errors import FactsFileError, FactsValidationError, PeriodError, SourceRecordError
from .fact_rules import relation_problems, text_problems
from .numbers import (
    QUALIFIER_WORDS,
    QUALIFIERS,
    SCALES,
    direction_from_words,
    normalize_text,
    read_number,
)
from .periods import normalize_period, parse_period
from .sources import read_record

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
        old = " (the schema now has 'period'/'baseline_period' instead of 'year'/'baseline_year'; see the README)" \
            if "year" in df.columns else ""
        raise FactsValidationError(path, [f"missing column(s) {', '.join(missing)}; expected "
                                          f"{', '.join(COLUMNS)}{old}"])
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


def _problem(df: pd.DataFrame, index, column: str | None, text: str, rule: str) -> str:
    where = _row_label(df, index)
    return f"{where}, column {column!r}: {text} (rule {rule})" if column else f"{where}: {text} (rule {rule})"


def _schema_problems(df: pd.DataFrame, exc: pa.errors.SchemaErrors) -> list[str]:
    problems = []
    cases = exc.failure_cases.sort_values("index", na_position="first", kind="stable")
    for case in cases.itertuples(index=False):
        column = case.column if isinstance(case.column, str) and case.column != "None" else None
        check = str(case.check)
        if check.startswith("dtype("):
            continue  # the failed coercion of the same cell already says what was expected
        if column and column in df.columns and case.index is not None and check != "column_in_dataframe":
            problems.append(_problem(df, case.index, column, f"{_explain(check)}, got {case.failure_case!r}",
                                     _rule_name(check)))
        else:
            problems.append(_problem(df, case.index, None, _explain(check), _rule_name(check)))
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


def _empty_problems(df: pd.DataFrame) -> list[str]:
    problems = []
    for column in REQUIRED_TEXT:
        if column in df.columns:
            for i in df.index[df[column].astype(str).str.strip() == ""]:
                problems.append(_problem(df, i, column, "must not be empty", "required"))
    return problems


def _period_problems(df: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """Check and normalise ``period``/``baseline_period``; the baseline must come before the period."""
    problems = []
    out = df.copy()
    for i, row in df.iterrows():
        parsed = {}
        for column in ("period", "baseline_period"):
            text = str(row[column]).strip()
            if not text:
                continue
            try:
                parsed[column] = parse_period(text)
                out.at[i, column] = str(parsed[column])
            except PeriodError as exc:
                problems.append(_problem(df, i, column, str(exc), "period_form"))
        if len(parsed) == 2 and not parsed["baseline_period"].comes_before(parsed["period"]):
            problems.append(_problem(df, i, "baseline_period", f"the baseline period {row['baseline_period']!r} "
                                     f"must come before the period {row['period']!r}", "baseline_before_period"))
    return problems, out


def _plain(value):
    """A cell as the file writes it (``-197`` rather than ``np.float64(-197.0)``)."""
    if isinstance(value, float) or hasattr(value, "item"):
        value = value.item() if hasattr(value, "item") else value
        if isinstance(value, float):
            return f"{value:g}"
    return value


def _row_rule_problems(df: pd.DataFrame) -> list[str]:
    problems = []
    for rule in ROW_RULES:
        ok = rule.ok(df).fillna(False).astype(bool)
        for i in df.index[~ok]:
            problems.append(_problem(df, i, rule.column, f"{rule.message}, got {_plain(df.at[i, rule.column])!r}",
                                     rule.name))
    return problems


def _relation_problems(df: pd.DataFrame) -> list[str]:
    problems = []
    # Plain dicts by id: a lookup per relation stays constant-time at any number of rows.
    by_id = {r["fact_id"]: r for r in df.drop_duplicates("fact_id").to_dict("records")}
    for i, row in zip(df.index, df.to_dict("records"), strict=True):
        if not row["relation"] or not row["relates_to"]:
            continue  # a relation without its target is the rule relation_pair's
        target = row["relates_to"]
        if target not in by_id:
            problems.append(_problem(df, i, "relates_to", f"no fact with fact_id {target!r}", "relates_to_exists"))
            continue
        parent = by_id[target]
        if row["relation"] == "part_of":
            if row["unit"] != parent["unit"]:
                problems.append(_problem(df, i, "unit", f"a part must have the unit of its total ({parent['unit']!r})",
                                         "part_unit"))
            elif row["value"] > parent["value"]:
                problems.append(_problem(df, i, "value", f"a part ({row['value']:g}) is larger than its total "
                                         f"{target!r} ({parent['value']:g})", "part_within_total"))
        elif row["relation"] == "share_of" and row["unit"] != "percent":
            problems.append(_problem(df, i, "unit", "a share_of row must be in 'percent'", "share_unit"))
        elif row["relation"] == "change_of" and row["unit"] not in CHANGE_UNITS:
            problems.append(_problem(df, i, "unit", f"a change_of row must be one of {', '.join(CHANGE_UNITS)}",
                                     "change_unit"))
    for target, group in df[df["relation"] == "part_of"].groupby("relates_to"):
        if target in by_id and len(group) > 1 and group["value"].sum() > by_id[target]["value"]:
            problems.append(f"parts of {target!r} add up to {group['value'].sum():g}, more than the total "
                            f"{by_id[target]['value']:g} (rule parts_within_total)")
    return problems


def _value_text_problems(df: pd.DataFrame) -> list[str]:
    """``value`` is ``value_text`` at full size; scale, hedge and direction agree with the words printed."""
    problems = []
    for i, row in zip(df.index, df.to_dict("records"), strict=True):
        try:
            reading = read_number(row["value_text"])
        except ValueError:
            problems.append(_problem(df, i, "value_text", f"{row['value_text']!r} is not a number as the source "
                                     "writes it (e.g. '47 434', '9,4', '4 447-сі', '4,5 тыс.', 'екі')",
                                     "value_text_number"))
            continue
        if reading.scale and reading.scale != row["scale"]:
            problems.append(_problem(df, i, "scale", f"value_text {row['value_text']!r} says {reading.scale!r}, "
                                     f"got {row['scale']!r}", "scale_word"))
        full = reading.printed * SCALES.get(row["scale"], 1)
        if abs(full - abs(row["value"])) > 1e-9 * max(1.0, full):
            problems.append(_problem(df, i, "value", f"{row['value']:g} does not match value_text "
                                     f"{row['value_text']!r} at scale {row['scale'] or 'none'!r} ({full:g})",
                                     "value_matches_text"))
        if row["qualifier"]:
            words = QUALIFIER_WORDS[row["qualifier"]]
            quote = " " + " ".join(normalize_text(row["quote"]).lower().replace("(", " ").split()) + " "
            if not any(f" {w} " in quote or f" {w}" in quote for w in words):
                problems.append(_problem(df, i, "qualifier", f"the quote has no word for {row['qualifier']!r} "
                                         f"(one of {', '.join(words)})", "qualifier_words"))
        if row["direction"]:
            said = direction_from_words(row["quote"])
            if said is not None and said != row["direction"]:
                problems.append(_problem(df, i, "direction", f"the quote's words say {said!r}, got "
                                         f"{row['direction']!r}", "direction_words"))
    return problems


def raw_dir_for(path: Path) -> Path:
    """The raw folder of a facts file: ``<data>/raw`` beside its ``<data>/facts`` folder, else the project's."""
    path = Path(path)
    beside = path.parent.parent / "raw"
    if path.parent.name == "facts" and beside.is_dir():
        return beside
    return RAW_DIR


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def provenance_problems(df: pd.DataFrame, raw_dir: Path = RAW_DIR) -> list[str]:
    """Each row traces back to its raw source (see the module docstring); one message per broken rule."""
    problems = []
    sources: dict[str, tuple[str | None, tuple[str, str] | None]] = {}
    for sid in dict.fromkeys(df["source_id"]):
        if not str(sid).strip():
            continue
        try:
            record = read_record(sid, raw_dir)
        except SourceRecordError as exc:
            sources[sid] = (None, (str(exc), "source_record"))
            continue
        file = record.get("file")
        raw_file = Path(raw_dir) / str(file) if file else None
        if raw_file is None or not raw_file.is_file() or raw_file.resolve().parent != Path(raw_dir).resolve():
            sources[sid] = (None, (f"source_id {sid!r}: its record {record['meta_file']} names no raw file in "
                                   f"{raw_dir} (key 'file': {file!r})", "source_file"))
            continue
        problem = None
        actual = _sha256(raw_file)
        if str(record.get("sha256", "")).lower() != actual:
            problem = (f"source_id {sid!r}: the sha256 in {record['meta_file']} does not match {raw_file.name} "
                       f"(recorded {record.get('sha256')!r}, file {actual})", "source_checksum")
        try:
            text = normalize_text(raw_file.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            sources[sid] = (None, (f"source_id {sid!r}: {raw_file.name} is not UTF-8 text", "source_file"))
            continue
        sources[sid] = (text, problem)
    reported = set()
    for i, row in df.iterrows():
        sid = row["source_id"]
        if sid not in sources:
            continue
        text, problem = sources[sid]
        if problem and (sid, problem) not in reported:
            reported.add((sid, problem))
            problems.append(_problem(df, i, "source_id", *problem))
        quote = normalize_text(row["quote"])
        if text is not None and quote and quote not in text:
            problems.append(_problem(df, i, "quote", f"the quote does not occur in the raw text of {sid!r}: "
                                     f"{row['quote']!r}", "quote_in_source"))
        if row["value_text"] and normalize_text(row["value_text"]) not in quote:
            problems.append(_problem(df, i, "quote", f"does not contain value_text {row['value_text']!r}",
                                     "value_text_in_quote"))
    return problems


def validate_facts(df: pd.DataFrame, path: str | os.PathLike = "<facts>", raw_dir: Path | None = RAW_DIR,
                   ) -> pd.DataFrame:
    """Check a facts table read as text; return it typed, or raise FactsValidationError naming every problem.

    ``raw_dir`` is where the raw sources and their records are; ``None`` skips the provenance checks (for
    tables built in memory that have no raw text).
    """
    problems = _empty_problems(df) + text_problems(df)
    period_problems, typed = _period_problems(df)
    problems += period_problems
    if raw_dir is not None:
        problems += provenance_problems(df, raw_dir)
    try:
        typed = FACTS_SCHEMA.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise FactsValidationError(path, problems + _schema_problems(df, exc)) from None
    problems += relation_problems(typed)
    problems += _row_rule_problems(typed) + _relation_problems(typed) + _value_text_problems(typed)
    if problems:
        raise FactsValidationError(path, list(dict.fromkeys(problems)))
    return typed


def load_facts(paths: str | os.PathLike | Iterable[str | os.PathLike], provenance: bool = True) -> pd.DataFrame:
    """Read and validate one or more facts files into one table.

    Each file is validated alone (so a message names its file and row), then together (ids stay unique).
    A ``source_file`` column records which file each row came from. With ``provenance`` (the default) every row
    is traced to its raw source (see :func:`provenance_problems`).
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    frames = []
    for p in paths:
        path = resolve_path(p)
        frame = validate_facts(_read_csv(path), path, raw_dir_for(path) if provenance else None)
        frames.append(frame.assign(source_file=path.name))
    if not frames:
        raise FactsFileError("no facts file given; expected at least one CSV file")
    facts = pd.concat(frames, ignore_index=True)
    dupes = facts.loc[facts["fact_id"].duplicated(), "fact_id"].tolist()
    if dupes:
        raise FactsValidationError(", ".join(str(p) for p in paths),
                                   [f"fact_id {d!r} appears in more than one file" for d in dupes])
    return facts


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
