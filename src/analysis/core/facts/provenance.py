"""Provenance: each row of a facts table traces back to its raw source, byte for byte and word for word.

Each ``source_id`` resolves to a raw file and its record, the record's sha256 matches the file, each quote occurs
in the raw text and each ``value_text`` in its quote, after Unicode (NFC) and whitespace normalisation (no-break
spaces count as spaces).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ...config import RAW_DIR
from ...errors import SourceRecordError
from ..numbers import normalize_text
from ..sources import read_record
from .cells import columns, memo
from .problems import problem


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
    """Each row traces back to its raw source (the rules are the module's); one message per broken rule."""
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
        record_problem = None
        actual = _sha256(raw_file)
        if str(record.get("sha256", "")).lower() != actual:
            record_problem = (f"source_id {sid!r}: the sha256 in {record['meta_file']} does not match {raw_file.name} "
                       f"(recorded {record.get('sha256')!r}, file {actual})", "source_checksum")
        try:
            text = normalize_text(raw_file.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            sources[sid] = (None, (f"source_id {sid!r}: {raw_file.name} is not UTF-8 text", "source_file"))
            continue
        sources[sid] = (text, record_problem)
    reported = set()
    normal = memo(normalize_text)
    # Whether a quote occurs in its source, asked once per distinct (source, quote).
    in_source = memo(lambda sid_quote: sid_quote[1] in sources[sid_quote[0]][0])
    for i, row in zip(df.index, columns(df, "source_id", "quote", "value_text"), strict=True):
        sid = row["source_id"]
        if sid not in sources:
            continue
        text, record_problem = sources[sid]
        if record_problem and (sid, record_problem) not in reported:
            reported.add((sid, record_problem))
            problems.append(problem(df, i, "source_id", *record_problem))
        quote = normal(row["quote"])
        if text is not None and quote and not in_source((sid, quote)):
            problems.append(problem(df, i, "quote", f"the quote does not occur in the raw text of {sid!r}: "
                                    f"{row['quote']!r}", "quote_in_source"))
        if row["value_text"] and normal(row["value_text"]) not in quote:
            problems.append(problem(df, i, "quote", f"does not contain value_text {row['value_text']!r}",
                                    "value_text_in_quote"))
    return problems
