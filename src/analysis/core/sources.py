"""The raw sources' provenance records (``data/raw/<source_id>.<lang>.meta.yaml``): the one reader of them.

A record sits beside the raw text it describes (outlet, URL, date, title, language, speaker, sha256). A
``source_id`` names a record; it is an id, never a path, so it must match :data:`SOURCE_ID` and the record must
lie inside the raw folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from ..config import RAW_DIR
from ..errors import SourceRecordError

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")


def record_path(source_id: str, raw_dir: Path = RAW_DIR) -> Path:
    """The record file of ``source_id``; raises :class:`SourceRecordError` when the id is malformed or unknown."""
    if not isinstance(source_id, str) or not SOURCE_ID.match(source_id):
        raise SourceRecordError(f"source_id {source_id!r}: expected lower-case letters, digits and hyphens, "
                                "such as kazinform-2026-01-08-astana-courts")
    root = Path(raw_dir).resolve()
    for path in sorted(root.glob(f"{source_id}.*.meta.yaml")):
        if path.resolve().parent == root:
            return path
    raise SourceRecordError(f"source_id {source_id!r}: no record {source_id}.<lang>.meta.yaml in {raw_dir}; "
                            "write one beside the raw text (see the README, 'Adding a new briefing')")


def read_record(source_id: str, raw_dir: Path = RAW_DIR) -> dict:
    """The record of ``source_id`` as a dict of plain values (dates as ISO text), with ``meta_file`` added."""
    import yaml

    path = record_path(source_id, raw_dir)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceRecordError(f"{path}: cannot read the source record ({exc})") from exc
    if not isinstance(data, dict):
        raise SourceRecordError(f"{path}: expected a mapping of fields (outlet, published, title, ...)")
    record = {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    record.setdefault("source_id", source_id)
    record["meta_file"] = path.name
    return record


def source_ids(facts_files: Iterable[Path]) -> list[str]:
    """The ``source_id`` values of facts files in order of appearance, read with the csv module (no pandas)."""
    ids: list[str] = []
    for path in facts_files:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                sid = (row.get("source_id") or "").strip()
                if sid and sid not in ids:
                    ids.append(sid)
    return ids


def primary_record(ids: Iterable[str], raw_dir: Path = RAW_DIR) -> dict:
    """The record a report is dated by: the latest published of ``ids`` that resolve; ``{}`` when none does."""
    records = []
    for sid in ids:
        try:
            records.append(read_record(sid, raw_dir))
        except SourceRecordError:
            continue
    return max(records, key=lambda r: str(r.get("published", ""))) if records else {}
