"""The record of which inputs and software produced a report (``manifest.json``), and the report's date.

Everything in a manifest except its ``timings`` section is a function of the inputs, so two runs on the same
inputs write the same manifest apart from the timings.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# The software whose version can change a report.
PACKAGES = ("analysis", "pandas", "numpy", "matplotlib", "seaborn", "pandera", "babel", "papermill", "nbclient",
            "nbconvert", "nbformat", "ipykernel", "jinja2", "weasyprint", "pyyaml")


def package_versions(names=PACKAGES) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(root: Path) -> str:
    """The commit of the project's working tree, with ``+dirty`` when tracked files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return "unknown"
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head.stdout.strip() + ("+dirty" if status.stdout.strip() else "")


def source_ids(facts_files: list[Path]) -> list[str]:
    """The ``source_id`` values of facts files, read with the csv module (no pandas needed)."""
    ids = []
    for path in facts_files:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                sid = (row.get("source_id") or "").strip()
                if sid and sid not in ids:
                    ids.append(sid)
    return ids


def read_source_meta(raw_dir: Path, ids: list[str]) -> dict:
    """The provenance record (``data/raw/*.meta.yaml``) of the facts' source; the latest published if several."""
    import yaml

    records = []
    for path in sorted(raw_dir.glob("*.meta.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict) and (not ids or data.get("source_id") in ids):
            records.append({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()})
    if not records:
        return {}
    return max(records, key=lambda r: str(r.get("published", "")))


def source_date_epoch(source: dict) -> int:
    """SOURCE_DATE_EPOCH when set, else midnight UTC of the source's publication date (never the clock)."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    published = str(source.get("published", "")).strip()
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        day = dt.date(1980, 1, 1)  # the ZIP epoch, as reproducible-builds tools use
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def generated_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date().isoformat()


def python_version() -> str:
    return sys.version.split()[0]


def write_manifest(path: Path, manifest: dict) -> None:
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
