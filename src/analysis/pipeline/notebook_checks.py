"""Checks on committed notebooks: no outputs, one tagged parameters cell."""

from __future__ import annotations

import json
from pathlib import Path


def check_notebook(path: Path) -> list[str]:
    """Problems of one notebook file, as ``path: what`` lines."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{path}: not a readable notebook ({exc})"]
    problems = []
    code_cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    for i, cell in enumerate(code_cells, 1):
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{path}: code cell {i} carries outputs or an execution count; "
                            "clear outputs before committing")
    tagged = [c for c in code_cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        problems.append(f"{path}: expected exactly one code cell tagged 'parameters', found {len(tagged)}")
    elif code_cells and code_cells[0] is not tagged[0]:
        problems.append(f"{path}: the cell tagged 'parameters' must be the first code cell")
    return problems


def check_notebooks(folder: str | Path) -> list[str]:
    """Problems of every ``*.ipynb`` in ``folder`` (checkpoints ignored)."""
    paths = sorted(p for p in Path(folder).glob("*.ipynb"))
    return [problem for p in paths for problem in check_notebook(p)]
