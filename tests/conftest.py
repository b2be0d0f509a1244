"""Shared fixtures and helpers: the bundled raw source, its facts table, a writer for bad facts files, and what the
runner tests share (fixture notebooks, a stand-in export, a counting executor, a package snapshot, a report
checked against its manifest)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

import analysis
from analysis.config import DEFAULT_FACTS, RAW_DIR
from analysis.core.facts import COLUMNS, load_facts

RAW_FILE = RAW_DIR / "kazinform-2026-01-08-astana-courts.kk.txt"
# Two small notebooks that run in a few seconds: the runner's tests use them instead of the report's chapters.
FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
# Long enough that a truncated copy is detectably shorter.
STUB_PDF = b"%PDF-1.7 stand-in report\n" + b"0" * 2000 + b"\n%%EOF\n"


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
    """Write rows (dicts) to ``tmp_path/data/facts/<name>`` and return its path.

    Edited rows may quote words the source never printed, so beside the facts a synthetic ``data/raw`` holds, for
    each source the rows name, the source's text with the rows' quotes appended and a record with that text's
    checksum: the facts pass the provenance checks, and a test sees the rule it is about; the bundled facts'
    metadata is copied beside them. ``sources=False`` leaves both out (the project's raw sources then apply).
    """

    def write(rows: list[dict], name: str = "facts.csv", columns=COLUMNS, sources: bool = True) -> Path:
        folder = tmp_path / "data" / "facts"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        if sources:
            _write_sources(tmp_path / "data" / "raw", rows)
            meta = DEFAULT_FACTS.with_suffix(".meta.yaml")
            if meta.is_file():
                path.with_suffix(".meta.yaml").write_bytes(meta.read_bytes())
        return path

    return write


def _write_sources(raw: Path, rows: list[dict]) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for sid in dict.fromkeys(r.get("source_id", "") for r in rows):
        records = sorted(RAW_DIR.glob(f"{sid}.*.meta.yaml")) if sid else []
        if not records:
            continue
        record = yaml.safe_load(records[0].read_text(encoding="utf-8"))
        text = (RAW_DIR / record["file"]).read_text(encoding="utf-8")
        text += "\n" + "\n".join(r.get("quote", "") for r in rows if r.get("source_id") == sid) + "\n"
        (raw / record["file"]).write_text(text, encoding="utf-8")
        record["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        (raw / records[0].name).write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")


# -- the runner's tests -----------------------------------------------------------------------------------------

def stub_report(executed, out_dir, meta):
    """A stand-in for the HTML/PDF export: deterministic, instant, and records what it was given."""
    html = out_dir / "report.html"
    html.write_text(f"<html>{meta['name']} {meta['lang']} {meta['generated']} "
                    f"{[p.name for p in executed]}</html>\n", encoding="utf-8")
    pdf = out_dir / "report.pdf"
    pdf.write_bytes(STUB_PDF)
    return {"html": html, "pdf": pdf}


class Counting:
    """papermill's execute_notebook, counting which notebooks it ran."""

    def __init__(self):
        self.calls = []

    def __call__(self, input_path, output_path, **kwargs):
        import papermill

        self.calls.append(Path(input_path).name)
        return papermill.execute_notebook(input_path, output_path, **kwargs)


def package_snapshot(folder: Path) -> Path:
    """A copy of the package in ``folder``: cache keys hash the package's source, so a test's runs stay comparable
    while the package is edited."""
    package = folder / "package"
    if not package.exists():
        shutil.copytree(Path(analysis.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def assert_matches_manifest(folder: Path) -> None:
    """The report folder holds exactly the files its manifest lists, with those hashes, the report among them."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(manifest["outputs"]) == files, folder
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert {"report.html", "report.pdf", "facts.csv", "claims.csv"} <= files
