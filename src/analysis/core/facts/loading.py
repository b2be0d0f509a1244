"""Reading facts files and checking them in every pass, each problem of each pass reported together."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ...config import RAW_DIR, resolve_path
from ...errors import FactsFileError, FactsValidationError
from ..fact_rules import relation_problems, text_problems
from .cells import empty_problems, period_problems, relation_target_problems, value_text_problems
from .provenance import provenance_problems, raw_dir_for
from .schema import COLUMNS, FACTS_SCHEMA, REQUIRED_TEXT, row_rule_problems, schema_problems


def read_facts_csv(path: Path) -> pd.DataFrame:
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



def validate_facts(df: pd.DataFrame, path: str | os.PathLike = "<facts>", raw_dir: Path | None = RAW_DIR,
                   ) -> pd.DataFrame:
    """Check a facts table read as text; return it typed, or raise FactsValidationError naming every problem.

    ``raw_dir`` is where the raw sources and their records are; ``None`` skips the provenance checks (for
    tables built in memory that have no raw text).
    """
    problems = empty_problems(df, REQUIRED_TEXT) + text_problems(df)
    in_periods, typed = period_problems(df)
    problems += in_periods
    if raw_dir is not None:
        problems += provenance_problems(df, raw_dir)
    try:
        typed = FACTS_SCHEMA.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise FactsValidationError(path, problems + schema_problems(df, exc)) from None
    problems += relation_problems(typed)
    problems += row_rule_problems(typed) + relation_target_problems(typed) + value_text_problems(typed)
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
        frame = validate_facts(read_facts_csv(path), path, raw_dir_for(path) if provenance else None)
        frames.append(frame.assign(source_file=path.name))
    if not frames:
        raise FactsFileError("no facts file given; expected at least one CSV file")
    facts = pd.concat(frames, ignore_index=True)
    dupes = facts.loc[facts["fact_id"].duplicated(), "fact_id"].tolist()
    if dupes:
        raise FactsValidationError(", ".join(str(p) for p in paths),
                                   [f"fact_id {d!r} appears in more than one file" for d in dupes])
    return facts
