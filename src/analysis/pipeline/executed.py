"""What the runner does with an executed notebook: make it a function of its inputs, or describe its failure.

Also the lock that lets one run at a time execute a notebook whose cache entry is missing.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path


def normalize_executed(path: Path, replacements: dict[str, str], parameters: dict) -> None:
    """Make an executed notebook a function of its inputs: no timestamps, no random ids, no staging paths.

    papermill records start and end times per cell and per notebook and gives the injected cell a random id;
    the kernel saw the staging folder's path, which the published notebook names by its final place.
    """
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1])
    nb = json.loads(text)
    pm = nb.get("metadata", {}).get("papermill", {})
    nb["metadata"]["papermill"] = {"parameters": parameters, "default_parameters": pm.get("default_parameters", {}),
                                   "version": pm.get("version")}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if "injected-parameters" in meta.get("tags", []):
            cell["id"] = "injected-parameters"
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def failure_message(set_name: str, notebook: Path, exc: BaseException, kept: Path | None, name: str = "") -> str:
    where = f"{set_name}: notebook {name or notebook.name}"
    if hasattr(exc, "ename") and hasattr(exc, "cell_index"):
        # papermill counts the injected cell; the index below is the cell's in the notebook as written.
        index = _source_cell_index(notebook, exc.cell_index, exc.source)
        first = next((line.strip() for line in str(exc.source).splitlines() if line.strip()), "")
        evalue = str(exc.evalue).strip().splitlines()[0] if str(exc.evalue).strip() else ""
        what = f"failed in cell {index} ({first[:80]!r}): {exc.ename}" + (f": {evalue}" if evalue else "")
    else:
        what = f"failed: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    keep = f"; the executed notebook is kept in {kept}" if kept else ""
    return f"{where} {what}{keep}; the previous report of {set_name} is unchanged"


def _source_cell_index(notebook: Path, executed_index: int, source: str) -> int:
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return executed_index
    texts = ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")
             for c in cells]
    candidates = [i for i, t in enumerate(texts) if t == source]
    if candidates:
        return min(candidates, key=lambda i: abs(i - executed_index))
    return executed_index


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on ``path`` (created if missing); a no-op where ``fcntl`` is missing."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
