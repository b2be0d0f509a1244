"""Shared fixtures: the bundled raw source, its facts table and a writer for bad facts files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.config import DEFAULT_FACTS, RAW_DIR
from analysis.core.facts import COLUMNS, load_facts

RAW_FILE = RAW_DIR / "kazinform-2026-01-08-astana-courts.kk.txt"


@pytest.fixture(scope="session")
def raw_text() -> str:
    return RAW_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def facts():
    return load_facts(DEFAULT_FACTS)


@pytest.fixture
def fact_rows() -> list[dict]:
    """The bundled facts as a list of editable dicts (text values, as in the file)."""
    with DEFAULT_FACTS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def write_facts(tmp_path):
    """Write rows (dicts) to a facts CSV in tmp_path and return its path."""

    def write(rows: list[dict], name: str = "facts.csv", columns=COLUMNS) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write
