"""Cache keys: the SHA-256 of everything that can change an entry's content.

A key covers the inputs of a notebook run, a checked facts table or a report export, so an entry is reused only
when nothing it depends on changed; a changed input simply gives a new key (entries are never updated in place).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Bump when the layout of an entry or the meaning of a key changes.
CACHE_VERSION = 2
# Folders of the package that never influence a result.
_SKIP_DIRS = {"__pycache__"}
# Notebook metadata that records a run rather than the notebook's content.
_RUN_METADATA = ("papermill", "execution", "collapsed", "scrolled", "widgets")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def digest(value) -> str:
    """SHA-256 of a JSON-able value in a canonical form (sorted keys, no whitespace)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return sha256_bytes(text.encode("utf-8"))


def tree_hashes(folder: Path, base: Path | None = None) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (bytecode caches skipped), keyed by path relative to ``base``."""
    base = base or folder
    hashes = {}
    if not folder.is_dir():
        return hashes
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            path = Path(root) / name
            hashes[path.relative_to(base).as_posix()] = sha256_file(path)
    return hashes


def notebook_source(path: str | os.PathLike) -> dict:
    """A notebook without outputs, execution counts, cell ids or run metadata: what its results depend on."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        metadata = {k: v for k, v in cell.get("metadata", {}).items() if k not in _RUN_METADATA}
        cells.append({"cell_type": cell.get("cell_type"), "source": "".join(source) if isinstance(source, list)
                      else source, "metadata": metadata})
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k not in _RUN_METADATA}
    return {"cells": cells, "metadata": metadata, "nbformat": nb.get("nbformat")}


@dataclass
class KeyInputs:
    """The inputs shared by every notebook run of one invocation, hashed once.

    Parameters
    ----------
    raw_dir : folder of raw data files the notebooks may read (every file counts).
    package_dir : the ``analysis`` package folder (its source, templates and catalogs).
    lock_file : the dependency lock (``requirements.txt``).
    python : the Python version string.
    """

    raw_dir: Path
    package_dir: Path
    lock_file: Path
    python: str = sys.version
    _memo: dict = field(default_factory=dict, repr=False)

    def _once(self, name, compute):
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    @property
    def raw(self) -> dict[str, str]:
        return self._once("raw", lambda: tree_hashes(self.raw_dir))

    @property
    def package(self) -> str:
        return self._once("package", lambda: digest(tree_hashes(self.package_dir)))

    @property
    def lock(self) -> str:
        return self._once("lock", lambda: sha256_file(self.lock_file) if self.lock_file.is_file() else "absent")

    def file(self, path: Path) -> str:
        return self._once(("file", str(path)), lambda: sha256_file(path))

    def notebook(self, path: Path) -> str:
        return self._once(("nb", str(path)), lambda: digest(notebook_source(path)))

    def environment(self) -> dict:
        """The part of every key that does not depend on the notebook or the parameters."""
        return {"raw": self.raw, "package": self.package, "lock": self.lock, "python": self.python,
                "version": CACHE_VERSION}


def notebook_key(inputs: KeyInputs, notebook: Path, parameters: dict, facts: list[Path], extra=None) -> str:
    """The cache key of one notebook run.

    It covers the notebook's source without outputs, the resolved parameters, the content of the facts files
    and of the raw data, the package source, the lock file and the Python version (``extra`` adds anything else
    the kernel sees, such as SOURCE_DATE_EPOCH).
    """
    return digest({
        "kind": "notebook",
        "notebook": [notebook.name, inputs.notebook(notebook)],
        "parameters": parameters,
        "facts": [inputs.file(p) for p in facts],
        "environment": inputs.environment(),
        "extra": extra,
    })


def facts_key(inputs: KeyInputs, facts: list[Path], region: str | None = None) -> str:
    """The key of a checked facts table and its claim checks: the files' content, the region and the package."""
    return digest({"kind": "facts", "facts": [inputs.file(p) for p in facts], "package": inputs.package,
                   "lock": inputs.lock, "python": inputs.python, "version": CACHE_VERSION, "region": region})


def export_key(inputs: KeyInputs, executed: list[Path], meta: dict) -> str:
    """The key of a report export: the executed notebooks, the report meta and the package (templates)."""
    return digest({"kind": "export", "executed": [[p.name, sha256_file(p)] for p in executed], "meta": meta,
                   "package": inputs.package, "lock": inputs.lock, "python": inputs.python,
                   "version": CACHE_VERSION})
