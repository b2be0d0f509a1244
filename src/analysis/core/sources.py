"""The raw sources' provenance records (``data/raw/<source_id>.<lang>.meta.yaml``): the one reader of them.

A record sits beside the raw text it describes (outlet, URL, date, title, language, speaker, sha256). A
``source_id`` names a record; it is an id, never a path, so it must match :data:`SOURCE_ID` and the record must
lie inside the raw folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from ..config import RAW_DIR
from ..errors import SourceRecordError
from .safe_yaml import load_file
from .text_safety import truncate

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def record_path(source_id: str, raw_dir: Path = RAW_DIR) -> Path:
    """The record file of ``source_id``; raises :class:`SourceRecordError` when the id is malformed or unknown."""
    if not isinstance(source_id, str) or not SOURCE_ID.fullmatch(source_id):
        raise SourceRecordError(f"source_id {truncate(repr(source_id), 80)}: expected lower-case letters, digits "
                                "and hyphens, such as kazinform-2026-01-08-astana-courts")
    root = Path(raw_dir).resolve()
    for path in sorted(root.glob(f"{source_id}.*.meta.yaml")):
        if path.resolve().parent == root:
            return path
    raise SourceRecordError(f"source_id {source_id!r}: no record {source_id}.<lang>.meta.yaml in {raw_dir}; "
                            "write one beside the raw text (see the README, 'Adding a new briefing')")


def read_record(source_id: str, raw_dir: Path = RAW_DIR) -> dict:
    """The record of ``source_id`` as a dict of plain values (dates as ISO text), with ``meta_file`` added."""
    path = record_path(source_id, raw_dir)
    data = load_file(path, SourceRecordError, path.name) or {}
    if not isinstance(data, dict):
        raise SourceRecordError(f"{path.name}: expected a mapping of fields (outlet, published, title, ...)")
    record = {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    published = record.get("published")
    if published not in (None, ""):
        try:
            dt.date.fromisoformat(str(published)[:10])
            if len(str(published)) > 10:
                dt.datetime.fromisoformat(str(published))
        except ValueError:
            raise SourceRecordError(f"{path.name}: field 'published': expected an ISO date such as 2026-01-08, "
                                    f"got {truncate(repr(published), 60)}") from None
    record.setdefault("source_id", source_id)
    record["meta_file"] = path.name
    return record


def raw_file(record: dict, raw_dir: Path = RAW_DIR) -> Path:
    """The raw text a record describes (its ``file`` field), which must be a file directly in the raw folder."""
    name = record.get("file")
    where = record.get("meta_file", record.get("source_id", "source record"))
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith("."):
        raise SourceRecordError(f"{where}: field 'file': expected the name of the raw text beside the record, "
                                f"got {truncate(repr(name), 80)}")
    root = Path(raw_dir).resolve()
    path = (root / name).resolve()
    if path.parent != root or not path.is_file():
        raise SourceRecordError(f"{where}: field 'file': no raw text {truncate(name, 80)} in the raw folder")
    return path


def verify_raw(record: dict, raw_dir: Path = RAW_DIR) -> Path:
    """Check that the raw text of ``record`` is byte for byte the one recorded (its ``sha256``); return its path.

    The runner calls this before any kernel starts and the notebooks when they load a record, so both read
    the same, unaltered text.
    """
    path = raw_file(record, raw_dir)
    where = record.get("meta_file", record.get("source_id", "source record"))
    expected = str(record.get("sha256", "")).strip().lower()
    if not SHA256.fullmatch(expected):
        raise SourceRecordError(f"{where}: field 'sha256': expected the 64 hex digits of the raw text's SHA-256, "
                                f"got {truncate(repr(record.get('sha256')), 80)}")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise SourceRecordError(f"{where}: the raw text {path.name} does not match its record (sha256 "
                                f"{actual[:12]}..., recorded {expected[:12]}...); the raw text is never edited: "
                                "restore it, or record the new text's sha256")
    return path


def read_verified_record(source_id: str, raw_dir: Path = RAW_DIR) -> dict:
    """The record of ``source_id`` after checking its raw text against the recorded sha256."""
    record = read_record(source_id, raw_dir)
    verify_raw(record, raw_dir)
    return record


def source_ids(facts_files: Iterable[Path]) -> list[str]:
    """The ``source_id`` values of facts files in order of appearance, read with the csv module (no pandas)."""
    ids: dict[str, None] = {}
    for path in facts_files:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            header = next(rows, [])
            if "source_id" not in header:
                continue
            at = len(header) - 1 - header[::-1].index("source_id")  # the last, as csv.DictReader reads it
            # Plain rows and a dict of ids: this runs before every run, on tables of any length.
            ids.update((row[at].strip(), None) for row in rows if len(row) > at)
    ids.pop("", None)
    return list(ids)


def primary_record(ids: Iterable[str], raw_dir: Path = RAW_DIR, strict: bool = False) -> dict:
    """The record a report is dated by: the latest published of ``ids`` that resolve; ``{}`` when none does.

    With ``strict``, every id must resolve to a record whose raw text matches it (:func:`read_verified_record`);
    the runner reads records this way, so it never dates a report by a record the notebooks would refuse.
    """
    records = []
    for sid in ids:
        if strict:
            records.append(read_verified_record(sid, raw_dir))
            continue
        try:
            records.append(read_record(sid, raw_dir))
        except SourceRecordError:
            continue
    return max(records, key=lambda r: str(r.get("published", ""))) if records else {}
